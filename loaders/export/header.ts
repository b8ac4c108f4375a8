// Header line to fields: table recognition, aliases, missing and doubled columns.
import { normalizeKey } from "../read/normalize.js";
import type { SourceTable } from "../read/source.js";
import { TABLE_FIELDS, TABLE_MARKER, type FieldDef, type TableName } from "./fields.js";
import type { Mapping } from "./mapping.js";

export interface TableLayout {
  table: TableName;
  /** Field of each column, `null` for an unknown column. */
  columns: (FieldDef | null)[];
  /** Each column's header as written. */
  headers: string[];
  /** Header as written for each mapped field name. */
  headerOf: Map<string, string>;
  unknown: string[];
}

export type HeaderResult = { layout: TableLayout } | { errors: string[] } | { unrecognised: true };

function detectTable(keys: string[], mapping: Mapping): TableName | null | "both" {
  const found = (Object.keys(TABLE_MARKER) as TableName[]).filter((t) =>
    keys.some((k) => mapping.headers[t].get(k) === TABLE_MARKER[t]),
  );
  if (found.length === 2) return "both";
  return found[0] ?? null;
}

/** More columns than this is not an export: the file is refused (the format has 46 at most). */
export const MAX_COLUMNS = 500;

export function readHeader(source: SourceTable, mapping: Mapping): HeaderResult {
  const count = source.header?.cells.length ?? 0;
  if (count > MAX_COLUMNS) {
    return {
      errors: [
        `${count} colonnes dans l'en-tête : au plus ${MAX_COLUMNS} attendues (un export Clas en a 46 au plus ; séparateur mal reconnu ?)`,
      ],
    };
  }
  const headers = (source.header?.cells ?? []).map((c) => String(c).trim());
  const keys = headers.map(normalizeKey);
  const table = detectTable(keys, mapping);
  if (table === null) return { unrecognised: true };
  if (table === "both") {
    return {
      errors: [
        "l'en-tête contient à la fois « SIRET » (table Actions) et « N° collectif » (table Collectifs) : une table par fichier ou par feuille",
      ],
    };
  }
  const byName = new Map(TABLE_FIELDS[table].map((f) => [f.name, f]));
  const columns: (FieldDef | null)[] = [];
  const headerOf = new Map<string, string>();
  const unknown: string[] = [];
  const errors: string[] = [];
  keys.forEach((key, i) => {
    const name = mapping.headers[table].get(key);
    const field = name ? byName.get(name) : undefined;
    if (!field) {
      columns.push(null);
      if (headers[i] !== "") unknown.push(headers[i]!);
      return;
    }
    const previous = headerOf.get(field.name);
    if (previous !== undefined) {
      errors.push(
        `les colonnes « ${previous} » et « ${headers[i]} » désignent toutes deux le champ « ${field.header} »`,
      );
    } else headerOf.set(field.name, headers[i]!);
    columns.push(field);
  });
  const missing = TABLE_FIELDS[table].filter((f) => f.required && !headerOf.has(f.name));
  if (missing.length > 0) {
    errors.unshift(
      `table ${table} : colonne${missing.length > 1 ? "s" : ""} obligatoire${missing.length > 1 ? "s" : ""} absente${missing.length > 1 ? "s" : ""} : ${missing.map((f) => `« ${f.header} »`).join(", ")}`,
    );
  }
  if (errors.length > 0) return { errors };
  return { layout: { table, columns, headers, headerOf, unknown } };
}
