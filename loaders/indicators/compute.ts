// Runs the indicators SQL on a connection (Node's DuckDB; the browser's later).
import type { DuckDBConnection } from "@duckdb/node-api";
import { INDICATORS, indicatorsSql } from "./sql.js";

export type IndicatorRow = Record<string, string | number | null>;

export async function computeIndicators(
  connection: DuckDBConnection,
  departements: { code: string; nom: string }[],
  campagne: string | null,
): Promise<IndicatorRow[]> {
  await connection.run("CREATE OR REPLACE TEMP TABLE departements (code VARCHAR, nom VARCHAR)");
  const appender = await connection.createAppender("departements");
  for (const d of departements) {
    appender.appendVarchar(d.code);
    appender.appendVarchar(d.nom);
    appender.endRow();
  }
  appender.flushSync();
  appender.closeSync();
  const reader = await connection.runAndReadAll(indicatorsSql(), { campagne });
  const rows = reader.getRowObjectsJson() as IndicatorRow[];
  // the contract's key order, whatever the driver does
  return rows.map((row) => Object.fromEntries(INDICATORS.map((k) => [k, row[k] ?? null])));
}
