// The project's configuration, read in Node: its root, the header mapping
// files, the référentiel's thresholds, and the validation context they make
// with the geodata.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildMapping, MappingError } from "./export/mapping.js";
import type { ValidationContext } from "./export/validate.js";
import { geoDir, loadCommuneReference } from "./geo/load.js";
import { checkReferentiel, ReferentielError, type Referentiel } from "./referentiel/seuils.js";

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const DEFAULT_MAPPING = path.join(PROJECT_ROOT, "config/mapping.default.json");
/** The user's own aliases, read when present. */
export const USER_MAPPING = "data/mapping.json";
export const DEFAULT_REFERENTIEL = path.join(PROJECT_ROOT, "config/referentiel.json");
/** The user's own thresholds, read instead of the defaults when present. */
export const USER_REFERENTIEL = "data/referentiel.json";

/** The référentiel's thresholds: `file`, else data/referentiel.json, else the defaults. */
export async function loadReferentiel(file?: string): Promise<Referentiel> {
  const source = file ?? (existsSync(USER_REFERENTIEL) ? USER_REFERENTIEL : DEFAULT_REFERENTIEL);
  let text: string;
  try {
    text = await readFile(source, "utf8");
  } catch {
    throw new ReferentielError(`fichier de seuils du référentiel introuvable : ${source}`);
  }
  try {
    return checkReferentiel(JSON.parse(text), source);
  } catch (error) {
    if (error instanceof ReferentielError) throw error;
    throw new ReferentielError(`${source} : ${jsonError(error as Error, text)}`);
  }
}

export interface ContextOptions {
  /** Extra mapping files, taking precedence over the defaults. */
  mappings?: string[];
  geoDir?: string;
}

async function readMapping(file: string): Promise<{ source: string; content: unknown }> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new MappingError(`fichier de correspondances introuvable : ${file}`);
  }
  // a BOM (Windows' Notepad writes one) is not JSON, but is no mistake either
  if (text.startsWith("\ufeff")) text = text.slice(1);
  try {
    return { source: file, content: JSON.parse(text) as unknown };
  } catch (error) {
    throw new MappingError(`${file} : ${jsonError(error as Error, text)}`);
  }
}

/** Where a JSON text breaks, in French (V8's message is English). */
export function jsonError(error: Error, text: string): string {
  const at = /position (\d+)/.exec(error.message);
  if (text.trim() === "") return "fichier vide : un objet JSON est attendu";
  if (!at) return "JSON invalide : vérifier les guillemets, les virgules et les accolades";
  const offset = Number(at[1]);
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  return `JSON invalide ligne ${line}, colonne ${column} : vérifier les guillemets, les virgules et les accolades autour de « ${text.slice(Math.max(0, offset - 10), offset + 10).replace(/\s+/g, " ")} »`;
}

export async function loadContext(options: ContextOptions = {}): Promise<ValidationContext> {
  const files = [...(options.mappings ?? [])];
  if (existsSync(USER_MAPPING) && !files.includes(USER_MAPPING)) files.push(USER_MAPPING);
  files.push(DEFAULT_MAPPING);
  const mapping = buildMapping(await Promise.all(files.map(readMapping)));
  const communes = await loadCommuneReference(options.geoDir ?? geoDir());
  return { mapping, communes };
}
