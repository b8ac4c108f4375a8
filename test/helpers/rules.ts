import type { Referentiel } from "../../loaders/referentiel/seuils.js";
import { ingestBytes } from "./context.js";
import { rulesOf, validateRows } from "./validator.js";
import { action, collectif, toCsv, utf8, type Row } from "./export.js";

export interface Evaluation {
  actions: Record<string, unknown>[];
  collectifs: Record<string, unknown>[];
}

/** Every case evaluated in this test file, for the ingest's representative set. */
export const evaluated: { actions: Row[]; collectifs: Row[]; referentiel?: Referentiel }[] = [];

/**
 * The rule results of the rows: validated (the validator), appended to an
 * in-memory warehouse and evaluated by the compiled rule SQL (test/helpers/validator.ts).
 */
export async function evaluate(
  actions: Row[],
  collectifs: Row[],
  referentiel?: Referentiel,
): Promise<Evaluation> {
  evaluated.push({ actions, collectifs, referentiel });
  const batch = await validateRows(actions, collectifs);
  if (batch.rejects.length > 0)
    throw new Error(`unexpected rejects: ${JSON.stringify(batch.rejects)}`);
  return rulesOf(batch, referentiel);
}

/** Ingests the rows into an in-memory warehouse (the one ingest) and returns the stored rule results. */
export async function evaluateThroughIngest(
  actions: Row[],
  collectifs: Row[],
  referentiel?: Referentiel,
): Promise<Evaluation> {
  const { batch, warehouse } = await ingestBytes(
    [
      { file: "actions.csv", bytes: utf8(toCsv("Actions", actions)) },
      { file: "collectifs.csv", bytes: utf8(toCsv("Collectifs", collectifs)) },
    ],
    referentiel,
  );
  try {
    if (batch.rejects.length > 0)
      throw new Error(`unexpected rejects: ${JSON.stringify(batch.rejects)}`);
    const read = async (sql: string) =>
      (await warehouse.connection.runAndReadAll(sql)).getRowObjectsJson();
    return {
      actions: await read("SELECT * FROM regles_actions ORDER BY ALL"),
      collectifs: await read("SELECT * FROM regles_collectifs ORDER BY ALL"),
    };
  } finally {
    warehouse.close();
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
