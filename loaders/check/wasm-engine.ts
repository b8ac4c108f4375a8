// The SQL engine on DuckDB-Wasm: appended rows reach it as Arrow tables (text
// for dates, money and times, cast by SQL). Works with the browser's async
// connection and with the blocking Node build used in tests.
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
import { centsText } from "../export/money.js";
import type { Cell, ColumnType, SqlEngine } from "../warehouse/engine.js";

/** What the engine needs of DuckDB-Wasm (async in the browser, sync in Node). */
export interface WasmConnection {
  query(sql: string): Table | Promise<Table>;
  /** Arrow IPC bytes, so that the Arrow library of the page and DuckDB-Wasm's need not be the same instance. */
  insertArrowFromIPCStream(
    buffer: Uint8Array,
    options: { name: string; create?: boolean },
  ): unknown;
  /** Makes `bytes` readable by SQL as the file `name` (DuckDB-Wasm's `registerFileBuffer`). */
  registerFileBuffer(name: string, bytes: Uint8Array): unknown;
  dropFile(name: string): unknown;
}

/** How a column type travels in Arrow, and a cell as that. */
const ARROW: Record<ColumnType, [() => DataType, (v: NonNullable<Cell>) => unknown]> = {
  VARCHAR: [() => new Utf8(), (v) => String(v)],
  INTEGER: [() => new Int32(), (v) => v],
  DOUBLE: [() => new Float64(), (v) => v],
  BOOLEAN: [() => new Bool(), (v) => v],
  DATE: [() => new Utf8(), (v) => v],
  "DECIMAL(18,2)": [() => new Utf8(), (v) => centsText(v as bigint)],
  TIMESTAMP: [() => new Utf8(), (v) => (v as Date).toISOString().replace("T", " ").slice(0, 23)],
};

/** Rows appended at once. */
const BATCH = 50_000;

function plain(value: unknown): unknown {
  return typeof value === "bigint" ? Number(value) : value;
}

export function wasmEngine(connection: WasmConnection): SqlEngine {
  let staged = 0;
  const insert = async (target: string, types: ColumnType[], rows: Cell[][]) => {
    const vectors = Object.fromEntries(
      types.map((t, i) => {
        const [type, value] = ARROW[t];
        const cells = rows.map((r) => {
          const v = r[i];
          return v === null || v === undefined ? null : value(v);
        });
        return [`c${i}`, vectorFromArray(cells, type())];
      }),
    );
    const staging = `chargement_${++staged}`;
    await connection.insertArrowFromIPCStream(tableToIPC(new Table(vectors), "stream"), {
      name: staging,
      create: true,
    });
    const cast = types.map((t, i) => `CAST(c${i} AS ${t})`).join(", ");
    await connection.query(
      `INSERT INTO ${target} SELECT ${cast} FROM ${staging}; DROP TABLE ${staging};`,
    );
  };
  return {
    runtime: "wasm",
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
    async appender(table, types, database) {
      const target = database ? `${database}.${table}` : table;
      let rows: Cell[][] = [];
      let pending: Promise<void> = Promise.resolve();
      return {
        row(cells) {
          rows.push(cells);
          if (rows.length >= BATCH) {
            const full = rows;
            rows = [];
            pending = pending.then(() => insert(target, types, full));
          }
        },
        async close() {
          await pending;
          if (rows.length > 0) await insert(target, types, rows);
        },
      };
    },
  };
}
