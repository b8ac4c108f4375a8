// The SQL of what the site publishes beyond the indicators: breakdowns, the
// actions list, data quality. Personal data is never selected here.
import { SUITES } from "../export/fields.js";
import { RULES, ruleColumn } from "../referentiel/rules.js";

const q = (name: string) => `"${name}"`;
const ZONE = `CASE WHEN GROUPING(departement) = 1 THEN 'FR' ELSE departement END AS departement`;
const SETS = `GROUP BY GROUPING SETS ((campagne, departement, modalite), (campagne, modalite))`;

function breakdown(dimension: string, from: string, modalite: string, valeur: string): string {
  return `SELECT campagne, ${ZONE}, '${dimension}' AS dimension, modalite, CAST(${valeur} AS DOUBLE) AS valeur
  FROM (SELECT *, ${modalite} AS modalite FROM ${from}) ${SETS}`;
}

const RENSEIGNE = (col: string) =>
  `CASE WHEN ${col} IS NULL THEN 'Non renseigné' WHEN ${col} THEN 'Oui' ELSE 'Non' END`;

/** The questionnaire's breakdowns, long: (campagne, département or FR, dimension, modalité, valeur). */
export const BREAKDOWNS =
  [
    breakdown("type_structure", "actions", "type_structure", "count(*)"),
    breakdown("qpv", "actions", RENSEIGNE("qpv"), "count(*)"),
    breakdown("reaap", "actions", RENSEIGNE("reaap"), "count(*)"),
    breakdown(
      "projet_educatif",
      "actions",
      "COALESCE(projet_educatif, 'Non renseigné')",
      "count(*)",
    ),
    breakdown("lieu_type", "collectifs", "lieu_type", "count(*)"),
    breakdown(
      "niveau",
      "collectifs",
      "CASE WHEN niveau IN ('Maternelle', 'Autre') THEN 'Autre' ELSE niveau END",
      "sum(enfants)",
    ),
    breakdown(
      "filles",
      "collectifs",
      "CASE WHEN filles IS NULL THEN 'Non renseigné' ELSE 'Renseigné' END",
      "sum(filles)",
    ),
    breakdown(
      "enfants_filles_renseigne",
      "collectifs",
      "CASE WHEN filles IS NULL THEN 'Non renseigné' ELSE 'Renseigné' END",
      "sum(enfants)",
    ),
    ...[
      ["montant_ps", "Prestation de service Clas"],
      ["montant_fonds_locaux", "Fonds locaux Caf"],
      ["cofin_commune", "Commune"],
      ["cofin_departement", "Département"],
      ["cofin_etat", "État"],
      ["cofin_autres", "Autres"],
    ].map(([col, label]) =>
      breakdown("financement", "actions", `'${label}'`, `COALESCE(sum(${col}), 0)`),
    ),
  ].join("\nUNION ALL\n") + "\nORDER BY campagne, departement, dimension, modalite";

const collectifRules = RULES.filter((r) => r.unit === "collectif");
const actionRules = RULES.filter((r) => r.unit === "action");

/** Each action with its conformity and the rules it fails (internal audience). */
export const ACTIONS_LIST = `
SELECT a.campagne, a.departement, a.id_action, a.porteur_nom, a.action_nom, a.type_structure, a.rural,
  r.collectifs, CAST(COALESCE(k.enfants, 0) AS INTEGER) AS enfants, r.conforme,
  list_filter([${[
    ...collectifRules.map(
      (rule) => `CASE WHEN NOT COALESCE(k.${q(ruleColumn(rule))}, true) THEN '${rule.id}' END`,
    ),
    ...actionRules.map((rule) => `CASE WHEN NOT r.${q(ruleColumn(rule))} THEN '${rule.id}' END`),
  ].join(", ")}], x -> x IS NOT NULL) AS echecs
FROM actions a
JOIN regles_actions r USING (campagne, departement, id_action)
LEFT JOIN (
  SELECT rc.campagne, rc.departement, rc.id_action, sum(c.enfants) AS enfants,
    ${collectifRules.map((rule) => `bool_and(rc.${q(ruleColumn(rule))}) AS ${q(ruleColumn(rule))}`).join(", ")}
  FROM regles_collectifs rc JOIN collectifs c USING (campagne, departement, id_action, id_collectif)
  GROUP BY ALL
) k USING (campagne, departement, id_action)
ORDER BY a.campagne, a.departement, a.id_action`;

/** The porteur (SIRET, name) of a rejected row or warning: its own cells, else its action's. */
const PORTEUR_OF = (alias: string) => `
  COALESCE(json_extract_string(${alias}.cellules, '$.siret'), acc.siret, rej_a.siret) AS siret,
  COALESCE(json_extract_string(${alias}.cellules, '$.porteur_nom'), acc.porteur_nom, rej_a.porteur_nom) AS porteur`;

const ACTION_OF = (alias: string) => `
LEFT JOIN actions acc ON acc.campagne = ${alias}.campagne AND acc.departement = ${alias}.departement
  AND acc.id_action = split_part(${alias}.cle, '/', 1)
LEFT JOIN (
  SELECT campagne, departement, cle, any_value(json_extract_string(cellules, '$.siret')) AS siret,
    any_value(json_extract_string(cellules, '$.porteur_nom')) AS porteur_nom
  FROM rejets WHERE table_export = 'Actions' GROUP BY ALL
) rej_a ON rej_a.campagne = ${alias}.campagne AND rej_a.departement = ${alias}.departement
  AND rej_a.cle = split_part(${alias}.cle, '/', 1)`;

/** A reason to count by: the message's first clause, numbers blanked. */
const REASON = `regexp_replace(split_part(message, ' : ', 1), '[0-9]+', 'n', 'g')`;

/** Rejected rows with their problems and their (non-personal) cells. */
export const REJECTS = `
SELECT r.campagne, r.departement, r.fichier, r.table_export, r.ligne, r.cle, r.cellules,
  ${PORTEUR_OF("r")},
  list({colonne: p.colonne, valeur: p.valeur, message: p.message, motif: ${REASON.replace("message", "p.message")}} ORDER BY p.rang) AS problemes
FROM rejets r JOIN rejet_problemes p USING (rejet_id)
${ACTION_OF("r")}
GROUP BY ALL
ORDER BY r.campagne NULLS FIRST, r.departement NULLS FIRST, r.fichier, r.ligne`;

export const WARNINGS = `
SELECT w.campagne, w.departement, w.fichier, w.table_export, w.ligne, w.cle, w.colonne, w.valeur, w.message,
  ${REASON.replace("message", "w.message")} AS motif,
  COALESCE(acc.siret, rej_a.siret) AS siret, COALESCE(acc.porteur_nom, rej_a.porteur_nom) AS porteur
FROM avertissements w
${ACTION_OF("w")}
ORDER BY w.campagne NULLS FIRST, w.departement NULLS FIRST, w.fichier, w.ligne, w.rang`;

/**
 * Actions whose declared milieu disagrees with the INSEE density grid of their
 * places' communes (levels 5–7 rural): the grid says rural when most of the
 * action's collectifs are in rural communes. Needs `communes_densite(code, rural)`.
 */
export const RURAL_MISMATCH = `
SELECT a.campagne, a.departement, a.id_action, a.porteur_nom, a.rural AS rural_declare,
  CAST(count_if(d.rural) AS INTEGER) AS collectifs_ruraux, CAST(count(*) AS INTEGER) AS collectifs
FROM actions a
JOIN collectifs c USING (campagne, departement, id_action)
JOIN communes_densite d ON d.code = c.code_insee
WHERE d.rural IS NOT NULL
GROUP BY ALL
HAVING a.rural <> (count_if(d.rural) * 2 > count(*))
ORDER BY a.campagne, a.departement, a.id_action`;

/** The collectifs of the newest campagne that may be on a public map: never at a family's home. */
export const MAP_COLLECTIFS = `
SELECT c.campagne, c.departement, c.id_action, c.id_collectif, c.niveau, c.lieu_nom, c.lieu_type,
  c.adresse, c.code_postal, c.commune, c.code_insee, c.latitude, c.longitude,
  c.seances_semaine, c.duree_seance, c.lieu_accessible_parents,
  a.porteur_nom, a.siret, a.rural, a.qpv
FROM collectifs c
JOIN actions a USING (campagne, departement, id_action)
WHERE c.lieu_type <> 'Domicile des familles'
  AND c.campagne = (SELECT max(campagne) FROM actions)
ORDER BY c.departement, c.code_insee, c.id_action, c.id_collectif`;

export const GEOCODE_CACHE = `SELECT cle, latitude, longitude, score FROM geocodage`;

/** The agreed actions with no accepted questionnaire (internal: the secretariat writes to them). */
export const AGREED_UNANSWERED = `
SELECT g.campagne, g.departement, g.id_action, g.siret, g.porteur_nom, g.action_nom,
  CAST(g.montant_agree AS DOUBLE) AS montant_agree
FROM agrements g
WHERE NOT EXISTS (SELECT 1 FROM actions a WHERE a.campagne = g.campagne
  AND a.departement = g.departement AND a.id_action = g.id_action)
ORDER BY g.campagne, g.departement, g.porteur_nom, g.id_action`;

/** The accepted actions of a slice with a list that the list does not have (a mistyped N° dossier?). */
export const OUTSIDE_LIST = `
SELECT a.campagne, a.departement, a.id_action, a.siret, a.porteur_nom, a.action_nom
FROM actions a
WHERE (a.campagne, a.departement) IN (SELECT (campagne, departement) FROM agrements)
  AND NOT EXISTS (SELECT 1 FROM agrements g WHERE g.campagne = a.campagne
    AND g.departement = a.departement AND g.id_action = a.id_action)
ORDER BY a.campagne, a.departement, a.porteur_nom, a.id_action`;

/** The campagnes of the database (any table), newest first: « the last three » of spec/suivi.md. */
const RECENT_CAMPAGNES = `(SELECT campagne FROM (
  SELECT campagne FROM actions UNION SELECT campagne FROM agrements
  UNION SELECT campagne FROM visites UNION SELECT campagne FROM pratiques
) ORDER BY campagne DESC LIMIT 3)`;

/**
 * Good practices (spec/suivi.md) with the action and porteur they come from
 * (when an accepted action has their N° dossier); `publiques`: `Publique` ones only.
 */
export function practicesSql(publiques: boolean): string {
  return `
SELECT p.campagne, p.departement, p.id_pratique, p.titre, string_split(p.axes, '|') AS axes,
  CASE WHEN p.niveaux IS NULL THEN [] ELSE string_split(p.niveaux, '|') END AS niveaux,
  p.description, p.diffusion, a.id_action, a.action_nom, a.porteur_nom
FROM pratiques p
LEFT JOIN actions a ON a.campagne = p.campagne AND a.departement = p.departement AND a.id_action = p.id_action
${publiques ? "WHERE p.diffusion = 'Publique'" : ""}
ORDER BY p.campagne, p.departement, p.id_pratique`;
}

/** Each visit with its texts, and its action when the export has it (internal only). */
export const VISITS = `
SELECT v.campagne, v.departement, v.id_action, v.date_visite, v.visiteur, v.suite,
  v.points_forts, v.points_a_ameliorer, v.bonne_pratique,
  a.porteur_nom, a.action_nom, a.id_action IS NOT NULL AS dans_export
FROM visites v
LEFT JOIN actions a USING (campagne, departement, id_action)
ORDER BY v.campagne, v.departement, v.date_visite, v.id_action`;

/**
 * The actions to visit first (spec/suivi.md): accepted actions of the newest
 * campagne of the database not visited in any of its last three campagnes;
 * non-conformes first, then porteurs in their first campagne (their SIRET in
 * no earlier campagne of the actions or of the list), then the rest.
 */
export const TO_VISIT = `
WITH newest AS (SELECT max(campagne) AS campagne FROM ${RECENT_CAMPAGNES}),
candidates AS (
  SELECT a.campagne, a.departement, a.id_action, a.porteur_nom, a.action_nom, a.siret, r.conforme,
    NOT EXISTS (SELECT 1 FROM actions p WHERE p.siret = a.siret AND p.campagne < a.campagne)
      AND NOT EXISTS (SELECT 1 FROM agrements g WHERE g.siret = a.siret AND g.campagne < a.campagne)
      AS premiere_campagne,
    (SELECT max(v.campagne) FROM visites v WHERE v.departement = a.departement AND v.id_action = a.id_action)
      AS derniere_visite
  FROM actions a
  JOIN regles_actions r USING (campagne, departement, id_action)
  WHERE a.campagne = (SELECT campagne FROM newest)
    AND NOT EXISTS (SELECT 1 FROM visites v WHERE v.departement = a.departement
      AND v.id_action = a.id_action AND v.campagne IN ${RECENT_CAMPAGNES})
)
SELECT *, CASE WHEN NOT conforme THEN 1 WHEN premiere_campagne THEN 2 ELSE 3 END AS priorite
FROM candidates
ORDER BY departement, priorite, id_action`;

/** Visits per (campagne, département, suite), suites in the format's order: the follow-up of the bilan (internal only). */
export const VISITS_BY_SUITE = `
SELECT campagne, departement, suite, CAST(count(*) AS INTEGER) AS visites
FROM visites GROUP BY campagne, departement, suite
ORDER BY campagne, departement, list_position([${SUITES.map((s) => `'${s.replace(/'/g, "''")}'`).join(", ")}], suite)`;
