// The rows SQL vouched for, into the warehouse: from the work table of typed
// rows, with the personal cells of the actions into their own table.
import { TABLES, type TableName } from "../export/fields.js";
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
 * The personal cells of the actions just inserted from `file`: the rows of
 * `actions` from this file in this import's slices are exactly those (rows of
 * those slices from earlier imports are deleted first). Before the validator's rows.
 * From the typed rows, where the personal cells are as written (NULL where the file has no
 * such column): not DuckDB's reader over the file again (0.8–1.3 s at scale 100).
 */
export function insertCleanPersonalSql(typed: string, file: string): string {
  const names = PERSONAL_FIELDS.map((f) => `p.${f.name}`);
  return `INSERT INTO donnees_personnelles
SELECT a.campagne, a.departement, a.id_action, NULL, ${names.join(", ")}, NULL
FROM actions a JOIN (SELECT ligne, ${PERSONAL_FIELDS.map((f) => f.name).join(", ")} FROM (${typed})) p USING (ligne)
WHERE a.fichier = ${sqlString(file)} AND (a.campagne, a.departement) IN (SELECT (campagne, departement) FROM import_tranches)
  AND coalesce(${names.join(", ")}) IS NOT NULL`;
}
