// What a check shows beside its report, read from the database the ingest
// filled: the indicators of `clas indicators` and the explanations of
// `clas explain`, by the same SQL, on any engine.
import type { ActionExplanation } from "../explain.js";
import { computeIndicators, type IndicatorRow } from "../indicators/compute.js";
import type { SqlEngine } from "../warehouse/engine.js";
import { readExplanations } from "../warehouse/explanations.js";
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

export async function checkVerdicts(
  engine: SqlEngine,
  departements: { code: string; nom: string; region?: string }[],
): Promise<CheckVerdicts> {
  const indicators = await computeIndicators(engine, departements, null);
  // the page lists every action by campagne, département and N° dossier, as SQL orders text
  const order = (e: ActionExplanation) => [e.campagne, e.departement, e.id_action].join("\u0000");
  const explanations = (await readExplanations(engine)).sort((x, y) =>
    order(x) < order(y) ? -1 : order(x) > order(y) ? 1 : 0,
  );
  return { indicators, explanations };
}
