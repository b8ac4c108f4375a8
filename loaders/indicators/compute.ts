// Runs the indicators SQL on a connection (Node's DuckDB; the browser's later).
import type { DuckDBConnection } from "@duckdb/node-api";
import { INDICATORS, indicatorsSql } from "./sql.js";

export type IndicatorRow = Record<string, string | number | null>;

export interface Zone {
  code: string;
  nom: string;
  /** The région of a département. */
  region?: string;
}

async function fillZones(
  connection: DuckDBConnection,
  table: string,
  zones: Zone[],
): Promise<void> {
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ${table} (code VARCHAR, nom VARCHAR, region VARCHAR)`,
  );
  const appender = await connection.createAppender(table);
  for (const z of zones) {
    appender.appendVarchar(z.code);
    appender.appendVarchar(z.nom);
    if (z.region === undefined) appender.appendNull();
    else appender.appendVarchar(z.region);
    appender.endRow();
  }
  appender.flushSync();
  appender.closeSync();
}

/** The indicators per département and France; per région too when `regions` is given. */
export async function computeIndicators(
  connection: DuckDBConnection,
  departements: Zone[],
  campagne: string | null,
  regions?: Zone[],
): Promise<IndicatorRow[]> {
  await fillZones(connection, "departements", departements);
  if (regions) await fillZones(connection, "regions", regions);
  const reader = await connection.runAndReadAll(indicatorsSql(regions ? "region" : "departement"), {
    campagne,
  });
  const rows = reader.getRowObjectsJson() as IndicatorRow[];
  // the contract's key order, whatever the driver does
  return rows.map((row) => Object.fromEntries(INDICATORS.map((k) => [k, row[k] ?? null])));
}
