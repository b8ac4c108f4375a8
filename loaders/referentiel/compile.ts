// The rule table compiled to SQL, once: the same statements run in DuckDB from
// Node and, later, in DuckDB-Wasm. Results are stored one column per rule.
import { RULES, ruleColumn, type Rule, type Unit } from "./rules.js";
import type { SeuilsRow } from "./seuils.js";

const quoteId = (name: string) => `"${name}"`;

function rulesOf(unit: Unit): Rule[] {
  return RULES.filter((r) => r.unit === unit);
}

/** `COALESCE(test, false)`: a value the rule needs that is missing fails it. */
function resultExpr(rule: Rule): string {
  return `COALESCE((${rule.test}), false)`;
}

export const SEUILS_COLUMNS: { name: keyof SeuilsRow; type: string }[] = [
  { name: "campagne", type: "VARCHAR" },
  { name: "departement", type: "VARCHAR" },
  { name: "taille_min", type: "INTEGER" },
  { name: "taille_max", type: "INTEGER" },
  { name: "taille_min_rural", type: "INTEGER" },
  { name: "encadrement_min", type: "INTEGER" },
  { name: "encadrement_min_rural_petit", type: "INTEGER" },
  { name: "seances_min", type: "INTEGER" },
  { name: "duree_min", type: "INTEGER" },
  { name: "semaines_min", type: "INTEGER" },
  { name: "seances_min_rural", type: "INTEGER" },
  { name: "duree_min_rural", type: "INTEGER" },
  { name: "niveaux_coordinateur", type: "VARCHAR" },
  { name: "part_caf_max", type: "DOUBLE" },
  { name: "participation_max", type: "DOUBLE" },
  { name: "calendrier_debut", type: "VARCHAR" },
  { name: "calendrier_fin", type: "VARCHAR" },
];

export const CREATE_RULE_TABLES = `
CREATE TABLE IF NOT EXISTS seuils (
  ${SEUILS_COLUMNS.map((c) => `${c.name} ${c.type}`).join(",\n  ")}
);
CREATE TABLE IF NOT EXISTS regles_collectifs (
  campagne VARCHAR, departement VARCHAR, id_action VARCHAR, id_collectif VARCHAR,
  ${rulesOf("collectif")
    .map((r) => `${quoteId(ruleColumn(r))} BOOLEAN`)
    .join(", ")},
  conforme BOOLEAN
);
CREATE TABLE IF NOT EXISTS regles_actions (
  campagne VARCHAR, departement VARCHAR, id_action VARCHAR, rural BOOLEAN, collectifs INTEGER,
  ${rulesOf("action")
    .map((r) => `${quoteId(ruleColumn(r))} BOOLEAN`)
    .join(", ")},
  collectifs_conformes BOOLEAN,
  conforme BOOLEAN
);
`;

const inScope = (alias: string | null, scope: string) => {
  const p = alias ? `${alias}.` : "";
  return `(${p}campagne, ${p}departement) IN (SELECT (campagne, departement) FROM ${scope})`;
};

const bloquants = (unit: Unit) =>
  rulesOf(unit)
    .filter((r) => r.level === "bloquant")
    .map((r) => quoteId(ruleColumn(r)))
    .join(" AND ");

/**
 * Where the rules read the actions and collectifs: the warehouse's tables, or queries of the
 * same rows (the ingest's: its typed rows, read in parallel where the transaction's own rows
 * would be read on one thread).
 */
export interface RuleSources {
  actions: string;
  collectifs: string;
}
const WAREHOUSE: RuleSources = { actions: "actions", collectifs: "collectifs" };

/**
 * Re-evaluates every rule for the (campagne, département) slices listed in
 * `scope`, whose `seuils` rows must be in place: results replace the slices'.
 */
export function evaluateRulesSql(scope: string, from: RuleSources = WAREHOUSE): string {
  const collectifRules = rulesOf("collectif");
  const actionRules = rulesOf("action");
  return `
DELETE FROM regles_collectifs WHERE ${inScope(null, scope)};
DELETE FROM regles_actions WHERE ${inScope(null, scope)};
INSERT INTO regles_collectifs
SELECT *, ${bloquants("collectif")} AS conforme FROM (
  SELECT c.campagne, c.departement, c.id_action, c.id_collectif,
    ${collectifRules.map((r) => `${resultExpr(r)} AS ${quoteId(ruleColumn(r))}`).join(",\n    ")}
  FROM ${from.collectifs} c
  JOIN ${from.actions} a ON a.campagne = c.campagne AND a.departement = c.departement AND a.id_action = c.id_action
  JOIN seuils s ON s.campagne = c.campagne AND s.departement = c.departement
  WHERE ${inScope("c", scope)}
);
INSERT INTO regles_actions
SELECT *, ${bloquants("action")} AND COALESCE(collectifs_conformes, true) AS conforme FROM (
  SELECT a.campagne, a.departement, a.id_action, a.rural, CAST(COALESCE(k.collectifs, 0) AS INTEGER) AS collectifs,
    ${actionRules.map((r) => `${resultExpr(r)} AS ${quoteId(ruleColumn(r))}`).join(",\n    ")},
    k.collectifs_conformes
  FROM ${from.actions} a
  JOIN seuils s ON s.campagne = a.campagne AND s.departement = a.departement
  LEFT JOIN (
    SELECT campagne, departement, id_action, count(*) AS collectifs, bool_and(conforme) AS collectifs_conformes
    FROM regles_collectifs r WHERE ${inScope("r", scope)} GROUP BY ALL
  ) k ON k.campagne = a.campagne AND k.departement = a.departement AND k.id_action = a.id_action
  WHERE ${inScope("a", scope)}
);
`;
}
