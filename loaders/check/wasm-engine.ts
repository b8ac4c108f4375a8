// The check's SQL engine on DuckDB-Wasm: rows reach it as Arrow tables. Works
// with the browser's async connection and with the blocking Node build used in tests.
import {
  Bool,
  Float64,
  Int32,
  Table,
  tableToIPC,
  Utf8,
  vectorFromArray,
  type DataType,
} from "apache-arrow";
import type { ColumnType, SqlEngine } from "./engine.js";

/** What the check needs of a DuckDB-Wasm connection (async in the browser, sync in Node). */
export interface WasmConnection {
  query(sql: string): Table | Promise<Table>;
  /** Arrow IPC bytes, so that the Arrow library of the page and DuckDB-Wasm's need not be the same instance. */
  insertArrowFromIPCStream(
    buffer: Uint8Array,
    options: { name: string; create?: boolean },
  ): unknown;
}

const ARROW: Record<ColumnType, () => DataType> = {
  VARCHAR: () => new Utf8(),
  DOUBLE: () => new Float64(),
  INTEGER: () => new Int32(),
  BOOLEAN: () => new Bool(),
};

function plain(value: unknown): unknown {
  return typeof value === "bigint" ? Number(value) : value;
}

export function wasmEngine(connection: WasmConnection): SqlEngine {
  return {
    async exec(sql) {
      await connection.query(sql);
    },
    async query(sql) {
      const table = await connection.query(sql);
      return table.toArray().map((row) => {
        const object = row.toJSON() as Record<string, unknown>;
        for (const k of Object.keys(object)) object[k] = plain(object[k]);
        return object;
      });
    },
    async load(table, columns, rows) {
      await connection.query(`DROP TABLE IF EXISTS ${table}`);
      if (rows.length === 0) {
        // an empty Arrow table carries no batch to insert: declare the table instead
        await connection.query(
          `CREATE TABLE ${table} (${columns.map((c) => `${c.name} ${c.type}`).join(", ")})`,
        );
        return;
      }
      const vectors = Object.fromEntries(
        columns.map((c, i) => [
          c.name,
          vectorFromArray(
            rows.map((r) => r[i] ?? null),
            ARROW[c.type](),
          ),
        ]),
      );
      await connection.insertArrowFromIPCStream(tableToIPC(new Table(vectors), "stream"), {
        name: table,
        create: true,
      });
    },
  };
}
