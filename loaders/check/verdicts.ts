// What a check shows beside its report, read from the database the ingest
// filled: the indicators of `clas indicators` and the explanations of
// `clas explain`, by the same SQL, on any engine.
import { explainAction, type ActionExplanation } from "../explain.js";
import type { IndicatorRow } from "../indicators/compute.js";
import { INDICATORS, indicatorsSql } from "../indicators/sql.js";
import type { SeuilsRow } from "../referentiel/seuils.js";
import { appendAll, type SqlEngine } from "../warehouse/engine.js";
import { STORED_FIELDS, sqlType } from "../warehouse/schema.js";
import { sqlIdentifier } from "../warehouse/sql-text.js";

export interface CheckVerdicts {
  indicators: IndicatorRow[];
  explanations: ActionExplanation[];
}

/** Drops every table of the engine's main database: each check of a page starts from nothing. */
export async function emptyDatabase(engine: SqlEngine): Promise<void> {
  const left = await engine.query(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE'",
  );
  for (const { table_name } of left)
    await engine.exec(`DROP TABLE IF EXISTS ${sqlIdentifier(String(table_name))}`);
}

/** Columns of an action or collectif as the explanation reads them: decimals and dates as text. */
function explainColumns(table: "actions" | "collectifs", alias: string): string {
  return STORED_FIELDS[table]
    .map((f) =>
      ["DECIMAL(18,2)", "DATE"].includes(sqlType(f))
        ? `CAST(${alias}.${f.name} AS VARCHAR) AS ${f.name}`
        : `${alias}.${f.name}`,
    )
    .join(", ");
}

export async function checkVerdicts(
  engine: SqlEngine,
  departements: { code: string; nom: string; region?: string }[],
): Promise<CheckVerdicts> {
  await engine.exec(
    "CREATE OR REPLACE TABLE departements (code VARCHAR, nom VARCHAR, region VARCHAR)",
  );
  await appendAll(
    engine,
    "departements",
    ["VARCHAR", "VARCHAR", "VARCHAR"],
    departements.map((d) => [d.code, d.nom, d.region ?? null]),
  );
  const indicators = (await engine.query(indicatorsSql("departement", "NULL"))).map((row) =>
    Object.fromEntries(INDICATORS.map((k) => [k, (row[k] ?? null) as IndicatorRow[string]])),
  );
  const actions = await engine.query(`
    SELECT ${explainColumns("actions", "a")}, r.* EXCLUDE (campagne, departement, id_action, rural)
    FROM actions a JOIN regles_actions r USING (campagne, departement, id_action)
    ORDER BY a.campagne, a.departement, a.id_action`);
  const collectifs = await engine.query(`
    SELECT ${explainColumns("collectifs", "c")}, r.* EXCLUDE (campagne, departement, id_action, id_collectif)
    FROM collectifs c JOIN regles_collectifs r USING (campagne, departement, id_action, id_collectif)
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
  const explanations = actions.map((a) =>
    explainAction(
      a,
      byAction.get(key(a)) ?? [],
      seuilsOf.get(`${a.campagne}|${a.departement}`) as unknown as SeuilsRow,
    ),
  );
  return { indicators, explanations };
}
