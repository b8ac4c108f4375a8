// Reads the reference geodata from the folder named by CLAS_GEO_DIR (Node only).
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { createCommuneReference, type Commune, type CommuneReference } from "./communes.js";

/** The reference geodata cannot be read: nothing can be validated without it. */
export class GeoDataError extends Error {}

export const COMMUNES_FILE = "communes-cog2026-centroides-densite.csv";

export function geoDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.CLAS_GEO_DIR ?? "../shared/geo");
}

/** Reads the current communes (code, name, département) from the reference CSV. */
export async function readCommunes(dir: string): Promise<Commune[]> {
  const file = path.join(dir, COMMUNES_FILE);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new GeoDataError(
      `référentiel des communes introuvable : ${file} (définir CLAS_GEO_DIR sur le dossier des données géographiques, voir le README)`,
    );
  }
  const lines = text.split(/\r?\n/);
  const header = lines[0]?.split(",") ?? [];
  const [iCode, iNom, iDep] = ["code_insee", "nom", "departement"].map((h) => header.indexOf(h));
  if (iCode! < 0 || iNom! < 0 || iDep! < 0) {
    throw new GeoDataError(`${file} : colonnes code_insee, nom, departement attendues`);
  }
  const communes: Commune[] = [];
  for (const line of lines.slice(1)) {
    if (line === "") continue;
    // the reference file quotes nothing: names hold no comma
    const cells = line.split(",");
    communes.push({ code: cells[iCode!]!, nom: cells[iNom!]!, departement: cells[iDep!]! });
  }
  return communes;
}

interface EtalabCommune {
  code: string;
  type: string;
  anciensCodes?: string[];
}

/** Former codes of merged communes → current code, from @etalab/decoupage-administratif. */
export function readFormerCodes(): [string, string][] {
  const require = createRequire(import.meta.url);
  const communes = require("@etalab/decoupage-administratif/data/communes.json") as EtalabCommune[];
  return communes.flatMap((c) =>
    c.type === "commune-actuelle"
      ? (c.anciensCodes ?? []).map((old): [string, string] => [old, c.code])
      : [],
  );
}

export async function loadCommuneReference(dir: string = geoDir()): Promise<CommuneReference> {
  return createCommuneReference(await readCommunes(dir), readFormerCodes());
}

export const DEPARTEMENTS_FILE = "departements-part-rurale-grille2024.csv";

export interface Departement {
  code: string;
  nom: string;
  /** Share of the population living in rural communes (INSEE density grid levels 5–7), 0–1. */
  partRurale: number;
}

/** The 101 départements (code, name, rural share) of the reference geodata. */
export async function readDepartements(dir: string = geoDir()): Promise<Departement[]> {
  const file = path.join(dir, DEPARTEMENTS_FILE);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new GeoDataError(
      `liste des départements introuvable : ${file} (définir CLAS_GEO_DIR sur le dossier des données géographiques, voir le README)`,
    );
  }
  const [head, ...lines] = text.split(/\r?\n/).filter((l) => l !== "");
  const header = head?.split(",") ?? [];
  const [iCode, iNom, iPart] = ["departement", "nom", "part_population_rurale_pct"].map((h) =>
    header.indexOf(h),
  );
  if (iCode! < 0 || iNom! < 0 || iPart! < 0) {
    throw new GeoDataError(
      `${file} : colonnes departement, nom, part_population_rurale_pct attendues`,
    );
  }
  return lines.map((line) => {
    const cells = line.split(",");
    return { code: cells[iCode!]!, nom: cells[iNom!]!, partRurale: Number(cells[iPart!]) / 100 };
  });
}
