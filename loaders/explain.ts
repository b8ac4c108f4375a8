// Why an action is, or is not, conforme: every rule with its result, the values
// it looked at, what it expected and the référentiel's quote.
import { formatBoolean, formatDate, formatEuros, formatNumber } from "../src/lib/format.js";
import { ACTION_FIELDS, COLLECTIF_FIELDS } from "./export/fields.js";
import { RULES, ruleColumn, type Rule } from "./referentiel/rules.js";
import type { SeuilsRow } from "./referentiel/seuils.js";

type DbRow = Record<string, unknown>;

export interface RuleCheck {
  /** `null` for an action rule; the collectif's number for a collectif rule. */
  collectif: string | null;
  passed: boolean;
  values: Record<string, unknown>;
  /** The values in French, as the command line and the check page show them (« Enfants inscrits : 14 »). */
  text: string;
}

export interface RuleExplanation {
  id: string;
  level: Rule["level"];
  label: string;
  quote: string;
  expected: string;
  /** `null` for a collectif rule of an action without collectif: nothing to check. */
  passed: boolean | null;
  checks: RuleCheck[];
}

export interface ActionExplanation {
  campagne: string;
  departement: string;
  id_action: string;
  porteur: string;
  action: string;
  rural: boolean;
  conforme: boolean;
  rules: RuleExplanation[];
}

const KIND = new Map([...ACTION_FIELDS, ...COLLECTIF_FIELDS].map((f) => [f.name, f.kind]));

/**
 * Each rule's looked-at columns (every rule explained is one of RULES), listed once: a national
 * export explains 170,000 checks.
 */
const LOOKS = new Map(RULES.map((rule) => [rule, Object.keys(rule.looks)]));

function looked(rule: Rule, row: DbRow): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const k of LOOKS.get(rule)!) values[k] = row[k] ?? null;
  return values;
}

function check(
  rule: Rule,
  collectif: string | null,
  passed: boolean,
  values: Record<string, unknown>,
): RuleCheck {
  // worded when read: a national export's 170,000 checks, of which a page opens a few
  return {
    collectif,
    passed,
    values,
    get text() {
      return describeValues(rule, values);
    },
  };
}

export function explainAction(
  action: DbRow,
  collectifs: DbRow[],
  seuils: SeuilsRow,
): ActionExplanation {
  const rural = action.rural === true;
  return {
    campagne: String(action.campagne),
    departement: String(action.departement),
    id_action: String(action.id_action),
    porteur: String(action.porteur_nom),
    action: String(action.action_nom),
    rural,
    conforme: action.conforme === true,
    rules: RULES.map((rule) => {
      const column = ruleColumn(rule);
      const checks: RuleCheck[] =
        rule.unit === "action"
          ? [check(rule, null, action[column] === true, looked(rule, action))]
          : collectifs.map((c) =>
              check(rule, String(c.id_collectif), c[column] === true, looked(rule, c)),
            );
      return {
        id: rule.id,
        level: rule.level,
        label: rule.label,
        quote: rule.quote,
        expected: rule.expected(seuils, rural),
        passed: checks.length === 0 ? null : checks.every((c) => c.passed),
        checks,
      };
    }),
  };
}

function formatValue(field: string, value: unknown): string {
  if (value === null || value === undefined) return "(vide)";
  if (typeof value === "boolean") return formatBoolean(value);
  const kind = KIND.get(field);
  if (kind === "money") return formatEuros(Number(value));
  if (kind === "date") return formatDate(String(value));
  if (kind === "minutes") return `${value} min`;
  if (typeof value === "number") return formatNumber(value);
  return String(value);
}

function describeValues(rule: Rule, values: Record<string, unknown>): string {
  return Object.entries(values)
    .map(([k, v]) => `${rule.looks[k]} : ${formatValue(k, v)}`)
    .join(" ; ");
}

export function explanationText(e: ActionExplanation, departementNom = ""): string {
  const failing = e.rules.filter((r) => r.passed === false && r.level === "bloquant");
  const lines = [
    `Action ${e.id_action} — ${e.porteur}, « ${e.action} »`,
    `Campagne ${e.campagne}, département ${e.departement}${departementNom ? ` (${departementNom})` : ""}, milieu ${e.rural ? "rural" : "urbain"}`,
    e.conforme
      ? "Conforme au référentiel : oui"
      : `Conforme au référentiel : non — règle${failing.length > 1 ? "s" : ""} bloquante${failing.length > 1 ? "s" : ""} non respectée${failing.length > 1 ? "s" : ""} : ${failing.map((r) => r.id).join(", ")}`,
    "",
  ];
  for (const r of e.rules) {
    lines.push(
      `${r.passed ? "[respectée]    " : "[NON respectée]"} ${r.id} (${r.level}) — ${r.label}`,
    );
    lines.push(`    attendu : ${r.expected}`);
    if (r.checks.length === 0) lines.push("    aucun collectif retenu pour cette action");
    for (const c of r.checks) {
      const who = c.collectif === null ? "" : `collectif ${c.collectif} : `;
      lines.push(`    ${c.passed ? "oui" : "NON"} — ${who}${c.text}`);
    }
    lines.push(`    référentiel : « ${r.quote} »`);
  }
  return lines.join("\n") + "\n";
}
