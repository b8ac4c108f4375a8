// What the warehouse's code needs of a SQL engine: DuckDB in Node (node-engine.ts)
// and DuckDB-Wasm in the page (check/wasm-engine.ts) behind one interface, so
// that the ingest, the rules and the indicators are the same code on both.

/** The column types rows are appended in. */
export type ColumnType =
  "VARCHAR" | "INTEGER" | "BOOLEAN" | "DOUBLE" | "DATE" | "DECIMAL(18,2)" | "TIMESTAMP";

/**
 * An appended cell: text, number, boolean; a DATE as `AAAA-MM-JJ`; money
 * (DECIMAL(18,2)) as a bigint of cents; a TIMESTAMP as a Date.
 */
export type Cell = string | number | boolean | bigint | Date | null;

export interface Appender {
  /** One row, a cell per column, in the table's column order. */
  row(cells: Cell[]): void;
  /** Writes what is left; the appender is done. */
  close(): Promise<void>;
}

export interface SqlEngine {
  /**
   * Where it runs: DuckDB in Node (a query on several threads) or DuckDB-Wasm in the page
   * (one thread). Some queries have two forms, each the faster on one of them.
   */
  readonly runtime: "node" | "wasm";
  /** One or more statements. */
  exec(sql: string): Promise<void>;
  /** A query's rows as plain objects (numbers, text, booleans). */
  query(sql: string): Promise<Record<string, unknown>[]>;
  /** Appends rows to an existing table (of the attached `database` when given). */
  appender(table: string, types: ColumnType[], database?: string): Promise<Appender>;
}

/** Appends `rows` to `table` and closes the appender. */
export async function appendAll(
  engine: SqlEngine,
  table: string,
  types: ColumnType[],
  rows: Iterable<Cell[]>,
  database?: string,
): Promise<void> {
  const appender = await engine.appender(table, types, database);
  for (const row of rows) appender.row(row);
  await appender.close();
}

/** Runs `work` in a transaction: committed whole, or rolled back on any error. */
export async function inTransaction<T>(engine: SqlEngine, work: () => Promise<T>): Promise<T> {
  await engine.exec("BEGIN TRANSACTION");
  try {
    const result = await work();
    await engine.exec("COMMIT");
    return result;
  } catch (error) {
    await engine.exec("ROLLBACK");
    throw error;
  }
}
