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
  /**
   * Another connection to the same database (Node): its statements run beside this one's, on
   * another processor core. Absent where the engine has one thread (DuckDB-Wasm).
   */
  fork?(): Promise<ForkedEngine>;
}

export interface ForkedEngine {
  engine: SqlEngine;
  close(): void;
}

/**
 * `work` on each item, on up to `lanes` connections side by side when the engine forks, one
 * item after the other otherwise; the results in the items' order. After a failure no item is
 * started; the others end, the forked connections are closed, then the first error is thrown.
 */
export async function sideBySide<T, R>(
  engine: SqlEngine,
  lanes: number,
  items: readonly T[],
  work: (item: T, engine: SqlEngine) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  const forks: ForkedEngine[] = [];
  let next = 0;
  let failure = null as { error: unknown } | null;
  const lane = async (on: SqlEngine) => {
    while (next < items.length && failure === null) {
      const i = next++;
      try {
        results[i] = await work(items[i]!, on);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  try {
    const engines = [engine];
    while (engine.fork && engines.length < Math.min(lanes, items.length)) {
      const fork = await engine.fork();
      forks.push(fork);
      engines.push(fork.engine);
    }
    await Promise.all(engines.map(lane));
  } finally {
    for (const fork of forks) fork.close();
  }
  if (failure !== null) throw failure.error;
  return results;
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
