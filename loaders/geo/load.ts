// Reads the reference geodata from the folder named by CLAS_GEO_DIR (Node only).
import { csvParseRows } from "d3-dsv";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { createCommuneReference, type Commune, type CommuneReference } from "./communes.js";

/** The reference geodata cannot be read: nothing can be validated without it. */
export class GeoDataError extends Error {}

export const COMMUNES_FILE = "communes-cog2026-centroides-densite.csv";
export const DEPARTEMENTS_FILE = "departements-part-rurale-grille2024.csv";

export function geoDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.CLAS_GEO_DIR ?? "../shared/geo");
}

/** Each reference file's cells, read once per process (a build reads the communes five times). */
const parsed = new Map<string, Promise<string[][]>>();

async function readCells(file: string): Promise<string[][]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    parsed.delete(file);
    throw new GeoDataError(
      `données géographiques de référence introuvables : ${file} (définir CLAS_GEO_DIR sur leur dossier, voir le README)`,
    );
  }
  // RFC 4180 as d3-dsv reads it: a quoted name holding a comma stays one cell
  return csvParseRows(text.replace(/^\ufeff/, "")).filter(
    (cells) => cells.length > 1 || cells[0] !== "",
  );
}

/** The named columns of one of the reference CSV files. */
async function readReferenceCsv(dir: string, name: string, columns: string[]): Promise<string[][]> {
  const file = path.join(dir, name);
  if (!parsed.has(file)) parsed.set(file, readCells(file));
  const [header = [], ...lines] = await parsed.get(file)!;
  const indexes = columns.map((c) => header.indexOf(c));
  if (indexes.some((i) => i < 0))
    throw new GeoDataError(`${file} : colonnes ${columns.join(", ")} attendues`);
  return lines.map((cells) => indexes.map((i) => cells[i] ?? ""));
}

/** The current communes (code, name, département) of the reference list. */
export async function readCommunes(dir: string): Promise<Commune[]> {
  const rows = await readReferenceCsv(dir, COMMUNES_FILE, ["code_insee", "nom", "departement"]);
  return rows.map(([code, nom, departement]) => ({
    code: code!,
    nom: nom!,
    departement: departement!,
  }));
}

/** A commune with what the sample and the map need: population, centre, INSEE density class. */
export interface CommunePlace extends Commune {
  population: number;
  lat: number | null;
  lon: number | null;
  /** INSEE density grid level 5–7 (rural); `null` when the grid has no class for it. */
  rural: boolean | null;
}

export async function readCommunePlaces(dir: string = geoDir()): Promise<CommunePlace[]> {
  const rows = await readReferenceCsv(dir, COMMUNES_FILE, [
    "code_insee",
    "nom",
    "departement",
    "population",
    "lat",
    "lon",
    "grille_densite_2024",
  ]);
  const num = (s: string | undefined) => (s === undefined || s === "" ? null : Number(s));
  return rows.map(([code, nom, departement, population, lat, lon, grille]) => ({
    code: code!,
    nom: nom!,
    departement: departement!,
    population: num(population) ?? 0,
    lat: num(lat),
    lon: num(lon),
    rural: grille ? Number(grille) >= 5 : null,
  }));
}

export interface Departement {
  code: string;
  nom: string;
  /** Code of its région (from the communes of the reference list). */
  region: string;
  /** Share of the population living in rural communes (INSEE density grid levels 5–7), 0–1. */
  partRurale: number;
  /** Municipal population (INSEE, 2021). */
  population: number;
}

/** The 101 départements (code, name, région, rural share) of the reference geodata. */
export async function readDepartements(dir: string = geoDir()): Promise<Departement[]> {
  const rows = await readReferenceCsv(dir, DEPARTEMENTS_FILE, [
    "departement",
    "nom",
    "part_population_rurale_pct",
    "population_municipale_2021",
  ]);
  const regionOf = new Map(
    (await readReferenceCsv(dir, COMMUNES_FILE, ["departement", "region"])).map(([d, r]) => [
      d!,
      r!,
    ]),
  );
  return rows.map(([code, nom, part, population]) => ({
    code: code!,
    nom: nom!,
    region: regionOf.get(code!) ?? "",
    partRurale: Number(part) / 100,
    population: Number(population),
  }));
}

export const REGIONS_FILE = "regions-avec-outre-mer-simplifie.geojson";
export const DEPARTEMENTS_GEOJSON = "departements-avec-outre-mer-simplifie.geojson";

export interface GeoJson {
  type: "FeatureCollection";
  features: {
    type: "Feature";
    properties: Record<string, string>;
    geometry: { type: string; coordinates: unknown };
  }[];
}

export async function readGeoJson(name: string, dir: string = geoDir()): Promise<GeoJson> {
  const file = path.join(dir, name);
  try {
    return JSON.parse(await readFile(file, "utf8")) as GeoJson;
  } catch {
    throw new GeoDataError(
      `données géographiques de référence illisibles : ${file} (CLAS_GEO_DIR, voir le README)`,
    );
  }
}

/** The 18 régions (code, name) of the reference geodata. */
export async function readRegions(
  dir: string = geoDir(),
): Promise<{ code: string; nom: string }[]> {
  const geo = await readGeoJson(REGIONS_FILE, dir);
  return geo.features.map((f) => ({ code: f.properties.code!, nom: f.properties.nom! }));
}

export interface EtalabCommune {
  code: string;
  nom: string;
  type: string;
  departement?: string;
  /** An arrondissement's commune. */
  commune?: string;
  population?: number;
  anciensCodes?: string[];
  codesPostaux?: string[];
}

export function etalabCommunes(): EtalabCommune[] {
  const require = createRequire(import.meta.url);
  return require("@etalab/decoupage-administratif/data/communes.json") as EtalabCommune[];
}

/** Postcodes of each current commune, from @etalab/decoupage-administratif. */
export function readPostcodes(): Map<string, string[]> {
  return new Map(
    etalabCommunes()
      .filter((c) => c.type === "commune-actuelle" && c.codesPostaux?.length)
      .map((c) => [c.code, c.codesPostaux!]),
  );
}

/** Former codes of merged communes → current code, from @etalab/decoupage-administratif. */
export function readFormerCodes(): [string, string][] {
  return etalabCommunes().flatMap((c) =>
    c.type === "commune-actuelle"
      ? (c.anciensCodes ?? []).map((old): [string, string] => [old, c.code])
      : [],
  );
}

export async function loadCommuneReference(dir: string = geoDir()): Promise<CommuneReference> {
  return createCommuneReference(await readCommunes(dir), readFormerCodes());
}
