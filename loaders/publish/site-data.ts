// What the site's data loaders publish, read from the warehouse (Node only).
// Pages receive these small files, never the database.
import type { DuckDBConnection } from "@duckdb/node-api";
import { readFileSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../configuration.js";
import {
  readCommunePlaces,
  readDepartements,
  readGeoJson,
  readRegions,
  DEPARTEMENTS_GEOJSON,
  type GeoJson,
} from "../geo/load.js";
import { computeIndicators, type IndicatorRow } from "../indicators/compute.js";
import { INDICATORS } from "../indicators/sql.js";
import { RULES, ruleColumn } from "../referentiel/rules.js";
import { openWarehouse } from "../warehouse/db.js";
import { nodeEngine } from "../warehouse/node-engine.js";
import { loadReferentiel } from "../configuration.js";
import { seuilsRow } from "../referentiel/seuils.js";
import { SECRET } from "./disclosure.js";
import { dateInWords } from "../../src/lib/format.js";
import { tempTable } from "../warehouse/temp-table.js";
import {
  PUBLIC_BREAKDOWNS,
  PUBLIC_INDICATORS,
  publicIndicators,
  type Publication,
} from "./audience.js";
import {
  ACTIONS_LIST,
  AGREED_UNANSWERED,
  BREAKDOWNS,
  OUTSIDE_LIST,
  REJECTS,
  RURAL_MISMATCH,
  WARNINGS,
} from "./sql.js";

export async function withSiteDb<T>(
  body: (c: DuckDBConnection) => Promise<T>,
  db: string,
): Promise<T> {
  const warehouse = await openWarehouse(db, { create: false, readOnly: true });
  try {
    return await body(warehouse.connection);
  } finally {
    warehouse.close();
  }
}

export async function rows(c: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await c.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

/** Indicators per département, région and France, with what pages need to label them. */
export async function indicatorsData(publication: Publication, db: string) {
  const [departements, regions] = await Promise.all([readDepartements(), readRegions()]);
  return withSiteDb(async (c) => {
    let parDepartement: Record<string, unknown>[] = await computeIndicators(
      nodeEngine(c),
      departements,
      null,
    );
    let parRegion: Record<string, unknown>[] = (
      await computeIndicators(nodeEngine(c), departements, null, regions)
    ).filter((r) => r.departement !== "FR");
    if (publication.audience === "public") {
      const regionOf = new Map(departements.map((d) => [d.code, d.region]));
      ({ parDepartement, parRegion } = await publicIndicators(
        parDepartement as IndicatorRow[],
        parRegion as IndicatorRow[],
        regionOf,
        publication.threshold,
      ));
    }
    const campagnes = [...new Set(parDepartement.map((r) => String(r.campagne)))].sort();
    const population = new Map(departements.map((d) => [d.code, d.population]));
    population.set(
      "FR",
      departements.reduce((s, d) => s + d.population, 0),
    );
    const regionPopulation = new Map<string, number>();
    for (const d of departements)
      regionPopulation.set(d.region, (regionPopulation.get(d.region) ?? 0) + d.population);
    const referentiel = await loadReferentiel();
    return {
      audience: publication.audience,
      campagnes,
      indicateurs: publication.audience === "public" ? PUBLIC_INDICATORS : INDICATORS,
      regles: RULES.map((r) => ({
        id: r.id,
        nom: r.nom,
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
        population: d.population,
      })),
      regions,
      parDepartement: withRates(parDepartement, population),
      parRegion: withRates(parRegion, regionPopulation),
      /** What each rule expects, per campagne (the thresholds in force), in town and in rural areas. */
      seuils: Object.fromEntries(
        campagnes.map((campagne) => {
          const row = seuilsRow(referentiel, campagne, "FR");
          return [
            campagne,
            Object.fromEntries(
              RULES.map((r) => [
                r.id,
                { urbain: r.expected(row, false), rural: r.expected(row, true) },
              ]),
            ),
          ];
        }),
      ),
    };
  }, db);
}

/**
 * Rates that compare départements of different sizes: children per 10,000
 * inhabitants (Insee's population). Secret when the count is: derived values
 * follow their source's disclosure.
 */
export function withRates(
  rows: Record<string, unknown>[],
  population: Map<string, number>,
): Record<string, unknown>[] {
  return rows.map((r) => {
    const people = population.get(String(r.departement));
    const enfants = r.enfants;
    const rate =
      enfants === SECRET
        ? SECRET
        : typeof enfants === "number" && people
          ? (enfants / people) * 10_000
          : null;
    return { ...r, enfants_pour_10000: rate };
  });
}

/**
 * The share of girls among the children of the collectifs that report it, per
 * campagne and zone; in the public build at France level only, and secret
 * when either count is (from 1 to the threshold).
 */
export function girlsShare(
  rows: Record<string, unknown>[],
  publication: Publication,
): Record<string, unknown>[] {
  const value = (r: Record<string, unknown> | undefined) =>
    typeof r?.valeur === "number" ? r.valeur : 0;
  const zones = new Map<
    string,
    { filles?: Record<string, unknown>; enfants?: Record<string, unknown> }
  >();
  for (const r of rows) {
    if (r.modalite !== "Renseigné") continue;
    const zone = `${r.campagne}|${r.departement}`;
    const z = zones.get(zone) ?? {};
    if (r.dimension === "filles") z.filles = r;
    if (r.dimension === "enfants_filles_renseigne") z.enfants = r;
    zones.set(zone, z);
  }
  const out: Record<string, unknown>[] = [];
  for (const [zone, z] of zones) {
    const [campagne, departement] = zone.split("|");
    if (publication.audience === "public" && departement !== "FR") continue;
    const filles = value(z.filles);
    const enfants = value(z.enfants);
    const small = (n: number) => n >= 1 && n <= publication.threshold;
    const secret = publication.audience === "public" && (small(filles) || small(enfants));
    out.push({
      campagne,
      departement,
      dimension: "part_filles",
      modalite: "Part des filles",
      valeur: secret ? SECRET : enfants > 0 ? filles / enfants : null,
    });
  }
  return out;
}

export async function breakdownsData(publication: Publication, db: string) {
  const all = await withSiteDb((c) => rows(c, BREAKDOWNS), db);
  const shares = girlsShare(all, publication);
  return [
    ...(publication.audience === "public"
      ? all.filter((r) => PUBLIC_BREAKDOWNS.includes(String(r.dimension)))
      : all),
    ...shares,
  ];
}

/**
 * The actions of every département, with conformity: one list per département.
 * Internal only: a public build gets empty lists; a build limited to some
 * départements gets only theirs.
 */
export async function actionsByDepartement(
  publication: Publication,
  db: string,
): Promise<Map<string, Record<string, unknown>[]>> {
  const visible = (dep: string) =>
    publication.audience === "interne" &&
    (publication.departements.length === 0 || publication.departements.includes(dep));
  const list = (await withSiteDb((c) => rows(c, ACTIONS_LIST), db)).filter((r) =>
    visible(String(r.departement)),
  );
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

export async function qualityData(publication: Publication, db: string) {
  if (publication.audience === "public")
    throw new Error("la qualité des données n'est pas publique");
  const visible = (r: Record<string, unknown>) =>
    publication.departements.length === 0 ||
    publication.departements.includes(String(r.departement));
  const communes = await readCommunePlaces();
  return withSiteDb(async (c) => {
    const columns = { code: "VARCHAR", rural: "BOOLEAN" } as const;
    await tempTable(
      c,
      "communes_densite",
      columns,
      communes.map((m) => [m.code, m.rural]),
    );
    return {
      rejets: (await rows(c, REJECTS)).filter(visible),
      avertissements: (await rows(c, WARNINGS)).filter(visible),
      milieuRural: (await rows(c, RURAL_MISMATCH)).filter(visible),
      sansReponse: (await rows(c, AGREED_UNANSWERED)).filter(visible),
      horsListe: (await rows(c, OUTSIDE_LIST)).filter(visible),
    };
  }, db);
}

/** Coordinates rounded; a ring's points that round to the previous one are dropped. */
function round(value: unknown, digits: number): unknown {
  if (typeof value === "number") return Math.round(value * 10 ** digits) / 10 ** digits;
  if (!Array.isArray(value)) return value;
  const rounded = value.map((v) => round(v, digits));
  if (!Array.isArray(rounded[0]) || typeof (rounded[0] as unknown[])[0] !== "number")
    return rounded;
  const ring = rounded as number[][];
  const kept = ring.filter(
    (p, i) =>
      i === 0 || i === ring.length - 1 || p[0] !== ring[i - 1]![0] || p[1] !== ring[i - 1]![1],
  );
  return kept.length >= 4 ? kept : ring;
}

/**
 * Département outlines: coordinates rounded to about 100 m (3 decimals) for the
 * choropleth, to about 1 km (2 decimals) for the base of the map of places.
 */
export async function departementsGeo(digits = 3): Promise<GeoJson> {
  const geo = await readGeoJson(DEPARTEMENTS_GEOJSON);
  return {
    type: "FeatureCollection",
    features: geo.features.map((f) => ({
      type: "Feature",
      properties: { code: f.properties.code!, nom: f.properties.nom! },
      geometry: { type: f.geometry.type, coordinates: round(f.geometry.coordinates, digits) },
    })),
  };
}

interface SiteConfig {
  fond_de_carte?: string | null;
  itineraire?: string | null;
  editeur?: string;
  contact?: string;
  hebergeur?: string;
}

export function readSiteConfig(): SiteConfig {
  return JSON.parse(
    readFileSync(path.join(PROJECT_ROOT, "config/site.json"), "utf8"),
  ) as SiteConfig;
}

/**
 * The optional basemap: `CLAS_FOND_DE_CARTE`, else `fond_de_carte` in
 * config/site.json (null by default: the map needs no server but the site's).
 */
export function basemapStyle(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.CLAS_FOND_DE_CARTE) return env.CLAS_FOND_DE_CARTE;
  return readSiteConfig().fond_de_carte ?? null;
}

/**
 * The optional routing service of the « y aller » link: a URL with `{lat}`
 * and `{lon}` (`itineraire` in config/site.json, `CLAS_ITINERAIRE`); null by
 * default: no link.
 */
export function routingUrl(env: NodeJS.ProcessEnv = process.env): string | null {
  const url = env.CLAS_ITINERAIRE ?? readSiteConfig().itineraire ?? null;
  return url && /^https:\/\//.test(url) && url.includes("{lat}") && url.includes("{lon}")
    ? url
    : null;
}

/** Who publishes the site and whom to contact (config/site.json), and the build's dates in words. */
export function siteConfig(build: {
  /** The build's day (AAAA-MM-JJ). */
  construitLe: string;
  /** The day of the latest ingest (AAAA-MM-JJ), or null. */
  extraitLe: string | null;
  /** Whether the build prints each bilan to a PDF (`clas build --pdf`): the pages link it. */
  pdf: boolean;
}) {
  const config = readSiteConfig();
  return {
    editeur: config.editeur ?? "",
    contact: config.contact ?? "",
    hebergeur: config.hebergeur ?? "",
    construitLe: dateInWords(build.construitLe),
    /** The day of the latest ingest, in words (the charts' source line), or null. */
    extraitLe: build.extraitLe ? dateInWords(build.extraitLe) : null,
    pdf: build.pdf,
  };
}
