// Why each action is, or is not, conforme, read from a warehouse on any SQL
// engine: `clas explain` (Node's DuckDB) and the in-browser check (DuckDB-Wasm)
// run this one query set.
import { explainAction, type ActionExplanation } from "../explain.js";
import type { SeuilsRow } from "../referentiel/seuils.js";
import type { SqlEngine } from "./engine.js";
import { STORED_FIELDS, sqlType } from "./schema.js";
import { sqlString } from "./sql-text.js";

/** Columns of an action or collectif as an explanation reads them: decimals and dates as text. */
function explainColumns(table: "actions" | "collectifs", alias: string): string {
  return STORED_FIELDS[table]
    .map((f) =>
      ["DECIMAL(18,2)", "DATE"].includes(sqlType(f))
        ? `CAST(${alias}.${f.name} AS VARCHAR) AS ${f.name}`
        : `${alias}.${f.name}`,
    )
    .join(", ");
}

export interface ExplanationFilter {
  /** One N° dossier, else every action. */
  id?: string;
  campagne?: string | null;
  departement?: string | null;
}

/** `alias`'s rows that the filter keeps, as SQL. */
function where(alias: string, filter: ExplanationFilter): string {
  const tests = [
    filter.id !== undefined ? `${alias}.id_action = ${sqlString(filter.id)}` : null,
    filter.campagne ? `${alias}.campagne = ${sqlString(filter.campagne)}` : null,
    filter.departement ? `${alias}.departement = ${sqlString(filter.departement)}` : null,
  ].filter(Boolean);
  return tests.length ? `WHERE ${tests.join(" AND ")}` : "";
}

/** The explanations of the actions the filter keeps, newest campagne first. */
export async function readExplanations(
  engine: SqlEngine,
  filter: ExplanationFilter = {},
): Promise<ActionExplanation[]> {
  const actions = await engine.query(`
    SELECT ${explainColumns("actions", "a")}, r.* EXCLUDE (campagne, departement, id_action, rural)
    FROM actions a JOIN regles_actions r USING (campagne, departement, id_action)
    ${where("a", filter)}
    ORDER BY a.campagne DESC, a.departement, a.id_action`);
  const collectifs = await engine.query(`
    SELECT ${explainColumns("collectifs", "c")}, r.* EXCLUDE (campagne, departement, id_action, id_collectif)
    FROM collectifs c JOIN regles_collectifs r USING (campagne, departement, id_action, id_collectif)
    ${where("c", filter)}
    ORDER BY c.id_collectif`);
  const seuils = await engine.query("SELECT * FROM seuils");
  const key = (r: Record<string, unknown>) => `${r.campagne}|${r.departement}|${r.id_action}`;
  const byAction = new Map<string, Record<string, unknown>[]>();
  for (const c of collectifs) {
    const list = byAction.get(key(c));
    if (list) list.push(c);
    else byAction.set(key(c), [c]);
  }
  const seuilsOf = new Map(seuils.map((s) => [`${s.campagne}|${s.departement}`, s]));
  return actions.map((a) =>
    explainAction(
      a,
      byAction.get(key(a)) ?? [],
      seuilsOf.get(`${a.campagne}|${a.departement}`) as unknown as SeuilsRow,
    ),
  );
}
