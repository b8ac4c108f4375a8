// The rows SQL vouched for, into the warehouse: from the work table of typed
// rows, with the personal cells of the actions into their own table, and their
// warnings.
import { keyTextSql } from "../export/batch.js";
import { TABLE_FIELDS, TABLES, type TableName } from "../export/fields.js";
import type { RuleSources } from "../referentiel/compile.js";
import type { ColumnType } from "../warehouse/engine.js";
import { PERSONAL_FIELDS, sqlType, STORED_FIELDS } from "../warehouse/schema.js";
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
 * An ingest's typed rows of a table without personal cells live in the warehouse itself,
 * so that its stored rows are written once (scale 100: the collectifs' copy into the warehouse
 * took 1.8–2.4 s): the table's own columns in its order, its file and row, then `propre` and
 * `avertissements`. Before the transaction, the rows not stored are deleted and those two
 * columns dropped (pruneSql); in it, the table takes the place of the warehouse's when nothing
 * of that one is left (takePlaceSql), else its rows are copied (copyPrunedSql). Whatever is left
 * of it after the ingest, or after a crash, is dropped (LEFT_TYPED_SQL).
 */
export const TYPED_IN_WAREHOUSE = "import_types_";

/** Whether a table's typed rows may live in the warehouse: none of its fields is personal. */
export function typedInWarehouse(table: TableName): boolean {
  return TABLE_FIELDS[table].every((f) => !f.personal);
}

export function warehouseTypedTable(ordre: number): string {
  return `${TYPED_IN_WAREHOUSE}${ordre}`;
}

/** The typed rows into the warehouse, each stored column cast to its type (a missing one is NULL). */
export function typedIntoWarehouseSql(
  query: string,
  table: TableName,
  ordre: number,
  file: string,
): string {
  const stored = STORED_FIELDS[TABLES[table].stored];
  const columns = stored.map((f) => `CAST(${f.name} AS ${sqlType(f)}) AS ${f.name}`);
  return `CREATE OR REPLACE TABLE ${warehouseTypedTable(ordre)} AS
SELECT ${columns.join(", ")}, ${sqlString(file)} AS fichier, ligne, propre, avertissements
FROM (${query})`;
}

/** The warned rows, into a work table of their own (read by warnedRows). */
function warnedTable(ordre: number): string {
  return `${WORK}.avertis_${ordre}`;
}

/**
 * Before the transaction (in it, DuckDB refuses a table's rows deleted then its columns
 * dropped): the warned rows kept aside, the rows not stored deleted (SQL does not vouch for
 * them, or a claim concerns them: the validator stores them), `propre` and `avertissements`
 * dropped. Returns where the warned rows are then read, or null when none can be.
 */
export function pruneSql(ordre: number, warns: boolean): { sql: string; warned: string | null } {
  const table = warehouseTypedTable(ordre);
  const warned = warns
    ? `CREATE OR REPLACE TABLE ${warnedTable(ordre)} AS SELECT * FROM ${table} WHERE avertissements IS NOT NULL;\n`
    : "";
  return {
    sql: `${warned}DELETE FROM ${table} WHERE NOT propre OR ligne IN (SELECT ligne FROM ${WORK}.faits WHERE ordre = ${ordre});
ALTER TABLE ${table} DROP COLUMN propre;
ALTER TABLE ${table} DROP COLUMN avertissements;`,
    warned: warns ? `SELECT * FROM ${warnedTable(ordre)}` : null,
  };
}

/** Whether the warehouse's table has no row left (its replaced slices deleted). */
export function emptySql(target: string): string {
  return `SELECT count(*) = 0 AS vide FROM (SELECT 1 FROM ${target} LIMIT 1)`;
}

/** The pruned typed rows take the place of the warehouse's table, which holds nothing more. */
export function takePlaceSql(ordre: number, target: string): string {
  return `DROP TABLE ${target};
ALTER TABLE ${warehouseTypedTable(ordre)} RENAME TO ${target};`;
}

/** The pruned typed rows copied into the warehouse's table (the same columns in the same order). */
export function copyPrunedSql(ordre: number, target: string): string {
  return `INSERT INTO ${target} SELECT * FROM ${warehouseTypedTable(ordre)}`;
}

/** The typed tables left in the warehouse (by an ingest that failed, or did not take a place). */
export const LEFT_TYPED_SQL = `SELECT table_name AS name FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name = 'main'
  AND starts_with(table_name, '${TYPED_IN_WAREHOUSE}')`;

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
 * rows are read on one (scale 100: the rules 3.0 s → 1.4 s, DuckDB alone). A table whose typed
 * rows took the warehouse table's place (`placed`) holds the ingest's rows only: it is read whole.
 */
export function ruleSources(
  typed: { typed: string; ordre: number; table: TableName; pruned: boolean }[],
  placed: ReadonlySet<string>,
): RuleSources {
  const source = (table: "Actions" | "Collectifs") => {
    const target = TABLES[table].stored;
    if (placed.has(target)) return target;
    const fields = STORED_FIELDS[target].map((f) => f.name).join(", ");
    const vouchedRows = typed
      .filter((t) => t.table === table)
      .map((t) =>
        t.pruned
          ? `SELECT ${fields} FROM ${warehouseTypedTable(t.ordre)}`
          : `SELECT ${fields} FROM (${t.typed}) ${vouched(t.ordre)}`,
      );
    const validated = `SELECT ${fields} FROM ${target} WHERE (fichier, ligne) IN (SELECT (fichier, ligne) FROM ${ACCEPTED} WHERE table_export = ${sqlString(table)})`;
    return `(${[...vouchedRows, validated].join("\nUNION ALL ")})`;
  };
  return { actions: source("Actions"), collectifs: source("Collectifs") };
}
