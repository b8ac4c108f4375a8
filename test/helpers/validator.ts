// Validation and rule cases at the level of what decides them: the validator
// (the whole-file reference, plain JavaScript, no database) and the compiled
// rule SQL over the validated rows (one in-memory warehouse per test file).
// Each case costs milliseconds, where the whole ingest costs a third of a
// second; `throughIngest` keeps a representative set going through the one
// ingest too, held equal to these (and the property tests hold the two equal
// on random exports).
import { createHash } from "node:crypto";
import { expect } from "vitest";
import { loadReferentiel } from "../../loaders/configuration.js";
import type { Batch } from "../../loaders/export/types.js";
import type { Referentiel } from "../../loaders/referentiel/seuils.js";
import { openWarehouse, type Warehouse } from "../../loaders/warehouse/db.js";
import { appendBatch } from "../../loaders/warehouse/append.js";
import { nodeEngine } from "../../loaders/warehouse/node-engine.js";
import { evaluateRules } from "../../loaders/warehouse/rules.js";
import { ingestBytes, testContext } from "./context.js";
import { toCsv, utf8, type Row } from "./export.js";
import { comparable, readWhole, validateExport } from "./reference-export.js";

type Files = { file: string; bytes: Uint8Array }[];

export function rowsAsFiles(actions: Row[], collectifs: Row[]): Files {
  return [
    { file: "actions.csv", bytes: utf8(toCsv("Actions", actions)) },
    { file: "collectifs.csv", bytes: utf8(toCsv("Collectifs", collectifs)) },
  ];
}

/** What the validator decides of these files: accepted, rejected, warned of. */
export async function validateFiles(files: Files): Promise<Batch> {
  const read = await Promise.all(
    files.map((f) =>
      readWhole(f.file, f.bytes, createHash("sha256").update(f.bytes).digest("hex")),
    ),
  );
  return validateExport(read, await testContext());
}

/** What the validator decides of actions and collectifs rows written as UTF-8 `;` CSV. */
export function validateRows(actions: Row[], collectifs: Row[]): Promise<Batch> {
  return validateFiles(rowsAsFiles(actions, collectifs));
}

/** The same files through the one ingest: it must decide exactly what the validator decides. */
export async function throughIngest(files: Files): Promise<void> {
  const [reference, { batch, warehouse }] = await Promise.all([
    validateFiles(files),
    ingestBytes(files),
  ]);
  warehouse.close();
  expect(comparable(batch)).toEqual(comparable(reference));
}

let warehouse: Promise<Warehouse> | null = null;

/**
 * The rules' results for validated rows: the rows appended to an in-memory
 * warehouse (emptied first), the thresholds of their slices, the compiled rule SQL.
 */
export async function rulesOf(
  batch: Batch,
  referentiel?: Referentiel,
): Promise<{ actions: Record<string, unknown>[]; collectifs: Record<string, unknown>[] }> {
  warehouse ??= openWarehouse(":memory:", { create: true });
  const engine = nodeEngine((await warehouse).connection);
  await engine.exec(
    ["actions", "collectifs", "seuils", "regles_actions", "regles_collectifs"]
      .map((t) => `DELETE FROM ${t};`)
      .join("\n"),
  );
  await appendBatch(
    engine,
    { actions: batch.actions, collectifs: batch.collectifs },
    new Date(0),
    new Map(),
  );
  await engine.exec(
    "CREATE OR REPLACE TEMP TABLE import_tranches AS SELECT DISTINCT campagne, departement FROM actions",
  );
  await evaluateRules(
    engine,
    batch.slices,
    referentiel ?? (await loadReferentiel()),
    "import_tranches",
  );
  return {
    actions: await engine.query("SELECT * FROM regles_actions ORDER BY ALL"),
    collectifs: await engine.query("SELECT * FROM regles_collectifs ORDER BY ALL"),
  };
}
