// Typing and vouching in SQL: the cells SQL types itself (the parsers' SQL
// twins), the fields whose distinct values the validator judges, and the
// typed query of a table's plain lines with `propre`, true when SQL vouches
// for the row, and its warnings as the validator would list them.
import { DEGREES_SQL } from "../export/coordinates.js";
import { crossFieldChecks, type CrossFieldCheck } from "../export/cross-fields.js";
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
 * Fields whose distinct cells the validator judges: neither kept as written nor of a plain form.
 * A plain form's cell not written plainly (an amount to round, a SIRET that fails its check: 3,524
 * of scale 100's 430,857 actions, 28 of the national sample's 4,310) makes its row the
 * validator's: testing every cell for the distinct values cost the actions' 1.3 s of processor
 * of 2.8 at scale 100, to find a few thousand cells.
 */
export function isJudged(field: FieldDef): boolean {
  return !isVerbatim(field) && PLAIN_FORMS[field.kind] === undefined;
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
  /** Accepted with this warning (a note, or an optional value dropped), in the validator's words. */
  warning: string | null;
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
  /** Whether some judged cell of the field is accepted with a warning. */
  warned: boolean;
  /**
   * Computed once below the typing (`b.*`) and used twice, by the value and by whether the cell
   * is clean: a plain form's test and value, a free text with its line breaks as one. DuckDB
   * does not share them itself within a CASE (the national sample's typed actions: 9 money
   * columns, each tested twice a cell).
   */
  lifted: { test: string; value: string } | { text: string } | null;
}

/**
 * A field's few judged cells typed by a CASE: only those whose typed value is not their text
 * (`'oui'` → `true`, a refused cell → NULL); every other cell of the table was judged with its
 * text as its value, and is cast as it is. The national sample's typed actions: 27 such fields,
 * lists of up to 25 cells each, compared twice a cell before (the value, then whether clean).
 */
function inlineValue(raw: string, judged: Judged[], type: string): string {
  const cast = (text: string) => `CAST(${text} AS ${type})`;
  // with no cell cast as written, the cells without a value need no WHEN: the ELSE is NULL
  const asWritten = judged.some((j) => j.value === j.text);
  const cases = judged
    .filter((j) => j.value !== j.text && (asWritten || j.value !== null))
    .map(
      (j) =>
        `WHEN ${sqlString(j.text)} THEN ${j.value === null ? `NULL::${type}` : cast(sqlString(j.value))}`,
    );
  const otherwise = asWritten ? cast(raw) : `NULL::${type}`;
  return cases.length ? `CASE ${raw} ${cases.join(" ")} ELSE ${otherwise} END` : otherwise;
}

/** Whether a judged cell is `ok`: the shorter list of the two (most often, no cell not ok). */
function inlineIn(raw: string, judged: Judged[], ok: (j: Judged) => boolean): string {
  const yes = judged.filter(ok).map((j) => sqlString(j.text));
  const no = judged.filter((j) => !ok(j)).map((j) => sqlString(j.text));
  if (no.length < yes.length) return no.length ? `${raw} NOT IN (${no.join(", ")})` : "true";
  return yes.length ? `${raw} IN (${yes.join(", ")})` : "false";
}

/** A judged cell the row keeps: clean, or accepted with a warning. */
const accepted = (j: Judged) => j.clean || j.warning !== null;

/** The type of a row's warnings: the rows of `avertissements` but their place and row. */
const WARNINGS_TYPE = "STRUCT(colonne VARCHAR, valeur VARCHAR, message VARCHAR)[]";

function warningStruct(column: string, value: string, message: string): string {
  return `{'colonne': CAST(${column} AS VARCHAR), 'valeur': CAST(${value} AS VARCHAR), 'message': CAST(${message} AS VARCHAR)}`;
}

/** A cell's warning, when its judged cell has one (NULL otherwise): `valeurs`' or a CASE's. */
function cellWarning({ raw, join, inline, warned }: Column, header: string): string | null {
  // a plain form's cells are not judged: never warned here
  if (raw === null || !warned) return null;
  const struct = (message: string) => warningStruct(sqlString(header), raw, message);
  if (inline) {
    const cells = inline.filter((j) => j.warning !== null);
    const message = `CASE ${raw} ${cells.map((j) => `WHEN ${sqlString(j.text)} THEN ${sqlString(j.warning!)}`).join(" ")} END`;
    return `CASE WHEN ${raw} IN (${cells.map((j) => sqlString(j.text)).join(", ")}) THEN ${struct(message)} END`;
  }
  return `CASE WHEN ${join}.avertissement IS NOT NULL THEN ${struct(`${join}.avertissement`)} END`;
}

/**
 * A free text's line breaks as one `\n` (validate.ts's parseText); the expression only for the
 * cells with a carriage return (a million cells: 89 ms for all, 17 ms with the test first).
 */
const freeText = (raw: string) =>
  `CASE WHEN contains(${raw}, chr(13)) THEN regexp_replace(${raw}, '\\r\\n?', chr(10), 'g') ELSE ${raw} END`;

function valueExpr({ field, raw, join, inline, lifted }: Column): string {
  if (raw === null) return emptyValue(field);
  if (lifted && "text" in lifted) return lifted.text;
  if (isVerbatim(field)) return raw;
  const type = sqlType(field);
  const plain = lifted ? `WHEN ${lifted.test} THEN ${lifted.value} ` : "";
  const other = inline ? inlineValue(raw, inline, type) : `CAST(${join}.valeur AS ${type})`;
  return `CASE WHEN ${raw} IS NULL THEN ${emptyValue(field)} ${plain}ELSE ${other} END`;
}

/**
 * No cell longer than the validator allows: one `greatest` of the row's lengths (NULL when every
 * cell is empty), not a test a cell (the national sample's typed actions: 46 columns).
 */
function fitsExpr(columns: Column[]): string {
  const raws = columns.flatMap((c) => (c.raw === null ? [] : [c.raw]));
  if (raws.length === 0) return "true";
  // bytes: never fewer than the validator's UTF-16 units
  return `coalesce(greatest(${raws.map((r) => `strlen(${r})`).join(", ")}) <= ${MAX_CELL}, true)`;
}

function judgedExpr({ field, raw, join, inline, lifted, warned }: Column): string {
  const emptyOk = !field.required || field.emptyValue !== undefined;
  if (raw === null) return "true";
  if (field.personal) return "true";
  const empty = `${raw} IS NULL`;
  if (isVerbatim(field)) {
    // a free text's length in code points, its line breaks as one, as the validator counts it:
    // counted only when its bytes are more (never fewer than its code points)
    const fits =
      lifted && "text" in lifted
        ? `CASE WHEN strlen(${raw}) <= ${field.maxLength} THEN true ELSE length(${lifted.text}) <= ${field.maxLength} END`
        : "true";
    return emptyOk ? `(${empty} OR ${fits})` : `(NOT ${empty} AND ${fits})`;
  }
  const ok = warned ? `${join}.propre OR ${join}.avertissement IS NOT NULL` : `${join}.propre`;
  let judged = inline ? inlineIn(raw, inline, accepted) : `coalesce(${ok}, false)`;
  if (lifted && "test" in lifted) {
    const positive = field.positive ? ` AND ${lifted.value} > 0` : "";
    judged = `((${lifted.test}${positive}) OR ${judged})`;
  }
  return emptyOk ? `(${empty} OR ${judged})` : `(NOT ${empty} AND ${judged})`;
}

/** A check's verdict on a row, in the typed query (NULL: the row is the validator's). */
const verdict = (c: CrossFieldCheck) => `x_${c.name}`;

/**
 * A row's warnings in the validator's order, or null when no row can have any: the cells'
 * (`w_<field>`, in the file's column order; those a failing check's warning replaces left out),
 * then the failing checks' that only warn, in their order.
 */
function rowWarnings(
  cells: { field: string }[],
  warning: CrossFieldCheck[],
  header: (field: string) => string,
): string | null {
  const items = [
    ...cells.map(({ field: f }) => {
      const replaced = warning.filter((c) => c.warning!.replaces?.includes(f));
      return {
        when: [`w_${f} IS NOT NULL`, ...replaced.map((c) => `coalesce(${verdict(c)}, true)`)],
        list: `[w_${f}]`,
      };
    }),
    ...warning.map((c) => ({
      when: [`NOT ${verdict(c)}`],
      list: `[${warningStruct(sqlString(c.warning!.column(header)), c.warning!.value, c.warning!.message)}]`,
    })),
  ].map(({ when, list }) => ({ when: `(${when.join(" AND ")})`, list }));
  if (items.length === 0) return null;
  return `CASE WHEN ${items.map((i) => i.when).join(" OR ")} THEN flatten([${items
    .map((i) => `CASE WHEN ${i.when} THEN ${i.list} ELSE [] END`)
    .join(",\n    ")}]) END`;
}

/**
 * Typed rows of one raw table: every field of the table (emptyValue or NULL
 * when the file lacks its column), the personal cells as written, `propre`:
 * true when the validator would accept the row as it is or with warnings SQL can
 * word (a judged cell's, a check's that only drops values), and `avertissements`:
 * those warnings, in the validator's order (NULL when none). Rows not `propre`
 * are validated again, one by one, in JavaScript. `warns`: whether any row may have warnings.
 */
export function typedQuery(
  source: string,
  table: TableName,
  fields: (FieldDef | null)[],
  judged: Map<string, Judged[]>,
  header: (field: string) => string,
): { sql: string; warns: boolean } {
  const columns = new Map<string, Column>();
  const below: string[] = [];
  fields.forEach((field, i) => {
    if (!field || columns.has(field.name)) return;
    // a plain form's cells are never judged: one not written plainly leaves its row to the validator
    const few = isJudged(field) ? (judged.get(field.name) ?? []) : [];
    const inline =
      !isVerbatim(field) && field.kind !== "commune" && few.length <= INLINE_VALUES ? few : null;
    const raw = `b.c${i}`;
    const form = isVerbatim(field) ? undefined : PLAIN_FORMS[field.kind];
    let lifted: Column["lifted"] = null;
    if (form) {
      // a bound on the value tested on the value computed below (money: one cast a cell, not two)
      const { parts } = form;
      below.push(
        `${parts ? parts.written(`c${i}`) : form.test(`c${i}`, field)} AS t${i}`,
        `${form.value(`c${i}`, sqlType(field))} AS n${i}`,
      );
      const test = parts ? `(b.t${i} AND ${parts.bound(`b.n${i}`, field)})` : `b.t${i}`;
      lifted = { test, value: `b.n${i}` };
    } else if (isVerbatim(field) && field.maxLength) {
      below.push(`${freeText(`c${i}`)} AS n${i}`);
      lifted = { text: `b.n${i}` };
    }
    columns.set(field.name, {
      field,
      raw,
      join: isVerbatim(field) || inline ? null : `v${i}`,
      inline,
      warned: !isVerbatim(field) && few.some((j) => j.warning !== null),
      lifted,
    });
  });
  for (const field of TABLE_FIELDS[table]) {
    if (!columns.has(field.name))
      columns.set(field.name, {
        field,
        raw: null,
        join: null,
        inline: null,
        warned: false,
        lifted: null,
      });
  }
  const all = [...columns.values()];
  const joins = all
    .filter((c) => c.join !== null)
    .map(
      (c) =>
        `LEFT JOIN ${WORK}.valeurs ${c.join} ON ${c.join}.champ = ${sqlString(c.field.name)} AND ${c.join}.texte = ${c.raw}`,
    );
  const selected = all.map((c) => `${valueExpr(c)} AS ${c.field.name}`);
  // the validator's cross-field checks, by their SQL twins (export/cross-fields.ts), over the
  // typed columns and the cells as read they need (`t_<field>`)
  const checks = crossFieldChecks(table, (name) => columns.get(name)?.raw != null);
  const raws = [...new Set(checks.flatMap((c) => c.raws ?? []))];
  const extra = raws.map((f) => `${columns.get(f)?.raw ?? "NULL"} AS t_${f}`);
  const hidden = ["champs_propres", ...raws.map((f) => `t_${f}`)];
  if (table === "Collectifs") {
    const commune = columns.get("code_insee")!;
    extra.push(`${commune.join ?? "NULL"}.departement AS commune_departement`);
    hidden.push("commune_departement");
  }
  // the cells' warnings, in the file's column order (`w_<field>`)
  const cells = all.flatMap((c) => {
    const sql = cellWarning(c, header(c.field.name));
    return sql === null ? [] : [{ field: c.field.name, sql }];
  });
  extra.push(...cells.map((w) => `${w.sql} AS w_${w.field}`));
  hidden.push(...cells.map((w) => `w_${w.field}`));
  const clean = [fitsExpr(all), ...all.map(judgedExpr)].join("\n    AND ");
  const inner = `SELECT b.ligne, ${[...selected, ...extra].join(",\n    ")},
    coalesce(${clean}, false) AS champs_propres
  FROM ${below.length ? `(SELECT *, ${below.join(",\n    ")} FROM ${source})` : source} b
  ${joins.join("\n  ")}`;
  // a check that only warns vouches for a failing row: its verdict computed once, below
  const warning = checks.filter((c) => c.warning);
  const vouched = [
    ...checks.filter((c) => !c.warning).map((c) => c.sql),
    ...warning.map((c) => `${verdict(c)} IS NOT NULL`),
    "true",
  ].join("\n    AND ");
  hidden.push(...warning.map(verdict));
  const drops = warning.flatMap((c) =>
    c.warning!.drops.map(
      (f) =>
        `CASE WHEN NOT ${verdict(c)} THEN ${emptyValue(columns.get(f)!.field)} ELSE ${f} END AS ${f}`,
    ),
  );
  const warnings = rowWarnings(cells, warning, header);
  const from = warning.length
    ? `(SELECT *, ${warning.map((c) => `${c.sql} AS ${verdict(c)}`).join(",\n    ")} FROM (
  ${inner}
))`
    : `(
  ${inner}
)`;
  const sql = `SELECT * EXCLUDE (${hidden.join(", ")})${drops.length ? ` REPLACE (${drops.join(", ")})` : ""},
  coalesce(champs_propres AND ${vouched}, false) AS propre,
  ${warnings ?? `NULL::${WARNINGS_TYPE}`} AS avertissements
FROM ${from}`;
  return { sql, warns: warnings !== null };
}
