// A temporary table filled from JavaScript values (reference data a query joins on).
import { BOOLEAN, VARCHAR, type DuckDBConnection } from "@duckdb/node-api";

export type TempValue = string | boolean | null | undefined;

export async function tempTable(
  connection: DuckDBConnection,
  name: string,
  columns: Record<string, "VARCHAR" | "BOOLEAN">,
  rows: Iterable<TempValue[]>,
): Promise<void> {
  const types = Object.values(columns);
  const definition = Object.entries(columns)
    .map(([c, t]) => `${c} ${t}`)
    .join(", ");
  await connection.run(`CREATE OR REPLACE TEMP TABLE ${name} (${definition})`);
  // in the temporary catalog: a read-only warehouse (a build) takes them too
  const appender = await connection.createAppender(name, "main", "temp");
  for (const row of rows) {
    row.forEach((v, i) => {
      if (types[i] === "BOOLEAN") appender.appendValue(v ?? null, BOOLEAN);
      else appender.appendValue(v === null || v === undefined ? null : String(v), VARCHAR);
    });
    appender.endRow();
  }
  appender.flushSync();
  appender.closeSync();
}
