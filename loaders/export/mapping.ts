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

function checkShape(file: MappingFile, source: string): void {
  const fields = new Set(Object.values(TABLE_FIELDS).flatMap((f) => f.map((d) => d.name)));
  for (const [field, aliases] of Object.entries(file.headers ?? {})) {
    if (!fields.has(field)) throw new MappingError(`${source} : champ inconnu « ${field} »`);
    if (!Array.isArray(aliases) || aliases.some((a) => typeof a !== "string")) {
      throw new MappingError(`${source} : headers.${field} doit être une liste de textes`);
    }
  }
  for (const [field, aliases] of Object.entries(file.values ?? {})) {
    if (field !== "bool" && !fields.has(field)) {
      throw new MappingError(`${source} : champ inconnu « ${field} » dans values`);
    }
    if (typeof aliases !== "object" || aliases === null) {
      throw new MappingError(`${source} : values.${field} doit associer des alias à des valeurs`);
    }
  }
}

function addHeader(map: Map<string, string>, alias: string, field: FieldDef): void {
  const key = normalizeKey(alias);
  if (key !== "" && !map.has(key)) map.set(key, field.name);
}

/** Builds the matching tables from mapping files, the first taking precedence. */
export function buildMapping(files: { source: string; content: MappingFile }[]): Mapping {
  for (const f of files) checkShape(f.content, f.source);
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
