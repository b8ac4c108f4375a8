// The check of an export gives, on DuckDB (Node) and on DuckDB-Wasm 1.29 (the
// browser's engine), exactly what `clas indicators` and `clas explain` print.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { checkInEngine, type CheckResult } from "../loaders/check/engine.js";
import { memoryEngine } from "../loaders/check/node-engine.js";
import { wasmEngine } from "../loaders/check/wasm-engine.js";
import { readDepartements } from "../loaders/geo/load.js";
import { loadReferentiel, readExport } from "../loaders/pipeline.js";
import { EXAMPLE_EXPORT } from "../loaders/cli/commands.js";
import { testContext } from "./helpers/context.js";
import { cli, tempDir } from "./helpers/warehouse.js";
import { wasmConnection } from "./helpers/wasm.js";

let db: string;
let expectedIndicators: unknown[];
const results: Record<string, CheckResult> = {};

beforeAll(async () => {
  db = path.join(tempDir(), "clas.duckdb");
  expect((await cli("ingest", "--db", db, ...EXAMPLE_EXPORT)).status).toBe(0);
  expectedIndicators = JSON.parse((await cli("indicators", "--db", db, "--format", "json")).stdout);
  const batch = await readExport(EXAMPLE_EXPORT, await testContext());
  const [referentiel, departements] = [await loadReferentiel(), await readDepartements()];
  // each engine checks the export twice, as a page does when the files are chosen
  // again: the second check must not count the first one's rows
  const node = await memoryEngine();
  await checkInEngine(node.engine, batch, referentiel, departements);
  results.node = await checkInEngine(node.engine, batch, referentiel, departements);
  node.close();
  const wasm = await wasmConnection();
  await checkInEngine(wasmEngine(wasm), batch, referentiel, departements);
  results.wasm = await checkInEngine(wasmEngine(wasm), batch, referentiel, departements);
  wasm.close();
}, 120_000);

describe.each(["node", "wasm"])("the check on %s", (engine) => {
  it("computes the indicators clas indicators prints", () => {
    const got = results[engine]!.indicators;
    expect(got.map((r) => r.departement)).toEqual(
      (expectedIndicators as { departement: string }[]).map((r) => r.departement),
    );
    got.forEach((row, i) => {
      const want = expectedIndicators[i] as Record<string, unknown>;
      for (const [k, v] of Object.entries(want)) {
        if (typeof v === "number") expect(row[k], `${row.departement} ${k}`).toBeCloseTo(v, 9);
        else expect(row[k], `${row.departement} ${k}`).toEqual(v);
      }
    });
  });

  it("explains every action as clas explain does", async () => {
    const explanations = results[engine]!.explanations;
    expect(explanations.map((e) => e.id_action)).toEqual(
      ["A-2A-001", "A-31-001", "A-44-001", "A-69-001", "A-78-001", "A-974-001"].sort(),
    );
    for (const e of explanations) {
      const printed = JSON.parse(
        (await cli("explain", "--db", db, "--format", "json", e.id_action)).stdout,
      );
      expect(e).toEqual(printed[0]);
    }
  });
});
