// The SQL of the ingest: plain lines loaded as text by DuckDB's reader, typed
// through the table of distinct values the validator judged, rows the SQL
// cannot vouch for handed back to the validator, keys claimed across files.
import { TABLE_FIELDS, TABLES, type FieldDef, type TableName } from "../export/fields.js";
import { FRANCE_BOXES, MAX_CELL } from "../export/validate.js";
import type { ColumnType } from "../warehouse/engine.js";
import { PERSONAL_FIELDS, sqlType, STORED_FIELDS } from "../warehouse/schema.js";
import { sqlString } from "../warehouse/sql-text.js";

/** What the ingest's queries need of DuckDB (the memory limit is the warehouse's, see db.ts). */
export const INGEST_SETTINGS = `SET preserve_insertion_order = false; SET disabled_optimizers = 'join_order,build_side_probe_side';`;
/** Undoes INGEST_SETTINGS only: the warehouse's memory limit stays (see db.ts). */
export const RESET_SETTINGS = "RESET preserve_insertion_order; RESET disabled_optimizers;";

/**
 * The ingest's own tables (values judged, keys, claims) live in a database
 * file of their own in the ingest's temporary folder: DuckDB can write them
 * out when memory runs short (temporary tables cannot).
 */
export const WORK = "travail";
export function attachWorkSql(file: string): string {
  return `ATTACH ${sqlString(file)} AS ${WORK}`;
}
export const DETACH_WORK_SQL = `DETACH DATABASE IF EXISTS ${WORK}`;

/**
 * Longest line given to DuckDB's reader (its buffers are 16 times this);
 * longer lines are read by the format's reader.
 */
export const MAX_LINE_BYTES = 2 * 1024 * 1024;

/** DuckDB's reader over the split file of a CSV: `ligne`, then one text column per header column (`c0`…). */
export function rawSource(file: string, delimiter: string, columns: number): string {
  const types = [
    `'ligne': 'INTEGER'`,
    ...Array.from({ length: columns }, (_, i) => `'c${i}': 'VARCHAR'`),
  ];
  return `read_csv(${sqlString(file)}, header = false, auto_detect = false,
  delim = ${sqlString(delimiter)}, quote = '"', escape = '"', new_line = '\\n',
  max_line_size = ${MAX_LINE_BYTES}, columns = {${types.join(", ")}})`;
}

const moneyText = (c: string) =>
  `replace(regexp_replace(${c}, '[ \u00a0\u202f€]', '', 'g'), ',', '.')`;

const digit = (c: string, i: string) => `(ascii(${c}[${i}]) - 48)`;

/** The SIRET's check, as `parseSiret` does it: Luhn, or La Poste's digit sum divisible by 5. */
export function siretCheckSql(c: string): string {
  const d = digit(c, "i");
  const luhn = `list_sum([CASE WHEN (14 - i) % 2 = 1 THEN CASE WHEN ${d} > 4 THEN 2 * ${d} - 9 ELSE 2 * ${d} END ELSE ${d} END FOR i IN range(1, 15)]) % 10 = 0`;
  const poste = `list_sum([${d} FOR i IN range(1, 15)]) % 5 = 0`;
  return `(regexp_full_match(${c}, '[0-9]{14}') AND CASE WHEN starts_with(${c}, '356000000') THEN ${poste} ELSE ${luhn} END)`;
}

/**
 * Cells SQL types itself when they are written plainly (a test, and the typed
 * value): the columns with many distinct values. Other cells go through `valeurs`.
 */
const PLAIN_FORMS: Partial<
  Record<
    FieldDef["kind"],
    {
      test: (c: string, field: FieldDef) => string;
      value: (c: string, type: string) => string;
    }
  >
> = {
  money: {
    // as parseDecimal reads it: spaces between digits, a trailing euro sign; at most the field's max
    test: (c, field) =>
      `(regexp_full_match(${c}, '[0-9]+([ \u00a0\u202f]+[0-9]+)*([.,][0-9]{1,2})?([ \u00a0\u202f]*€)?') AND length(${c}) <= 30 AND TRY_CAST(${moneyText(c)} AS DECIMAL(18,2)) <= ${field.max ?? "NULL"})`,
    value: (c, type) => `TRY_CAST(${moneyText(c)} AS ${type})`,
  },
  latitude: {
    test: (c) => `regexp_full_match(${c}, '-?[0-9]{1,3}([.,][0-9]{1,17})?')`,
    value: (c, type) => `TRY_CAST(replace(${c}, ',', '.') AS ${type})`,
  },
  siret: { test: siretCheckSql, value: (c) => c },
};
PLAIN_FORMS.longitude = PLAIN_FORMS.latitude;

/** Fields whose cells are kept as written (no parsing, no table of values). */
export function isVerbatim(field: FieldDef): boolean {
  return field.personal === true || field.kind === "id" || field.kind === "text";
}

/** The column types of `valeurs` and `cles`, for the appender. */
export const VALUES_TYPES: ColumnType[] = ["VARCHAR", "VARCHAR", "VARCHAR", "BOOLEAN", "VARCHAR"];
export const KEYS_TYPES: ColumnType[] = [
  "VARCHAR",
  "INTEGER",
  "INTEGER",
  "VARCHAR",
  "VARCHAR",
  "VARCHAR",
  "VARCHAR",
  "BOOLEAN",
];

export const CREATE_VALUES = `
CREATE OR REPLACE TABLE ${WORK}.valeurs (
  champ VARCHAR, texte VARCHAR, valeur VARCHAR, propre BOOLEAN, departement VARCHAR
);
CREATE OR REPLACE TABLE ${WORK}.cles (
  table_export VARCHAR, ordre INTEGER, ligne INTEGER, campagne VARCHAR, departement VARCHAR,
  id_action VARCHAR, id_collectif VARCHAR, valide BOOLEAN
);`;

/**
 * Each parsed column's distinct cells (but those SQL types itself), in one
 * pass over the file: a grouping set per column, each row of the result
 * holding one column's value (the others NULL).
 */
export function distinctSql(source: string, columns: { index: number; field: FieldDef }[]): string {
  const cells = columns.map(({ index, field }) => {
    const c = `c${index}`;
    const form = PLAIN_FORMS[field.kind];
    return form
      ? `CASE WHEN coalesce(${form.test(c, field)}, false) THEN NULL ELSE ${c} END AS ${c}`
      : c;
  });
  const sets = columns.map(({ index }) => `(c${index})`);
  const names = columns.map(({ index }) => `c${index}`);
  const which = names.map((c, k) => `WHEN ${c} IS NOT NULL THEN ${k}`).join(" ");
  return `SELECT CASE ${which} END AS k, coalesce(${names.join(", ")}) AS texte FROM (
SELECT ${names.join(", ")}
FROM (SELECT ${cells.join(",\n  ")} FROM ${source})
GROUP BY GROUPING SETS (${sets.join(", ")})
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

function valueExpr({ field, raw, join, inline }: Column): string {
  if (raw === null) return emptyValue(field);
  if (isVerbatim(field)) return raw;
  const type = sqlType(field);
  if (inline)
    return `CASE WHEN ${raw} IS NULL THEN ${emptyValue(field)} ELSE ${inlineValue(raw, inline, type)} END`;
  const form = PLAIN_FORMS[field.kind];
  const plain = form ? `WHEN ${form.test(raw, field)} THEN ${form.value(raw, type)} ` : "";
  return `CASE WHEN ${raw} IS NULL THEN ${emptyValue(field)} ${plain}ELSE CAST(${join}.valeur AS ${type}) END`;
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
  if (isVerbatim(field)) return emptyOk ? "true" : `${raw} IS NOT NULL`;
  const form = PLAIN_FORMS[field.kind];
  let judged = inline ? inlineClean(raw, inline) : `coalesce(${join}.propre, false)`;
  if (form) {
    const positive = field.positive ? ` AND ${form.value(raw, sqlType(field))} > 0` : "";
    judged = `((${form.test(raw, field)}${positive}) OR ${judged})`;
  }
  return emptyOk ? `(${empty} OR ${judged})` : `(NOT ${empty} AND ${judged})`;
}

function inFranceSql(lat: string, lon: string): string {
  return FRANCE_BOXES.map(
    (b) =>
      `(${lat} BETWEEN ${b.lat[0]} AND ${b.lat[1]} AND ${lon} BETWEEN ${b.lon[0]} AND ${b.lon[1]})`,
  ).join(" OR ");
}

/** What the validator checks across a row's fields, for the rows SQL vouches for. */
function crossFieldClean(table: TableName, columns: Map<string, Column>): string[] {
  const has = (name: string) => columns.get(name)?.raw != null;
  const tests: string[] = [];
  if (table === "Agréments") return tests;
  if (table === "Actions") {
    tests.push("(date_fin IS NULL OR date_debut IS NULL OR date_fin >= date_debut)");
    tests.push(
      "(intervenants_formation IS NULL OR intervenants_salaries IS NULL OR intervenants_benevoles IS NULL OR intervenants_formation <= intervenants_salaries + intervenants_benevoles)",
    );
  } else {
    tests.push("(filles IS NULL OR enfants IS NULL OR filles <= enfants)");
    if (has("latitude") || has("longitude")) {
      tests.push(
        `((t_latitude IS NULL AND t_longitude IS NULL) OR (${inFranceSql("latitude", "longitude")}))`,
      );
    }
    tests.push("(commune_departement = departement)");
  }
  return tests;
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
    const few = judged.get(field.name) ?? [];
    const inline =
      !isVerbatim(field) &&
      !PLAIN_FORMS[field.kind] &&
      field.kind !== "commune" &&
      few.length <= INLINE_VALUES
        ? few
        : null;
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
  const cross = [...crossFieldClean(table, columns), "true"].join("\n    AND ");
  return `SELECT * EXCLUDE (champs_propres${table === "Collectifs" ? ", t_latitude, t_longitude, commune_departement" : ""}),
  coalesce(champs_propres AND ${cross}, false) AS propre
FROM (
  SELECT b.ligne, ${sqlString(file)} AS fichier, ${[...selected, ...extra].join(",\n    ")},
    coalesce(${clean}, false) AS champs_propres
  FROM ${source} b
  ${joins.join("\n  ")}
)`;
}

/** Each row's key, and whether SQL vouches for it (the validator decides for the others). */
export function keysSql(typed: string, table: TableName, ordre: number): string {
  const collectif = table === "Collectifs" ? "id_collectif" : "NULL";
  return `INSERT INTO ${WORK}.cles SELECT ${sqlString(table)}, ${ordre}, ligne, campagne, departement, id_action, ${collectif}, propre
FROM (${typed})`;
}

/** The rows SQL does not vouch for: their keys are the validator's to give. */
export function uncleanRowsSql(ordre: number): string {
  return `SELECT ligne FROM ${WORK}.cles WHERE ordre = ${ordre} AND NOT valide ORDER BY ligne`;
}
export function dropUncleanKeysSql(ordre: number): string {
  return `DELETE FROM ${WORK}.cles WHERE ordre = ${ordre} AND NOT valide`;
}
export function claimedRowsSql(ordre: number): string {
  return `SELECT ligne FROM ${WORK}.faits WHERE ordre = ${ordre} ORDER BY ligne`;
}

/**
 * Each row's key claimed by an earlier row (actions first, then collectifs;
 * files in order; rows in order), and each collectif's action: the first row
 * with its key, accepted or not. Only the rows these facts concern.
 */
export const CLAIMS_SQL = `
CREATE OR REPLACE TABLE ${WORK}.faits AS
WITH a AS (
  SELECT *, row_number() OVER w AS rang, first_value(ordre) OVER w AS p_ordre,
    first_value(ligne) OVER w AS p_ligne
  FROM ${WORK}.cles
  WHERE table_export = 'Actions' AND campagne IS NOT NULL AND departement IS NOT NULL AND id_action IS NOT NULL
  WINDOW w AS (PARTITION BY campagne, departement, id_action ORDER BY ordre, ligne)
), premieres AS (
  SELECT campagne, departement, id_action, ordre, ligne, valide FROM a WHERE rang = 1
), c AS (
  SELECT *, row_number() OVER w AS rang, first_value(ordre) OVER w AS p_ordre,
    first_value(ligne) OVER w AS p_ligne
  FROM ${WORK}.cles
  WHERE table_export = 'Collectifs' AND campagne IS NOT NULL AND departement IS NOT NULL AND id_action IS NOT NULL
  WINDOW w AS (PARTITION BY campagne, departement, id_action, id_collectif ORDER BY ordre, ligne)
), g AS (
  SELECT *, row_number() OVER w AS rang, first_value(ordre) OVER w AS p_ordre,
    first_value(ligne) OVER w AS p_ligne
  FROM ${WORK}.cles
  WHERE table_export = 'Agréments' AND campagne IS NOT NULL AND departement IS NOT NULL AND id_action IS NOT NULL
  WINDOW w AS (PARTITION BY campagne, departement, id_action ORDER BY ordre, ligne)
)
SELECT 'Actions' AS table_export, ordre, ligne, p_ordre AS doublon_ordre, p_ligne AS doublon_ligne,
  NULL::VARCHAR AS action_etat, NULL::INTEGER AS action_ordre, NULL::INTEGER AS action_ligne
FROM a WHERE rang > 1
UNION ALL
SELECT 'Agréments', ordre, ligne, p_ordre, p_ligne, NULL, NULL, NULL
FROM g WHERE rang > 1
UNION ALL
SELECT 'Collectifs', c.ordre, c.ligne,
  CASE WHEN c.id_collectif IS NOT NULL AND c.rang > 1 THEN c.p_ordre END,
  CASE WHEN c.id_collectif IS NOT NULL AND c.rang > 1 THEN c.p_ligne END,
  CASE WHEN p.id_action IS NULL THEN 'inconnue' WHEN p.valide THEN 'acceptee' ELSE 'rejetee' END,
  p.ordre, p.ligne
FROM c LEFT JOIN premieres p USING (campagne, departement, id_action)
WHERE (c.id_collectif IS NOT NULL AND c.rang > 1) OR p.id_action IS NULL OR NOT p.valide`;

/** The slices the import replaces: the export's (its two tables), and the list's. */
export const SLICES_SQL = `
INSERT INTO import_tranches
SELECT DISTINCT campagne, departement FROM ${WORK}.cles
WHERE campagne IS NOT NULL AND departement IS NOT NULL AND table_export <> 'Agréments';
INSERT INTO import_listes
SELECT DISTINCT campagne, departement FROM ${WORK}.cles
WHERE campagne IS NOT NULL AND departement IS NOT NULL AND table_export = 'Agréments';`;

export const READ_SLICES_SQL =
  "SELECT campagne, departement FROM import_tranches ORDER BY campagne, departement";

const vouched = (ordre: number) =>
  `WHERE propre AND ligne NOT IN (SELECT ligne FROM ${WORK}.faits WHERE ordre = ${ordre})`;

/** The rows SQL vouched for, typed again from the file, into the warehouse (in the ingest's transaction). */
export function insertCleanSql(typed: string, table: TableName, ordre: number): string {
  const target = TABLES[table].stored;
  const stored = STORED_FIELDS[target];
  return `INSERT INTO ${target} SELECT ${stored.map((f) => f.name).join(", ")}, fichier, ligne
FROM (${typed}) ${vouched(ordre)}`;
}

/**
 * The personal cells of the actions just inserted from `file`: the rows of
 * `actions` from this file in this import's slices are exactly those (rows of
 * those slices from earlier imports are deleted first). Before the validator's rows.
 */
export function insertCleanPersonalSql(
  source: string,
  file: string,
  fields: (FieldDef | null)[],
): string {
  const cells = PERSONAL_FIELDS.map((f) => {
    const i = fields.findIndex((g) => g?.name === f.name);
    return i < 0 ? `NULL AS ${f.name}` : `c${i} AS ${f.name}`;
  });
  const names = PERSONAL_FIELDS.map((f) => `p.${f.name}`);
  return `INSERT INTO donnees_personnelles
SELECT a.campagne, a.departement, a.id_action, NULL, ${names.join(", ")}, NULL
FROM actions a JOIN (SELECT ligne, ${cells.join(", ")} FROM ${source}) p USING (ligne)
WHERE a.fichier = ${sqlString(file)} AND (a.campagne, a.departement) IN (SELECT (campagne, departement) FROM import_tranches)
  AND coalesce(${names.join(", ")}) IS NOT NULL`;
}
