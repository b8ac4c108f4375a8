// The référentiel's rules evaluated in the warehouse: the thresholds of each
// slice into `seuils`, then the generated rule SQL (referentiel/compile.ts).
import type { Slice } from "../export/types.js";
import { evaluateRulesSql, SEUILS_COLUMNS, type RuleSources } from "../referentiel/compile.js";
import { seuilsRow, type Referentiel } from "../referentiel/seuils.js";
import { appendAll, inTransaction, type Cell, type ColumnType, type SqlEngine } from "./engine.js";
import { ALL_SLICES } from "./schema.js";

/** Fills `seuils` for the slices of `scope` and evaluates every rule on them. */
export async function evaluateRules(
  engine: SqlEngine,
  slices: Slice[],
  referentiel: Referentiel,
  scope: string,
  /** Where the slices' actions and collectifs are read (the warehouse's tables by default). */
  from?: RuleSources,
): Promise<void> {
  await appendAll(
    engine,
    "seuils",
    SEUILS_COLUMNS.map((c) => c.type as ColumnType),
    slices.map((slice) => {
      const row = seuilsRow(referentiel, slice.campagne, slice.departement);
      return SEUILS_COLUMNS.map((c) => row[c.name] as Cell);
    }),
  );
  await engine.exec(evaluateRulesSql(scope, from));
}

/** Re-evaluates every rule on every slice of the warehouse (after a change of thresholds). */
export async function reevaluateAll(engine: SqlEngine, referentiel: Referentiel): Promise<number> {
  const slices = (await engine.query(ALL_SLICES)) as unknown as Slice[];
  await engine.exec(
    "CREATE OR REPLACE TEMP TABLE import_tranches (campagne VARCHAR, departement VARCHAR)",
  );
  await inTransaction(engine, async () => {
    await engine.exec(`INSERT INTO import_tranches ${ALL_SLICES}`);
    await engine.exec("DELETE FROM seuils");
    await evaluateRules(engine, slices, referentiel, "import_tranches");
  });
  return slices.length;
}
