// Aliases of headers and values: data a user can extend without touching code.
import { normalizeKey } from "../read/normalize.js";
import { OBJECTIFS } from "../referentiel/objectifs.js";
import { TABLE_FIELDS, type FieldDef, type TableName } from "./fields.js";

/** The mapping file's shape: `headers[field]` = aliases; `values[field or "bool"][alias]` = value. */
export interface MappingFile {
  headers?: Record<string, string[]>;
  values?: Record<string, Record<string, string>>;
}

export interface Mapping {
  /** Normalised header → field name, per table. */
  headers: Record<TableName, Map<string, string>>;
  /** Normalised value alias → canonical value, per field name or `bool`. */
  values: Map<string, Map<string, string>>;
}

export class MappingError extends Error {}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "une liste";
  if (typeof value === "string") return `le texte « ${value} »`;
  if (typeof value === "object") return "un objet";
  return `${typeof value === "boolean" ? "le booléen" : "le nombre"} ${String(value)}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The file's shape, checked entry by entry: every wrong entry named, in French. */
function checkShape(file: unknown, source: string): MappingFile {
  const wrong: string[] = [];
  if (!isObject(file)) {
    throw new MappingError(
      `${source} : un objet JSON est attendu ({ "headers": { champ: [alias…] }, "values": { champ: { alias: valeur } } }), pas ${describe(file)}`,
    );
  }
  const fields = new Set(Object.values(TABLE_FIELDS).flatMap((f) => f.map((d) => d.name)));
  for (const key of Object.keys(file)) {
    if (key !== "headers" && key !== "values" && !key.startsWith("$")) {
      wrong.push(`clé « ${key} » inconnue (attendu headers ou values)`);
    }
  }
  const headers = file.headers ?? {};
  if (!isObject(headers)) wrong.push(`headers doit être un objet, pas ${describe(headers)}`);
  else {
    for (const [field, aliases] of Object.entries(headers)) {
      if (!fields.has(field)) wrong.push(`headers : champ inconnu « ${field} »`);
      else if (!Array.isArray(aliases)) {
        wrong.push(`headers.${field} doit être une liste de textes, pas ${describe(aliases)}`);
      } else {
        aliases.forEach((a, i) => {
          if (typeof a !== "string") {
            wrong.push(`headers.${field}[${i}] doit être un texte, pas ${describe(a)}`);
          }
        });
      }
    }
  }
  const values = file.values ?? {};
  if (!isObject(values)) wrong.push(`values doit être un objet, pas ${describe(values)}`);
  else {
    for (const [field, aliases] of Object.entries(values)) {
      if (field !== "bool" && !fields.has(field)) wrong.push(`values : champ inconnu « ${field} »`);
      else if (!isObject(aliases)) {
        wrong.push(
          `values.${field} doit associer des alias à des valeurs ({ "alias": "valeur" }), pas ${describe(aliases)}`,
        );
      } else {
        for (const [alias, value] of Object.entries(aliases)) {
          if (typeof value !== "string") {
            wrong.push(`values.${field}["${alias}"] doit être un texte, pas ${describe(value)}`);
          }
        }
      }
    }
  }
  if (wrong.length > 0) throw new MappingError(`${source} : ${wrong.join(" ; ")}`);
  return file as MappingFile;
}

function addHeader(map: Map<string, string>, alias: string, field: FieldDef): void {
  const key = normalizeKey(alias);
  if (key !== "" && !map.has(key)) map.set(key, field.name);
}

/** Builds the matching tables from mapping files, the first taking precedence. */
export function buildMapping(given: { source: string; content: unknown }[]): Mapping {
  const files = given.map((f) => ({ source: f.source, content: checkShape(f.content, f.source) }));
  const objectiveLabels = new Map(OBJECTIFS.map((o) => [o.field, o.label]));
  const headers = {} as Record<TableName, Map<string, string>>;
  for (const table of Object.keys(TABLE_FIELDS) as TableName[]) {
    const map = new Map<string, string>();
    for (const field of TABLE_FIELDS[table]) {
      addHeader(map, field.header, field);
      addHeader(map, field.name, field);
      const label = objectiveLabels.get(field.name);
      if (label) addHeader(map, label, field);
      for (const f of files)
        for (const a of f.content.headers?.[field.name] ?? []) addHeader(map, a, field);
    }
    headers[table] = map;
  }
  const values = new Map<string, Map<string, string>>();
  for (const f of files) {
    for (const [field, aliases] of Object.entries(f.content.values ?? {})) {
      const map = values.get(field) ?? new Map<string, string>();
      for (const [alias, value] of Object.entries(aliases)) {
        const key = normalizeKey(alias);
        if (!map.has(key)) map.set(key, value);
      }
      values.set(field, map);
    }
  }
  return { headers, values };
}
