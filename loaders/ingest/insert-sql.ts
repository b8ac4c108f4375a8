// The rows SQL vouched for, into the warehouse: from the work table of typed
// rows, with the personal cells of the actions into their own table, and their
// warnings.
import { keyTextSql } from "../export/batch.js";
import { TABLES, type TableName } from "../export/fields.js";
import type { RuleSources } from "../referentiel/compile.js";
import type { ColumnType } from "../warehouse/engine.js";
import { PERSONAL_FIELDS, STORED_FIELDS } from "../warehouse/schema.js";
import { sqlString } from "../warehouse/sql-text.js";
import { WORK } from "./work-sql.js";

const vouched = (ordre: number) =>
  `WHERE propre AND ligne NOT IN (SELECT ligne FROM ${WORK}.faits WHERE ordre = ${ordre})`;

/**
 * The rows SQL vouched for, from their typed rows, into the warehouse (in the ingest's
 * transaction), with their file's name: not a column of the typed rows (1.7 million copies of
 * one text written and read again at scale 100: 0.1 s).
 */
export function insertCleanSql(
  typed: string,
  table: TableName,
  ordre: number,
  file: string,
): string {
  const target = TABLES[table].stored;
  const stored = STORED_FIELDS[target];
  return `INSERT INTO ${target} SELECT ${stored.map((f) => f.name).join(", ")}, ${sqlString(file)}, ligne
FROM (${typed}) ${vouched(ordre)}`;
}

/**
 * The personal cells of the actions just inserted: the same rows SQL vouched for, from their
 * typed rows, where the personal cells are as written (NULL where the file has no such column).
 * Not the rows of `actions` joined back by file and row (0.6–0.8 s at scale 100), nor DuckDB's
 * reader over the file again (0.8–1.3 s).
 */
export function insertCleanPersonalSql(typed: string, ordre: number): string {
  const names = PERSONAL_FIELDS.map((f) => f.name);
  return `INSERT INTO donnees_personnelles
SELECT campagne, departement, id_action, NULL, ${names.join(", ")}, NULL
FROM (${typed}) ${vouched(ordre)} AND coalesce(${names.join(", ")}) IS NOT NULL`;
}

/** The warnings of the rows SQL vouched for in one table, a row each, in their order. */
function warnedRows(typed: string, table: TableName, ordre: number): string {
  return `SELECT ligne, campagne, departement, cle, CAST(rang AS INTEGER) AS rang, w.colonne, w.valeur, w.message
FROM (
  SELECT ligne, campagne, departement, ${keyTextSql(table)} AS cle,
    unnest(avertissements) AS w, unnest(range(1, len(avertissements) + 1)) AS rang
  FROM (${typed}) ${vouched(ordre)} AND avertissements IS NOT NULL
)`;
}

/** Those warnings into the warehouse (in the ingest's transaction), with their file. */
export function insertWarnedSql(
  typed: string,
  table: TableName,
  ordre: number,
  file: string,
  hash: string,
): string {
  return `INSERT INTO avertissements SELECT ${sqlString(hash)}, ${sqlString(file)}, ${sqlString(table)}, *
FROM (${warnedRows(typed, table, ordre)})`;
}

/**
 * How many rows have warnings (`lignes`) and how many warnings (`total`), on each row of the
 * warnings of the first `rows` rows with some, in row order (one row of NULLs when none).
 */
export function warnedSql(typed: string, table: TableName, ordre: number, rows: number): string {
  const first = Number.isFinite(rows)
    ? `WHERE ligne IN (SELECT DISTINCT ligne FROM w ORDER BY ligne LIMIT ${Math.max(0, rows)})`
    : "";
  return `WITH w AS (${warnedRows(typed, table, ordre)})
SELECT f.*, n.lignes, n.total
FROM (SELECT count(DISTINCT ligne) AS lignes, count(*) AS total FROM w) n
LEFT JOIN (SELECT * FROM w ${first}) f ON true
ORDER BY f.ligne, f.rang`;
}

/**
 * The actions and collectifs the validator accepted in this ingest, by file and row (a temporary
 * table: the ingest's transaction writes to the warehouse only).
 */
export const ACCEPTED = "import_acceptees";
export const CREATE_ACCEPTED_SQL = `CREATE OR REPLACE TEMP TABLE ${ACCEPTED} (table_export VARCHAR, fichier VARCHAR, ligne INTEGER)`;
export const ACCEPTED_TYPES: ColumnType[] = ["VARCHAR", "VARCHAR", "INTEGER"];

/**
 * Where the rules read the ingest's actions and collectifs: SQL's rows from their typed rows,
 * the validator's from the warehouse. The same rows as the warehouse's slices, but the typed
 * rows, written before the transaction, are read on every thread, where the transaction's own
 * rows are read on one (scale 100: the rules 3.0 s → 1.4 s, DuckDB alone).
 */
export function ruleSources(
  typed: { typed: string; ordre: number; table: TableName }[],
): RuleSources {
  const source = (table: "Actions" | "Collectifs") => {
    const target = TABLES[table].stored;
    const fields = STORED_FIELDS[target].map((f) => f.name).join(", ");
    const vouchedRows = typed
      .filter((t) => t.table === table)
      .map((t) => `SELECT ${fields} FROM (${t.typed}) ${vouched(t.ordre)}`);
    const validated = `SELECT ${fields} FROM ${target} WHERE (fichier, ligne) IN (SELECT (fichier, ligne) FROM ${ACCEPTED} WHERE table_export = ${sqlString(table)})`;
    return `(${[...vouchedRows, validated].join("\nUNION ALL ")})`;
  };
  return { actions: source("Actions"), collectifs: source("Collectifs") };
}
