// The warehouse's tables. Columns of actions and collectifs come from the
// export's field table; personal data lives in its own table only.
import {
  ACTION_FIELDS,
  AGREMENT_FIELDS,
  COLLECTIF_FIELDS,
  PRATIQUE_FIELDS,
  SIDE_TABLES,
  VISITE_FIELDS,
  type FieldDef,
} from "../export/fields.js";
import { CREATE_RULE_TABLES } from "../referentiel/compile.js";
import { sqlString } from "./sql-text.js";

export const SCHEMA_VERSION = 1;

export function sqlType(field: FieldDef): string {
  switch (field.kind) {
    case "bool":
      return "BOOLEAN";
    case "date":
      return "DATE";
    case "int":
    case "minutes":
      return "INTEGER";
    case "money":
      return "DECIMAL(18,2)";
    case "latitude":
    case "longitude":
      return "DOUBLE";
    default:
      return "VARCHAR";
  }
}

/** Stored (non-personal) fields of each table, in column order. */
export const STORED_FIELDS = {
  actions: ACTION_FIELDS.filter((f) => !f.personal),
  collectifs: COLLECTIF_FIELDS.filter((f) => !f.personal),
  agrements: AGREMENT_FIELDS,
  visites: VISITE_FIELDS,
  pratiques: PRATIQUE_FIELDS,
};

export const PERSONAL_FIELDS = ACTION_FIELDS.filter((f) => f.personal);

function columns(fields: readonly FieldDef[]): string {
  return fields.map((f) => `  ${f.name} ${sqlType(f)}`).join(",\n");
}

/**
 * The accepted rows' tables: all the rules and indicators need, with `rejets`
 * and the rule tables. The list of agreed actions (spec/agrements.md) says who
 * should have answered; visits and practices (spec/suivi.md) hold a list cell
 * as its values joined by « | ».
 */
export const CREATE_ROW_TABLES = Object.entries(STORED_FIELDS)
  .map(
    ([table, fields]) => `CREATE TABLE IF NOT EXISTS ${table} (
${columns(fields)},
  fichier VARCHAR, ligne INTEGER
);`,
  )
  .join("\n");

/**
 * The warehouse's tables. `json`: a rejected row's cells in a JSON column;
 * without it (DuckDB-Wasm in the page, where JSON would load an extension
 * from the network), the same JSON text in a VARCHAR one.
 */
export function createSchema(options: { json: boolean }): string {
  return `
CREATE TABLE IF NOT EXISTS meta (cle VARCHAR, valeur VARCHAR);
CREATE TABLE IF NOT EXISTS fichiers (
  hash VARCHAR, fichier VARCHAR, table_export VARCHAR, feuille VARCHAR, encodage VARCHAR,
  delimiteur VARCHAR, lignes INTEGER, acceptees INTEGER, rejetees INTEGER,
  avertissements INTEGER, importe_le TIMESTAMP
);
${CREATE_ROW_TABLES}
-- personal data, apart: accepted actions by key, rejected rows by rejet_id; a
-- rejected row's cells that may hold personal data (a row off its header) too
CREATE TABLE IF NOT EXISTS donnees_personnelles (
  campagne VARCHAR, departement VARCHAR, id_action VARCHAR, rejet_id VARCHAR,
${columns(PERSONAL_FIELDS)},
  cellules_masquees VARCHAR
);
ALTER TABLE donnees_personnelles ADD COLUMN IF NOT EXISTS cellules_masquees VARCHAR;
CREATE TABLE IF NOT EXISTS rejets (
  rejet_id VARCHAR, fichier_hash VARCHAR, fichier VARCHAR, table_export VARCHAR, ligne INTEGER,
  campagne VARCHAR, departement VARCHAR, cle VARCHAR, cellules ${options.json ? "JSON" : "VARCHAR"}
);
CREATE TABLE IF NOT EXISTS rejet_problemes (
  rejet_id VARCHAR, rang INTEGER, colonne VARCHAR, valeur VARCHAR, message VARCHAR
);
CREATE TABLE IF NOT EXISTS avertissements (
  fichier_hash VARCHAR, fichier VARCHAR, table_export VARCHAR, ligne INTEGER, campagne VARCHAR,
  departement VARCHAR, cle VARCHAR, rang INTEGER, colonne VARCHAR, valeur VARCHAR, message VARCHAR
);
-- address geocoding results, by normalised address and commune: never asked twice
CREATE TABLE IF NOT EXISTS geocodage (
  cle VARCHAR, code_insee VARCHAR, adresse VARCHAR, latitude DOUBLE, longitude DOUBLE,
  score DOUBLE, statut VARCHAR, code_insee_resultat VARCHAR, service VARCHAR
);
${CREATE_RULE_TABLES}`;
}

export const CREATE_SCHEMA = createSchema({ json: true });

/** The side tables' names as an SQL list: `'Agréments', 'Visites', 'Pratiques'`. */
export const SIDE_LIST = SIDE_TABLES.map(sqlString).join(", ");
/** A row of rejets or avertissements in a slice the import replaces (its table's, for a side table). */
const REPLACED_ROW = `(coalesce(table_export, '') NOT IN (${SIDE_LIST}) AND (campagne, departement) IN (SELECT (campagne, departement) FROM import_tranches))
     OR ((table_export, campagne, departement) IN (SELECT (table_export, campagne, departement) FROM import_listes))
     OR ((campagne IS NULL OR departement IS NULL) AND fichier_hash IN (SELECT hash FROM import_fichiers))`;

/**
 * Replaces the slices and files of an import; `import_tranches` (the export's
 * slices), `import_listes` (each side table's: the list of agreed actions,
 * visits, practices) and `import_fichiers` are filled first. An export never
 * removes a side table's rows, a side table never another table's.
 */
export const DELETE_REPLACED = `
DELETE FROM actions WHERE (campagne, departement) IN (SELECT (campagne, departement) FROM import_tranches);
DELETE FROM collectifs WHERE (campagne, departement) IN (SELECT (campagne, departement) FROM import_tranches);
DELETE FROM agrements WHERE (campagne, departement) IN (SELECT (campagne, departement) FROM import_listes WHERE table_export = 'Agréments');
DELETE FROM visites WHERE (campagne, departement) IN (SELECT (campagne, departement) FROM import_listes WHERE table_export = 'Visites');
DELETE FROM pratiques WHERE (campagne, departement) IN (SELECT (campagne, departement) FROM import_listes WHERE table_export = 'Pratiques');
CREATE OR REPLACE TEMP TABLE rejets_remplaces AS
  SELECT rejet_id FROM rejets
  WHERE ${REPLACED_ROW};
DELETE FROM donnees_personnelles
  WHERE (campagne, departement) IN (SELECT (campagne, departement) FROM import_tranches)
     OR rejet_id IN (SELECT rejet_id FROM rejets_remplaces);
DELETE FROM rejet_problemes WHERE rejet_id IN (SELECT rejet_id FROM rejets_remplaces);
DELETE FROM rejets WHERE rejet_id IN (SELECT rejet_id FROM rejets_remplaces);
DELETE FROM avertissements
  WHERE ${REPLACED_ROW};
DELETE FROM fichiers WHERE hash IN (SELECT hash FROM import_fichiers);
DELETE FROM seuils WHERE (campagne, departement) IN (SELECT (campagne, departement) FROM import_tranches);
DROP TABLE rejets_remplaces;
`;

export const CREATE_IMPORT_TABLES = `
CREATE OR REPLACE TEMP TABLE import_tranches (campagne VARCHAR, departement VARCHAR);
CREATE OR REPLACE TEMP TABLE import_listes (table_export VARCHAR, campagne VARCHAR, departement VARCHAR);
CREATE OR REPLACE TEMP TABLE import_fichiers (hash VARCHAR);
`;

/** Every (campagne, département) slice with an accepted action or an attributable reject. */
export const ALL_SLICES = `
SELECT campagne, departement FROM actions
UNION SELECT campagne, departement FROM rejets WHERE campagne IS NOT NULL AND departement IS NOT NULL`;
