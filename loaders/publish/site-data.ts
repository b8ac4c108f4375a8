// What the site's data loaders publish, read from the warehouse (Node only).
// Pages receive these small files, never the database.
import type { DuckDBConnection } from "@duckdb/node-api";
import {
  readCommunePlaces,
  readDepartements,
  readGeoJson,
  readRegions,
  DEPARTEMENTS_GEOJSON,
  type GeoJson,
} from "../geo/load.js";
import { computeIndicators } from "../indicators/compute.js";
import { INDICATORS } from "../indicators/sql.js";
import { RULES, ruleColumn } from "../referentiel/rules.js";
import { DEFAULT_DB, openWarehouse } from "../warehouse/db.js";
import { ACTIONS_LIST, BREAKDOWNS, REJECTS, RURAL_MISMATCH, WARNINGS } from "./sql.js";

/** The database the site is built from: `CLAS_DB`, set by `clas build`. */
export function siteDb(env: NodeJS.ProcessEnv = process.env): string {
  return env.CLAS_DB ?? DEFAULT_DB;
}

export async function withSiteDb<T>(body: (c: DuckDBConnection) => Promise<T>): Promise<T> {
  const warehouse = await openWarehouse(siteDb(), { create: false });
  try {
    return await body(warehouse.connection);
  } finally {
    warehouse.close();
  }
}

async function rows(c: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await c.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

/** Indicators per département, région and France, with what pages need to label them. */
export async function indicatorsData() {
  const [departements, regions] = await Promise.all([readDepartements(), readRegions()]);
  return withSiteDb(async (c) => {
    const parDepartement = await computeIndicators(c, departements, null);
    const parRegion = (await computeIndicators(c, departements, null, regions)).filter(
      (r) => r.departement !== "FR",
    );
    const campagnes = [...new Set(parDepartement.map((r) => String(r.campagne)))].sort();
    return {
      campagnes,
      indicateurs: INDICATORS,
      regles: RULES.map((r) => ({
        id: r.id,
        colonne: `taux_${ruleColumn(r)}`,
        unite: r.unit,
        niveau: r.level,
        libelle: r.label,
        citation: r.quote,
      })),
      departements: departements.map((d) => ({
        code: d.code,
        nom: d.nom,
        region: d.region,
        partRurale: d.partRurale,
      })),
      regions,
      parDepartement,
      parRegion,
    };
  });
}

export async function breakdownsData() {
  return withSiteDb((c) => rows(c, BREAKDOWNS));
}

/** The actions of every département, with conformity: one list per département (internal). */
export async function actionsByDepartement(): Promise<Map<string, Record<string, unknown>[]>> {
  const list = await withSiteDb((c) => rows(c, ACTIONS_LIST));
  // every département gets its file, empty or not: each has its page
  const out = new Map<string, Record<string, unknown>[]>(
    (await readDepartements()).map((d) => [d.code, []]),
  );
  for (const row of list) {
    const dep = String(row.departement);
    out.set(dep, [...(out.get(dep) ?? []), row]);
  }
  return out;
}

export async function qualityData() {
  const communes = await readCommunePlaces();
  return withSiteDb(async (c) => {
    await c.run("CREATE OR REPLACE TEMP TABLE communes_densite (code VARCHAR, rural BOOLEAN)");
    const appender = await c.createAppender("communes_densite");
    for (const commune of communes) {
      appender.appendVarchar(commune.code);
      if (commune.rural === null) appender.appendNull();
      else appender.appendBoolean(commune.rural);
      appender.endRow();
    }
    appender.flushSync();
    appender.closeSync();
    return {
      rejets: await rows(c, REJECTS),
      avertissements: await rows(c, WARNINGS),
      milieuRural: await rows(c, RURAL_MISMATCH),
    };
  });
}

function round(value: unknown, digits: number): unknown {
  if (typeof value === "number") return Math.round(value * 10 ** digits) / 10 ** digits;
  return Array.isArray(value) ? value.map((v) => round(v, digits)) : value;
}

/** Département outlines, coordinates rounded to about 100 m: enough for a choropleth. */
export async function departementsGeo(): Promise<GeoJson> {
  const geo = await readGeoJson(DEPARTEMENTS_GEOJSON);
  return {
    type: "FeatureCollection",
    features: geo.features.map((f) => ({
      type: "Feature",
      properties: { code: f.properties.code!, nom: f.properties.nom! },
      geometry: { type: f.geometry.type, coordinates: round(f.geometry.coordinates, 3) },
    })),
  };
}
