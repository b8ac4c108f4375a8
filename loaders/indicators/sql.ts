// The SQL of the indicators, in one place (spec/indicators.md). Per
// (campagne, département) and for France (`FR`), computed from the rows.
import { OBJECTIFS } from "../referentiel/objectifs.js";
import { RULES, ruleColumn, type Rule } from "../referentiel/rules.js";

/** Indicator names, in the contract's order. */
export const INDICATORS: readonly string[] = [
  "campagne",
  "departement",
  "departement_nom",
  "porteurs",
  "actions",
  "actions_rurales",
  "collectifs",
  "lieux",
  "enfants",
  "enfants_elementaire",
  "enfants_college",
  "enfants_lycee",
  "enfants_autre",
  "filles",
  "familles",
  "parents_impliques",
  "intervenants_salaries",
  "intervenants_benevoles",
  "heures_accompagnement",
  "heures_enfants",
  "budget_total",
  "montant_ps",
  "montant_fonds_locaux",
  "cofinancements",
  "part_caf",
  "cout_par_enfant",
  "enfants_par_collectif",
  "taux_rural",
  "taux_conformite",
  ...RULES.map((r) => `taux_${ruleColumn(r)}`),
  "couverture_4_axes",
  "lignes_rejetees",
  // the response to the questionnaire, from the list of agreed actions (spec/agrements.md)
  "actions_agreees",
  "actions_agreees_repondu",
  "taux_reponse",
  "structures_agreees",
  "structures_repondu",
  "taux_reponse_structures",
  "montant_agree",
  "actions_hors_liste",
];

const q = (name: string) => `"${name}"`;
const passed = (r: Rule) => q(`ok_${ruleColumn(r)}`);

/** `FR` for the campagne-wide grouping set, the zone (département or région) otherwise. */
const DEPARTEMENT = (alias: string) =>
  `CASE WHEN GROUPING(${alias}.zone) = 1 THEN 'FR' ELSE ${alias}.zone END AS departement`;
const GROUPS = (alias: string) =>
  `GROUP BY GROUPING SETS ((${alias}.campagne, ${alias}.zone), (${alias}.campagne))`;

export type Level = "departement" | "region";

/** The rows of a table with their zone: their département, or its région. */
function zoned(table: string, level: Level): string {
  return level === "departement"
    ? `(SELECT *, departement AS zone FROM ${table})`
    : `(SELECT t.*, z.region AS zone FROM ${table} t LEFT JOIN departements z ON z.code = t.departement)`;
}

/** Addresses compared case-, accent-, punctuation- and space-insensitively (as normalizeKey). */
const ADDRESS_KEY = `regexp_replace(strip_accents(replace(replace(lower(c.adresse), 'œ', 'oe'), 'æ', 'ae')), '[^a-z0-9]', '', 'g')`;
/** A place: (code commune, address); a collectif without address is a place of its own. */
const PLACE_KEY = `CASE WHEN COALESCE(${ADDRESS_KEY}, '') = ''
    THEN 'collectif|' || c.departement || '|' || c.id_action || '|' || c.id_collectif
    ELSE c.code_insee || '|' || ${ADDRESS_KEY} END`;

const ratio = (num: string, den: string) =>
  `CAST(${num} AS DOUBLE) / NULLIF(CAST(${den} AS DOUBLE), 0)`;
const num = (expr: string) => `CAST(COALESCE(${expr}, 0) AS DOUBLE)`;

/**
 * The indicators table, per département (or per région) and for France. Needs
 * `actions`, `collectifs`, `agrements`, `regles_actions`, `regles_collectifs`, `rejets`,
 * `departements(code, nom, region)` and, per région, `regions(code, nom)`;
 * `campagne` (a parameter, `$campagne` by default, or NULL for every campagne) filters. The zone's code is in the
 * `departement` column, as the contract names it.
 */
export function indicatorsSql(level: Level = "departement", campagne = "$campagne"): string {
  const collectifRules = RULES.filter((r) => r.unit === "collectif");
  const actionRules = RULES.filter((r) => r.unit === "action");
  const allObjectives = OBJECTIFS.map((o) => `a.${o.field}`).join(" AND ");
  const sessionHours = "c.seances_semaine * c.duree_seance / 60.0 * c.semaines";
  return `
WITH
act AS (
  SELECT a.campagne, ${DEPARTEMENT("a")},
    count(DISTINCT a.siret) AS porteurs,
    count(*) AS actions,
    count_if(a.rural) AS actions_rurales,
    sum(a.familles) AS familles,
    sum(a.parents_impliques) AS parents_impliques,
    sum(a.intervenants_salaries) AS intervenants_salaries,
    sum(a.intervenants_benevoles) AS intervenants_benevoles,
    sum(a.budget_total) AS budget_total,
    sum(a.montant_ps) AS montant_ps,
    sum(a.montant_fonds_locaux) AS montant_fonds_locaux,
    sum(COALESCE(a.cofin_commune, 0) + COALESCE(a.cofin_departement, 0) + COALESCE(a.cofin_etat, 0) + COALESCE(a.cofin_autres, 0)) AS cofinancements,
    count_if(r.conforme) AS conformes,
    ${actionRules.map((rule) => `count_if(r.${q(ruleColumn(rule))}) AS ${passed(rule)}`).join(",\n    ")},
    count_if(${allObjectives}) AS quatre_axes
  FROM ${zoned("actions", level)} a
  JOIN regles_actions r ON r.campagne = a.campagne AND r.departement = a.departement AND r.id_action = a.id_action
  WHERE ${campagne} IS NULL OR a.campagne = ${campagne}
  ${GROUPS("a")}
),
col AS (
  SELECT c.campagne, ${DEPARTEMENT("c")},
    count(*) AS collectifs,
    count(DISTINCT ${PLACE_KEY}) AS lieux,
    sum(c.enfants) AS enfants,
    sum(c.enfants) FILTER (WHERE c.niveau = 'Élémentaire') AS enfants_elementaire,
    sum(c.enfants) FILTER (WHERE c.niveau = 'Collège') AS enfants_college,
    sum(c.enfants) FILTER (WHERE c.niveau = 'Lycée') AS enfants_lycee,
    sum(c.enfants) FILTER (WHERE c.niveau IN ('Maternelle', 'Autre')) AS enfants_autre,
    sum(c.filles) AS filles,
    sum(${sessionHours}) AS heures_accompagnement,
    sum(CAST(c.enfants AS BIGINT) * ${sessionHours}) AS heures_enfants,
    ${collectifRules.map((rule) => `count_if(r.${q(ruleColumn(rule))}) AS ${passed(rule)}`).join(",\n    ")}
  FROM ${zoned("collectifs", level)} c
  JOIN regles_collectifs r ON r.campagne = c.campagne AND r.departement = c.departement
    AND r.id_action = c.id_action AND r.id_collectif = c.id_collectif
  WHERE ${campagne} IS NULL OR c.campagne = ${campagne}
  ${GROUPS("c")}
),
rej AS (
  SELECT campagne, zone AS departement, count(*) AS lignes_rejetees FROM ${zoned("rejets", level)}
  WHERE campagne IS NOT NULL AND zone IS NOT NULL AND table_export <> 'Agréments'
    AND (${campagne} IS NULL OR campagne = ${campagne})
  GROUP BY ALL
  UNION ALL
  SELECT campagne, 'FR', count(*) FROM rejets
  WHERE campagne IS NOT NULL AND table_export <> 'Agréments'
    AND (${campagne} IS NULL OR campagne = ${campagne})
  GROUP BY ALL
),
-- each agreed action, and whether an accepted action of the export has its key
liste AS (
  SELECT g.campagne, g.zone, g.siret, g.montant_agree,
    EXISTS (SELECT 1 FROM actions a WHERE a.campagne = g.campagne AND a.departement = g.departement
      AND a.id_action = g.id_action) AS repondu
  FROM ${zoned("agrements", level)} g
  WHERE ${campagne} IS NULL OR g.campagne = ${campagne}
),
agr AS (
  SELECT l.campagne, ${DEPARTEMENT("l")},
    count(*) AS actions_agreees,
    count_if(l.repondu) AS actions_agreees_repondu,
    count(DISTINCT l.siret) AS structures_agreees,
    count(DISTINCT l.siret) FILTER (WHERE l.repondu) AS structures_repondu,
    sum(l.montant_agree) AS montant_agree
  FROM liste l
  ${GROUPS("l")}
),
-- accepted actions of the slices (départements) that have a list, and whether the list has them
hors AS (
  SELECT a.campagne, ${DEPARTEMENT("a")},
    count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM agrements g WHERE g.campagne = a.campagne
      AND g.departement = a.departement AND g.id_action = a.id_action)) AS actions_hors_liste
  FROM ${zoned("actions", level)} a
  WHERE (a.campagne, a.departement) IN (SELECT (campagne, departement) FROM agrements)
    AND (${campagne} IS NULL OR a.campagne = ${campagne})
  ${GROUPS("a")}
),
slices AS (
  SELECT campagne, departement FROM act UNION SELECT campagne, departement FROM rej
  UNION SELECT campagne, departement FROM agr
)
SELECT
  k.campagne,
  k.departement,
  CASE WHEN k.departement = 'FR' THEN 'France' ELSE d.nom END AS departement_nom,
  ${num("act.porteurs")} AS porteurs,
  ${num("act.actions")} AS actions,
  ${num("act.actions_rurales")} AS actions_rurales,
  ${num("col.collectifs")} AS collectifs,
  ${num("col.lieux")} AS lieux,
  ${num("col.enfants")} AS enfants,
  ${num("col.enfants_elementaire")} AS enfants_elementaire,
  ${num("col.enfants_college")} AS enfants_college,
  ${num("col.enfants_lycee")} AS enfants_lycee,
  ${num("col.enfants_autre")} AS enfants_autre,
  ${num("col.filles")} AS filles,
  ${num("act.familles")} AS familles,
  ${num("act.parents_impliques")} AS parents_impliques,
  ${num("act.intervenants_salaries")} AS intervenants_salaries,
  ${num("act.intervenants_benevoles")} AS intervenants_benevoles,
  ${num("col.heures_accompagnement")} AS heures_accompagnement,
  ${num("col.heures_enfants")} AS heures_enfants,
  ${num("act.budget_total")} AS budget_total,
  ${num("act.montant_ps")} AS montant_ps,
  ${num("act.montant_fonds_locaux")} AS montant_fonds_locaux,
  ${num("act.cofinancements")} AS cofinancements,
  ${ratio("act.montant_ps + act.montant_fonds_locaux", "act.budget_total")} AS part_caf,
  ${ratio("act.budget_total", "col.enfants")} AS cout_par_enfant,
  ${ratio("col.enfants", "col.collectifs")} AS enfants_par_collectif,
  ${ratio("act.actions_rurales", "act.actions")} AS taux_rural,
  ${ratio("act.conformes", "act.actions")} AS taux_conformite,
  ${RULES.map((r) => `${ratio(`${r.unit === "collectif" ? "col" : "act"}.${passed(r)}`, r.unit === "collectif" ? "col.collectifs" : "act.actions")} AS ${q(`taux_${ruleColumn(r)}`)}`).join(",\n  ")},
  ${ratio("act.quatre_axes", "act.actions")} AS couverture_4_axes,
  ${num("rej.lignes_rejetees")} AS lignes_rejetees,
  CAST(agr.actions_agreees AS DOUBLE) AS actions_agreees,
  CAST(agr.actions_agreees_repondu AS DOUBLE) AS actions_agreees_repondu,
  ${ratio("agr.actions_agreees_repondu", "agr.actions_agreees")} AS taux_reponse,
  CAST(agr.structures_agreees AS DOUBLE) AS structures_agreees,
  CAST(agr.structures_repondu AS DOUBLE) AS structures_repondu,
  ${ratio("agr.structures_repondu", "agr.structures_agreees")} AS taux_reponse_structures,
  CAST(agr.montant_agree AS DOUBLE) AS montant_agree,
  CASE WHEN agr.actions_agreees IS NULL THEN NULL ELSE ${num("hors.actions_hors_liste")} END AS actions_hors_liste
FROM slices k
LEFT JOIN act ON act.campagne = k.campagne AND act.departement = k.departement
LEFT JOIN col ON col.campagne = k.campagne AND col.departement = k.departement
LEFT JOIN rej ON rej.campagne = k.campagne AND rej.departement = k.departement
LEFT JOIN agr ON agr.campagne = k.campagne AND agr.departement = k.departement
LEFT JOIN hors ON hors.campagne = k.campagne AND hors.departement = k.departement
LEFT JOIN ${level === "departement" ? "departements" : "regions"} d ON d.code = k.departement
ORDER BY k.campagne, k.departement = 'FR', k.departement
`;
}
