import { loadReferentiel } from "../../loaders/pipeline.js";
import type { Referentiel } from "../../loaders/referentiel/seuils.js";
import { openWarehouse } from "../../loaders/warehouse/db.js";
import { storeBatch } from "../../loaders/warehouse/store.js";
import { checkRows } from "./context.js";
import { action, collectif, type Row } from "./export.js";

export interface Evaluation {
  actions: Record<string, unknown>[];
  collectifs: Record<string, unknown>[];
}

/** Ingests the rows into an in-memory warehouse and returns the stored rule results. */
export async function evaluate(
  actions: Row[],
  collectifs: Row[],
  referentiel?: Referentiel,
): Promise<Evaluation> {
  const batch = await checkRows(actions, collectifs);
  if (batch.rejects.length > 0)
    throw new Error(`unexpected rejects: ${JSON.stringify(batch.rejects)}`);
  const w = await openWarehouse(":memory:", { create: true });
  try {
    await storeBatch(w.connection, batch, {
      now: new Date(0),
      referentiel: referentiel ?? (await loadReferentiel()),
    });
    const read = async (sql: string) => (await w.connection.runAndReadAll(sql)).getRowObjectsJson();
    return {
      actions: await read("SELECT * FROM regles_actions ORDER BY ALL"),
      collectifs: await read("SELECT * FROM regles_collectifs ORDER BY ALL"),
    };
  } finally {
    w.close();
  }
}

/** One collectif rule's result for one collectif of one action. */
export async function collectifRule(
  rule: string,
  actionOverrides: Row,
  collectifOverrides: Row,
): Promise<boolean> {
  const e = await evaluate([action(actionOverrides)], [collectif(collectifOverrides)]);
  return e.collectifs[0]![rule] as boolean;
}

/** One action rule's result for one action with one default collectif. */
export async function actionRule(
  rule: string,
  actionOverrides: Row,
  referentiel?: Referentiel,
): Promise<boolean> {
  const e = await evaluate([action(actionOverrides)], [collectif()], referentiel);
  return e.actions[0]![rule] as boolean;
}
