// Runs the indicators SQL on a connection (Node's DuckDB; the browser's later).
import type { DuckDBConnection } from "@duckdb/node-api";
import { tempTable } from "../warehouse/temp-table.js";
import { INDICATORS, indicatorsSql } from "./sql.js";

export type IndicatorRow = Record<string, string | number | null>;

export interface Zone {
  code: string;
  nom: string;
  /** The région of a département. */
  region?: string;
}

function fillZones(connection: DuckDBConnection, table: string, zones: Zone[]): Promise<void> {
  const columns = { code: "VARCHAR", nom: "VARCHAR", region: "VARCHAR" } as const;
  return tempTable(
    connection,
    table,
    columns,
    zones.map((z) => [z.code, z.nom, z.region]),
  );
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
