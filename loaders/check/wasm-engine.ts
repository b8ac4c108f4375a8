// The SQL engine on DuckDB-Wasm: appended rows reach it as Arrow tables (text
// for dates, money and times, cast by SQL). Works with the browser's async
// connection and with the blocking Node build used in tests.
import {
  Bool,
  Float64,
  Int32,
  Table,
  tableToIPC,
  Type,
  Utf8,
  vectorFromArray,
  type DataType,
  type Vector,
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

const utf8 = new TextDecoder();

/**
 * A text column's values: each cell's bytes read as Latin letters when they are all ASCII
 * (most of a Clas export's cells), else decoded — what Arrow's own `get` gives, without its
 * decoder's cost for every short cell.
 */
function textColumn(vector: Vector): (string | null)[] {
  const out: (string | null)[] = [];
  for (const data of vector.data) {
    const offsets = data.valueOffsets as Int32Array;
    const bytes = data.values as Uint8Array;
    for (let i = 0; i < data.length; i++) {
      if (!data.getValid(i)) {
        out.push(null);
        continue;
      }
      const start = offsets[i]!;
      const end = offsets[i + 1]!;
      // a long cell goes to the decoder (and never as too many arguments)
      let ascii = end - start <= 1024;
      for (let k = start; k < end && ascii; k++) ascii = bytes[k]! < 0x80;
      const cell = bytes.subarray(start, end);
      out.push(
        ascii ? String.fromCharCode.apply(null, cell as unknown as number[]) : utf8.decode(cell),
      );
    }
  }
  return out;
}

/**
 * A result's rows as plain objects (64-bit integers as numbers), read column by column: Arrow's
 * row proxies (`toArray()`, then `toJSON()`) took 0.29–0.49 s on the scale-1 check's largest
 * results (its explanations: 4,271 actions of 56 columns, 16,872 collectifs of 26), this
 * 0.16–0.27 s (DuckDB-Wasm's Node build, three checks). Every row is a copy of one template,
 * so that they share one shape (rows built key by key took 0.14–0.21 s alone).
 */
export function rowsOf(table: {
  numRows: number;
  schema: { fields: { name: string }[] };
  getChildAt(i: number): Vector | null;
}): Record<string, unknown>[] {
  const names = table.schema.fields.map((f) => f.name);
  const columns = names.map((_, i) => {
    const vector = table.getChildAt(i)!;
    if (vector.type.typeId === Type.Utf8) return textColumn(vector);
    const values: unknown[] = [];
    // chunk after chunk (`get` would look for each row's chunk)
    for (const value of vector) values.push(plain(value));
    return values;
  });
  const template = Object.fromEntries(names.map((n) => [n, null]));
  const rows = new Array<Record<string, unknown>>(table.numRows);
  for (let r = 0; r < table.numRows; r++) {
    const row: Record<string, unknown> = { ...template };
    for (let c = 0; c < names.length; c++) row[names[c]!] = columns[c]![r];
    rows[r] = row;
  }
  return rows;
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
      return rowsOf(await connection.query(sql));
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
