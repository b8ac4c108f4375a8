// Typing and vouching in SQL: the cells SQL types itself (the parsers' SQL
// twins), each column's distinct values for the validator to judge, and the
// typed query of a table's plain lines with `propre`, true when SQL vouches
// for the row.
import { DEGREES_SQL } from "../export/coordinates.js";
import { crossFieldChecks } from "../export/cross-fields.js";
import { TABLE_FIELDS, type FieldDef, type TableName } from "../export/fields.js";
import { MONEY_SQL, type PlainForm } from "../export/money.js";
import { SIRET_SQL } from "../export/siret.js";
import { MAX_CELL } from "../export/validate.js";
import { sqlType } from "../warehouse/schema.js";
import { sqlString } from "../warehouse/sql-text.js";
import { WORK } from "./work-sql.js";

/**
 * Cells SQL types itself when they are written plainly (a test, and the typed
 * value): the columns with many distinct values. Other cells go through `valeurs`.
 */
const PLAIN_FORMS: Partial<Record<FieldDef["kind"], PlainForm>> = {
  money: MONEY_SQL,
  latitude: DEGREES_SQL,
  longitude: DEGREES_SQL,
  siret: SIRET_SQL,
};

/** Fields whose cells are kept as written (no parsing, no table of values). */
export function isVerbatim(field: FieldDef): boolean {
  return field.personal === true || field.kind === "id" || field.kind === "text";
}

/**
 * Below this many plain lines, a table's distinct cells are found by unnesting; above, by
 * grouping sets. Measured on the bench's files (scale 1 and 10, the query alone, first run):
 * in Node, unnesting takes 88 ms where grouping sets take 333 on 4,310 actions, 249 ms
 * against 328 on 171,896 collectifs; in DuckDB-Wasm, unnesting 17,000 collectifs took 1 s
 * where grouping sets took 0.1 s.
 */
export const UNNEST_BELOW = { node: 200_000, wasm: 2_000 } as const;

/**
 * Each parsed column's distinct cells (but those SQL types itself), in one
 * pass over the file; each row of the result holds a column's number `k` and
 * one of its cells. Two forms of the same query, for their costs: a grouping
 * set per column (fast on many rows, in DuckDB and DuckDB-Wasm, but 0.3 s to
 * plan), or each row unnested into (column, cell) pairs (planned at once,
 * slow on many rows: 1 s instead of 0.1 s for 17,000 collectifs in the page).
 */
export function distinctSql(
  source: string,
  columns: { index: number; field: FieldDef }[],
  rows: number,
  runtime: keyof typeof UNNEST_BELOW,
): string {
  const cells = columns.map(({ index, field }) => {
    const c = `c${index}`;
    const form = PLAIN_FORMS[field.kind];
    return form ? `CASE WHEN coalesce(${form.test(c, field)}, false) THEN NULL ELSE ${c} END` : c;
  });
  if (rows < UNNEST_BELOW[runtime]) {
    const pairs = cells.map((cell, k) => `{'k': ${k}, 'texte': ${cell}}`);
    return `SELECT DISTINCT v.k, v.texte FROM (
SELECT unnest([${pairs.join(",\n  ")}]) AS v FROM ${source}
) WHERE v.texte IS NOT NULL`;
  }
  const names = columns.map(({ index }) => `c${index}`);
  const which = names.map((c, k) => `WHEN ${c} IS NOT NULL THEN ${k}`).join(" ");
  return `SELECT CASE ${which} END AS k, coalesce(${names.join(", ")}) AS texte FROM (
SELECT ${names.join(", ")}
FROM (SELECT ${cells.map((cell, k) => `${cell} AS ${names[k]}`).join(",\n  ")} FROM ${source})
GROUP BY GROUPING SETS (${names.map((c) => `(${c})`).join(", ")})
) WHERE k IS NOT NULL`;
}

/** One column's distinct cells: the same, a pass per column (when the lists outgrow memory). */
export function distinctColumnSql(source: string, index: number, field: FieldDef): string {
  const c = `c${index}`;
  const form = PLAIN_FORMS[field.kind];
  const plain = form ? ` AND NOT coalesce(${form.test(c, field)}, false)` : "";
  return `SELECT DISTINCT ${c} AS texte FROM ${source} WHERE ${c} IS NOT NULL${plain}`;
}

function emptyValue(field: FieldDef): string {
  if (field.emptyValue === undefined) return "NULL";
  if (typeof field.emptyValue === "boolean") return String(field.emptyValue);
  return `${field.emptyValue}::${sqlType(field)}`;
}

/** A distinct cell of a field, as the validator judged it. */
export interface Judged {
  text: string;
  /** The typed value as text SQL casts to the field's type, or null. */
  value: string | null;
  /** Accepted without a warning. */
  clean: boolean;
  /** A commune's département. */
  departement: string | null;
}

/** A field with at most this many distinct cells is typed by a CASE in the query, not a join. */
export const INLINE_VALUES = 40;

interface Column {
  field: FieldDef;
  /** The raw column, or null when the file has no such column. */
  raw: string | null;
  /** The alias of its row in `valeurs`, when it is joined. */
  join: string | null;
  /** The field's few distinct cells, when they are written in the query instead. */
  inline: Judged[] | null;
}

function inlineValue(raw: string, judged: Judged[], type: string): string {
  const cases = judged
    .filter((j) => j.value !== null)
    .map((j) => `WHEN ${sqlString(j.text)} THEN CAST(${sqlString(j.value!)} AS ${type})`);
  return cases.length ? `CASE ${raw} ${cases.join(" ")} END` : `NULL::${type}`;
}

function inlineClean(raw: string, judged: Judged[]): string {
  const clean = judged.filter((j) => j.clean).map((j) => sqlString(j.text));
  return clean.length ? `${raw} IN (${clean.join(", ")})` : "false";
}

/**
 * A free text's line breaks as one `\n` (validate.ts's parseText); the expression only for the
 * cells with a carriage return (a million cells: 89 ms for all, 17 ms with the test first).
 */
const freeText = (raw: string) =>
  `CASE WHEN contains(${raw}, chr(13)) THEN regexp_replace(${raw}, '\\r\\n?', chr(10), 'g') ELSE ${raw} END`;

function valueExpr({ field, raw, join, inline }: Column): string {
  if (raw === null) return emptyValue(field);
  if (isVerbatim(field)) return field.maxLength ? freeText(raw) : raw;
  const type = sqlType(field);
  const form = PLAIN_FORMS[field.kind];
  const plain = form ? `WHEN ${form.test(raw, field)} THEN ${form.value(raw, type)} ` : "";
  const other = inline ? inlineValue(raw, inline, type) : `CAST(${join}.valeur AS ${type})`;
  return `CASE WHEN ${raw} IS NULL THEN ${emptyValue(field)} ${plain}ELSE ${other} END`;
}

function cleanExpr(column: Column): string {
  const { raw } = column;
  if (raw === null) return "true";
  // bytes: never fewer than the validator's UTF-16 units
  return `(${raw} IS NULL OR strlen(${raw}) <= ${MAX_CELL}) AND ${judgedExpr(column)}`;
}

function judgedExpr({ field, raw, join, inline }: Column): string {
  const emptyOk = !field.required || field.emptyValue !== undefined;
  if (raw === null) return "true";
  if (field.personal) return "true";
  const empty = `${raw} IS NULL`;
  if (isVerbatim(field)) {
    // a free text's length in code points, its line breaks as one, as the validator counts it
    const fits = field.maxLength ? `length(${freeText(raw)}) <= ${field.maxLength}` : "true";
    return emptyOk ? `(${empty} OR ${fits})` : `(NOT ${empty} AND ${fits})`;
  }
  const form = PLAIN_FORMS[field.kind];
  let judged = inline ? inlineClean(raw, inline) : `coalesce(${join}.propre, false)`;
  if (form) {
    const positive = field.positive ? ` AND ${form.value(raw, sqlType(field))} > 0` : "";
    judged = `((${form.test(raw, field)}${positive}) OR ${judged})`;
  }
  return emptyOk ? `(${empty} OR ${judged})` : `(NOT ${empty} AND ${judged})`;
}

/**
 * Typed rows of one raw table: every field of the table (emptyValue or NULL
 * when the file lacks its column), the personal cells as written, and
 * `propre`: true when the validator would accept the row as is, without a
 * warning. Rows not `propre` are validated again, one by one, in JavaScript.
 */
export function typedQuery(
  source: string,
  table: TableName,
  fields: (FieldDef | null)[],
  file: string,
  judged: Map<string, Judged[]>,
): string {
  const columns = new Map<string, Column>();
  fields.forEach((field, i) => {
    if (!field || columns.has(field.name)) return;
    // a plain form's few cells are those not written plainly (most often none): no join either
    const few = judged.get(field.name) ?? [];
    const inline =
      !isVerbatim(field) && field.kind !== "commune" && few.length <= INLINE_VALUES ? few : null;
    columns.set(field.name, {
      field,
      raw: `b.c${i}`,
      join: isVerbatim(field) || inline ? null : `v${i}`,
      inline,
    });
  });
  for (const field of TABLE_FIELDS[table]) {
    if (!columns.has(field.name))
      columns.set(field.name, { field, raw: null, join: null, inline: null });
  }
  const all = [...columns.values()];
  const joins = all
    .filter((c) => c.join !== null)
    .map(
      (c) =>
        `LEFT JOIN ${WORK}.valeurs ${c.join} ON ${c.join}.champ = ${sqlString(c.field.name)} AND ${c.join}.texte = ${c.raw}`,
    );
  const selected = all.map((c) => `${valueExpr(c)} AS ${c.field.name}`);
  const extra: string[] = [];
  if (table === "Collectifs") {
    const lat = columns.get("latitude")!;
    const lon = columns.get("longitude")!;
    extra.push(`${lat.raw ?? "NULL"} AS t_latitude`, `${lon.raw ?? "NULL"} AS t_longitude`);
    const commune = columns.get("code_insee")!;
    extra.push(`${commune.join ?? "NULL"}.departement AS commune_departement`);
  }
  const clean = all.map(cleanExpr).join("\n    AND ");
  // the validator's cross-field checks, by their SQL twins (export/cross-fields.ts)
  const has = (name: string) => columns.get(name)?.raw != null;
  const cross = [...crossFieldChecks(table, has).map((c) => c.sql), "true"].join("\n    AND ");
  return `SELECT * EXCLUDE (champs_propres${table === "Collectifs" ? ", t_latitude, t_longitude, commune_departement" : ""}),
  coalesce(champs_propres AND ${cross}, false) AS propre
FROM (
  SELECT b.ligne, ${sqlString(file)} AS fichier, ${[...selected, ...extra].join(",\n    ")},
    coalesce(${clean}, false) AS champs_propres
  FROM ${source} b
  ${joins.join("\n  ")}
)`;
}
