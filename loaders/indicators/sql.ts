// The SQL of the indicators (spec/indicators.md), per (campagne, département)
// and for France (`FR`), computed from the rows: the per-slice aggregates
// here, each indicator's expression over them in the catalogue (src/lib/catalogue.ts).
import { INDICATOR_META } from "../../src/lib/catalogue.js";
import { foldSql } from "../../src/lib/normalize.js";
import { SUITES_ALERTE } from "../export/fields.js";
import { SIDE_LIST } from "../warehouse/schema.js";
import { OBJECTIFS } from "../referentiel/objectifs.js";
import { sqlString } from "../warehouse/sql-text.js";
import { RULES, ruleColumn, type Rule } from "../referentiel/rules.js";

/** The columns of an indicator row: the slice, then the catalogue's indicators in order. */
export const INDICATORS: readonly string[] = [
  "campagne",
  "departement",
  "departement_nom",
  ...INDICATOR_META.map((m) => m.key),
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

/**
 * Addresses compared case-, accent-, punctuation- and space-insensitively (as normalizeKey):
 * each distinct address folded once, then joined (scale 100: 2,400 addresses for 1.7 million
 * collectifs; folding every collectif's took 2.1 s of the indicators' 3.5 s).
 */
const ADDRESS_KEYS = `SELECT adresse, ${foldSql("adresse")} AS cle
  FROM (SELECT DISTINCT adresse FROM collectifs WHERE adresse IS NOT NULL)`;
/** A place: (code commune, address); a collectif without address is a place of its own. */
const PLACE_KEY = `CASE WHEN COALESCE(ad.cle, '') = ''
    THEN 'collectif|' || c.departement || '|' || c.id_action || '|' || c.id_collectif
    ELSE c.code_insee || '|' || ad.cle END`;

/**
 * `<name>`: the slice's facts (`<name>_faits`) with the rows of `table` passing each of `rules`
 * (and `extra`), counted in that table by slice. Every action and collectif stored has its row
 * in the rules' tables (the rules are evaluated on every slice stored), so the two are not
 * joined on their keys first (scale 100: the collectifs' join was 1.15 s of the indicators'
 * 3.5 s of operators).
 */
function withRuleCounts(
  name: string,
  table: string,
  rules: Rule[],
  level: Level,
  campagne: string,
  extra: string[] = [],
): string {
  const counts = rules.map((rule) => `count_if(r.${q(ruleColumn(rule))}) AS ${passed(rule)}`);
  return `${name}_regles AS (
  SELECT r.campagne, ${DEPARTEMENT("r")},
    ${[...extra, ...counts].join(",\n    ")}
  FROM ${zoned(table, level)} r
  WHERE ${campagne} IS NULL OR r.campagne = ${campagne}
  ${GROUPS("r")}
),
${name} AS (
  SELECT ${name}_faits.*, ${name}_regles.* EXCLUDE (campagne, departement)
  FROM ${name}_faits LEFT JOIN ${name}_regles USING (campagne, departement)
)`;
}

/**
 * The indicators table, per département (or per région) and for France. Needs
 * `actions`, `collectifs`, `agrements`, `visites`, `pratiques`, `regles_actions`, `regles_collectifs`, `rejets`,
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
adresses AS (${ADDRESS_KEYS}),
act_faits AS (
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
    count_if(${allObjectives}) AS quatre_axes
  FROM ${zoned("actions", level)} a
  WHERE ${campagne} IS NULL OR a.campagne = ${campagne}
  ${GROUPS("a")}
),
${withRuleCounts("act", "regles_actions", actionRules, level, campagne, ["count_if(r.conforme) AS conformes"])},
col_faits AS (
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
    sum(CAST(c.enfants AS BIGINT) * ${sessionHours}) AS heures_enfants
  FROM ${zoned("collectifs", level)} c
  LEFT JOIN adresses ad ON ad.adresse = c.adresse
  WHERE ${campagne} IS NULL OR c.campagne = ${campagne}
  ${GROUPS("c")}
),
${withRuleCounts("col", "regles_collectifs", collectifRules, level, campagne)},
rej AS (
  SELECT campagne, zone AS departement, count(*) AS lignes_rejetees FROM ${zoned("rejets", level)}
  WHERE campagne IS NOT NULL AND zone IS NOT NULL AND table_export NOT IN (${SIDE_LIST})
    AND (${campagne} IS NULL OR campagne = ${campagne})
  GROUP BY ALL
  UNION ALL
  SELECT campagne, 'FR', count(*) FROM rejets
  WHERE campagne IS NOT NULL AND table_export NOT IN (${SIDE_LIST})
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
-- field visits (spec/suivi.md): each, and whether an accepted action of its slice has its N° dossier
visite AS (
  SELECT v.campagne, v.zone, v.departement, v.id_action, v.suite,
    EXISTS (SELECT 1 FROM actions a WHERE a.campagne = v.campagne AND a.departement = v.departement
      AND a.id_action = v.id_action) AS suivie
  FROM ${zoned("visites", level)} v
  WHERE ${campagne} IS NULL OR v.campagne = ${campagne}
),
vis AS (
  SELECT v.campagne, ${DEPARTEMENT("v")},
    count(*) AS visites,
    count(DISTINCT (v.departement, v.id_action)) FILTER (WHERE v.suivie) AS actions_visitees,
    count(*) FILTER (WHERE v.suite IN (${SUITES_ALERTE.map(sqlString).join(", ")})) AS visites_alerte
  FROM visite v
  ${GROUPS("v")}
),
-- the actions of the départements that have visits: the share visited is over these
visites_actions AS (
  SELECT a.campagne, ${DEPARTEMENT("a")}, count(*) AS actions
  FROM ${zoned("actions", level)} a
  WHERE (a.campagne, a.departement) IN (SELECT (campagne, departement) FROM visites)
    AND (${campagne} IS NULL OR a.campagne = ${campagne})
  ${GROUPS("a")}
),
pra AS (
  SELECT p.campagne, ${DEPARTEMENT("p")},
    count(*) AS pratiques,
    count(*) FILTER (WHERE p.diffusion = 'Publique') AS pratiques_publiques
  FROM ${zoned("pratiques", level)} p
  WHERE ${campagne} IS NULL OR p.campagne = ${campagne}
  ${GROUPS("p")}
),
slices AS (
  SELECT campagne, departement FROM act UNION SELECT campagne, departement FROM rej
  UNION SELECT campagne, departement FROM agr
  UNION SELECT campagne, departement FROM vis UNION SELECT campagne, departement FROM pra
)
SELECT
  k.campagne,
  k.departement,
  CASE WHEN k.departement = 'FR' THEN 'France' ELSE d.nom END AS departement_nom,
  ${INDICATOR_META.map((m) => `${m.sql} AS ${q(m.key)}`).join(",\n  ")}
FROM slices k
LEFT JOIN act ON act.campagne = k.campagne AND act.departement = k.departement
LEFT JOIN col ON col.campagne = k.campagne AND col.departement = k.departement
LEFT JOIN rej ON rej.campagne = k.campagne AND rej.departement = k.departement
LEFT JOIN agr ON agr.campagne = k.campagne AND agr.departement = k.departement
LEFT JOIN hors ON hors.campagne = k.campagne AND hors.departement = k.departement
LEFT JOIN vis ON vis.campagne = k.campagne AND vis.departement = k.departement
LEFT JOIN visites_actions ON visites_actions.campagne = k.campagne AND visites_actions.departement = k.departement
LEFT JOIN pra ON pra.campagne = k.campagne AND pra.departement = k.departement
LEFT JOIN ${level === "departement" ? "departements" : "regions"} d ON d.code = k.departement
ORDER BY k.campagne, k.departement = 'FR', k.departement
`;
}
