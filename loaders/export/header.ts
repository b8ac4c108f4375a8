// Header line to fields: table recognition, aliases, missing and doubled columns.
import { normalizeKey } from "../read/normalize.js";
import type { SourceTable } from "../read/source.js";
import {
  SIDE_TABLES,
  TABLE_FIELDS,
  TABLE_MARKER,
  type FieldDef,
  type TableName,
} from "./fields.js";
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
  /** Why some unknown columns were not recognised: a letter of another alphabet that looks Latin. */
  lookalikes: string[];
}

export type HeaderResult = { layout: TableLayout } | { errors: string[] } | { unrecognised: true };

function detectTable(keys: string[], mapping: Mapping): TableName | null | "both" {
  const has = (t: TableName) => keys.some((k) => mapping.headers[t].get(k) === TABLE_MARKER[t]);
  // a side table's marker (« Montant agréé », « Date de la visite », « Titre de la pratique »)
  // makes that table, whatever else it holds (spec/suivi.md, in this order)
  for (const side of SIDE_TABLES) if (has(side)) return side;
  const found = (["Actions", "Collectifs"] as TableName[]).filter(has);
  if (found.length === 2) return "both";
  return found[0] ?? null;
}

/** Letters of other alphabets that look like Latin ones (Cyrillic, Greek), and the letter they pass for. */
const LOOKALIKES: Record<string, [latin: string, alphabet: string]> = Object.fromEntries(
  [
    // Cyrillic а е о р с х у і ј ѕ ԁ һ, then А В Е К М Н О Р С Т Х І Ј Ѕ
    [
      "\u0430\u0435\u043e\u0440\u0441\u0445\u0443\u0456\u0458\u0455\u0501\u04bb",
      "aeopcxyijsdh",
      "cyrillique",
    ],
    [
      "\u0410\u0412\u0415\u041a\u041c\u041d\u041e\u0420\u0421\u0422\u0425\u0406\u0408\u0405",
      "ABEKMHOPCTXIJS",
      "cyrillique",
    ],
    // Greek ο α ι ν κ ρ υ τ, then Α Β Ε Ζ Η Ι Κ Μ Ν Ο Ρ Τ Υ Χ
    ["\u03bf\u03b1\u03b9\u03bd\u03ba\u03c1\u03c5\u03c4", "oaivkput", "grecque"],
    [
      "\u0391\u0392\u0395\u0396\u0397\u0399\u039a\u039c\u039d\u039f\u03a1\u03a4\u03a5\u03a7",
      "ABEZHIKMNOPTYX",
      "grecque",
    ],
  ].flatMap(([from, to, alphabet]) => {
    if ([...from!].length !== to!.length) throw new Error("look-alike table: lengths differ");
    return [...from!].map((c, i) => [c, [to![i]!, alphabet!]] as [string, [string, string]]);
  }),
);

/** A header that matches a field once its look-alike letters are read as Latin: what to say of it. */
function lookalike(
  header: string,
  table: TableName,
  mapping: Mapping,
): { field: string; message: string } | null {
  const found = [...header].filter((c) => LOOKALIKES[c]);
  if (found.length === 0) return null;
  const latin = [...header].map((c) => LOOKALIKES[c]?.[0] ?? c).join("");
  const field = mapping.headers[table].get(normalizeKey(latin));
  if (!field) return null;
  const def = TABLE_FIELDS[table].find((f) => f.name === field)!;
  const letters = [...new Set(found)]
    .map(
      (c) =>
        `« ${c} » (U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}, lettre ${LOOKALIKES[c]![1]})`,
    )
    .join(", ");
  return {
    field,
    message: `l'en-tête « ${header} » ressemble à « ${def.header} » mais contient ${found.length > 1 ? "des lettres d'un autre alphabet" : "une lettre d'un autre alphabet"} : ${letters} ; le retaper au clavier`,
  };
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
  const lookalikes = new Map<string, string>();
  keys.forEach((key, i) => {
    const name = mapping.headers[table].get(key);
    const field = name ? byName.get(name) : undefined;
    if (!field) {
      columns.push(null);
      if (headers[i] !== "") {
        unknown.push(headers[i]!);
        const like = lookalike(headers[i]!, table, mapping);
        if (like) lookalikes.set(like.field, like.message);
      }
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
      ...missing.flatMap((f) => lookalikes.get(f.name) ?? []),
    );
  }
  if (errors.length > 0) return { errors };
  const notes = [...lookalikes].filter(([f]) => !headerOf.has(f)).map(([, message]) => message);
  return { layout: { table, columns, headers, headerOf, unknown, lookalikes: notes } };
}
