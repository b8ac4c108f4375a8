// Runs the indicators SQL on a SQL engine: Node's DuckDB for the command line
// and the site, DuckDB-Wasm for the in-browser check (warehouse/engine.ts).
import { appendAll, type SqlEngine } from "../warehouse/engine.js";
import { sqlString } from "../warehouse/sql-text.js";
import { INDICATORS, indicatorsSql } from "./sql.js";

export type IndicatorRow = Record<string, string | number | null>;

export interface Zone {
  code: string;
  nom: string;
  /** The région of a département. */
  region?: string;
}

/** The zones a query joins on, as a temporary table (a read-only warehouse takes them too). */
async function fillZones(engine: SqlEngine, table: string, zones: Zone[]): Promise<void> {
  await engine.exec(
    `CREATE OR REPLACE TEMP TABLE ${table} (code VARCHAR, nom VARCHAR, region VARCHAR)`,
  );
  await appendAll(
    engine,
    table,
    ["VARCHAR", "VARCHAR", "VARCHAR"],
    zones.map((z) => [z.code, z.nom, z.region ?? null]),
    "temp",
  );
}

/** The indicators per département and France; per région too when `regions` is given. */
export async function computeIndicators(
  engine: SqlEngine,
  departements: Zone[],
  campagne: string | null,
  regions?: Zone[],
): Promise<IndicatorRow[]> {
  await fillZones(engine, "departements", departements);
  if (regions) await fillZones(engine, "regions", regions);
  const rows = await engine.query(
    indicatorsSql(
      regions ? "region" : "departement",
      campagne === null ? "NULL" : sqlString(campagne),
    ),
  );
  // the contract's key order, whatever the driver does
  return rows.map((row) =>
    Object.fromEntries(INDICATORS.map((k) => [k, (row[k] ?? null) as IndicatorRow[string]])),
  );
}
