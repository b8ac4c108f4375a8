// Claims in SQL: each row's key in `cles`, the facts of the keys claimed
// twice and of the collectifs' actions in `faits`, and the slices an ingest replaces.
import { SIDE_TABLES, type TableName } from "../export/fields.js";
import type { Value } from "../export/types.js";
import { sqlString } from "../warehouse/sql-text.js";
import { SIDE_LIST } from "../warehouse/schema.js";
import { WORK } from "./work-sql.js";

/**
 * A key in `cles` beyond its campagne and département: `id_action` and a
 * second part (`id_collectif`): a collectif's number, a visit's date, a
 * practice's identifier (which has no N° dossier in its key).
 */
const KEY_PARTS: Record<TableName, [first: string | null, second: string | null]> = {
  Actions: ["id_action", null],
  Collectifs: ["id_action", "id_collectif"],
  Agréments: ["id_action", null],
  Visites: ["id_action", "date_visite"],
  Pratiques: [null, "id_pratique"],
};

/** The key parts of a validated row, as the appender writes them into `cles`. */
export function keyParts(
  table: TableName,
  values: Record<string, Value>,
): [string | null, string | null] {
  const part = (field: string | null) => {
    const v = field === null ? null : values[field];
    return typeof v === "string" && v !== "" ? v : null;
  };
  const [first, second] = KEY_PARTS[table];
  return [part(first), part(second)];
}

/** The keys of the rows SQL vouches for in one table, from its typed rows, as `cles` holds them. */
function vouchedKeys(typed: string, table: TableName, ordre: number): string {
  const [first, second] = KEY_PARTS[table].map((f) =>
    f === null ? "NULL" : `CAST(${f} AS VARCHAR)`,
  );
  return `SELECT ${sqlString(table)} AS table_export, ${ordre} AS ordre, ligne, campagne, departement,
  ${first} AS id_action, ${second} AS id_collectif, true AS valide
FROM (${typed}) WHERE propre`;
}

/**
 * Every row's key: SQL's from the typed rows (read where they are, not copied: 2.7 million keys
 * at scale 100 took 2.3 s to write), the validator's from `cles`.
 */
export function allKeys(tables: { typed: string; table: TableName; ordre: number }[]): string {
  const keys = [
    ...tables.map((t) => vouchedKeys(t.typed, t.table, t.ordre)),
    `SELECT * FROM ${WORK}.cles`,
  ];
  return `(${keys.join("\nUNION ALL ")})`;
}

/** A side table's rows whose key is whole: the rows that claim it. */
const SIDE_KEYS = SIDE_TABLES.map((t) => {
  const parts = KEY_PARTS[t].flatMap((f, i) =>
    f === null ? [] : [`${i === 0 ? "id_action" : "id_collectif"} IS NOT NULL`],
  );
  return `(table_export = ${sqlString(t)} AND ${parts.join(" AND ")})`;
}).join(" OR ");

/** The rows SQL does not vouch for: their keys are the validator's to give. */
export function uncleanRowsSql(typed: string): string {
  return `SELECT ligne FROM (${typed}) WHERE NOT propre ORDER BY ligne`;
}
export function claimedRowsSql(ordre: number): string {
  return `SELECT ligne FROM ${WORK}.faits WHERE ordre = ${ordre} ORDER BY ligne`;
}

/**
 * Each row's key claimed by an earlier row (actions first, then collectifs;
 * files in order; rows in order), and each collectif's action: the first row
 * with its key, accepted or not. Only the rows these facts concern. `keys`: allKeys.
 */
export const claimsSql = (keys: string) => `
CREATE OR REPLACE TABLE ${WORK}.faits AS
WITH a AS (
  SELECT *, row_number() OVER w AS rang, first_value(ordre) OVER w AS p_ordre,
    first_value(ligne) OVER w AS p_ligne
  FROM ${keys} k
  WHERE table_export = 'Actions' AND campagne IS NOT NULL AND departement IS NOT NULL AND id_action IS NOT NULL
  WINDOW w AS (PARTITION BY campagne, departement, id_action ORDER BY ordre, ligne)
), premieres AS (
  SELECT campagne, departement, id_action, ordre, ligne, valide FROM a WHERE rang = 1
), c AS (
  SELECT *, row_number() OVER w AS rang, first_value(ordre) OVER w AS p_ordre,
    first_value(ligne) OVER w AS p_ligne
  FROM ${keys} k
  WHERE table_export = 'Collectifs' AND campagne IS NOT NULL AND departement IS NOT NULL AND id_action IS NOT NULL
  WINDOW w AS (PARTITION BY campagne, departement, id_action, id_collectif ORDER BY ordre, ligne)
), g AS (
  SELECT *, row_number() OVER w AS rang, first_value(ordre) OVER w AS p_ordre,
    first_value(ligne) OVER w AS p_ligne
  FROM ${keys} k
  WHERE campagne IS NOT NULL AND departement IS NOT NULL AND (${SIDE_KEYS})
  WINDOW w AS (PARTITION BY table_export, campagne, departement, id_action, id_collectif ORDER BY ordre, ligne)
)
SELECT 'Actions' AS table_export, ordre, ligne, p_ordre AS doublon_ordre, p_ligne AS doublon_ligne,
  NULL::VARCHAR AS action_etat, NULL::INTEGER AS action_ordre, NULL::INTEGER AS action_ligne
FROM a WHERE rang > 1
UNION ALL
SELECT table_export, ordre, ligne, p_ordre, p_ligne, NULL, NULL, NULL
FROM g WHERE rang > 1
UNION ALL
SELECT 'Collectifs', c.ordre, c.ligne,
  CASE WHEN c.id_collectif IS NOT NULL AND c.rang > 1 THEN c.p_ordre END,
  CASE WHEN c.id_collectif IS NOT NULL AND c.rang > 1 THEN c.p_ligne END,
  CASE WHEN p.id_action IS NULL THEN 'inconnue' WHEN p.valide THEN 'acceptee' ELSE 'rejetee' END,
  p.ordre, p.ligne
FROM c LEFT JOIN premieres p USING (campagne, departement, id_action)
WHERE (c.id_collectif IS NOT NULL AND c.rang > 1) OR p.id_action IS NULL OR NOT p.valide`;

/** The slices the import replaces: the export's (its two tables), and each side table's own. */
export const slicesSql = (keys: string) => `
INSERT INTO import_tranches
SELECT DISTINCT campagne, departement FROM ${keys} k
WHERE campagne IS NOT NULL AND departement IS NOT NULL AND table_export NOT IN (${SIDE_LIST});
INSERT INTO import_listes
SELECT DISTINCT table_export, campagne, departement FROM ${keys} k
WHERE campagne IS NOT NULL AND departement IS NOT NULL AND table_export IN (${SIDE_LIST});`;

export const READ_SLICES_SQL =
  "SELECT campagne, departement FROM import_tranches ORDER BY campagne, departement";

/** The side tables' slices replaced, in the order of TABLE_ORDER. */
export const READ_LIST_SLICES_SQL = `SELECT table_export AS "table", campagne, departement FROM import_listes
ORDER BY list_position([${SIDE_LIST}], table_export), campagne, departement`;
