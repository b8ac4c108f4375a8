// The in-browser check (loaders/check/browser.ts on DuckDB-Wasm 1.29, the
// page's engine, in its Node build) runs the ingest of `clas ingest`: it
// reports what `clas check` reports, and shows the indicators `clas
// indicators` prints and the explanations `clas explain` prints.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { checkFiles, type CheckReference } from "../loaders/check/browser.js";
import { sha256 } from "../loaders/check/sha256.js";
import { rowsOf } from "../loaders/check/wasm-engine.js";
import { EXAMPLE_EXPORT } from "../loaders/cli/commands.js";
import { checkReference } from "../loaders/site/data-files.js";
import { geoDir } from "../loaders/geo/load.js";
import { cli, tempDir } from "./helpers/warehouse.js";
import { wasmConnection } from "./helpers/wasm.js";

type Checked = Awaited<ReturnType<typeof checkFiles>>;

/** The page's reference data, as the build writes it (JSON and back). */
async function pageReference(): Promise<CheckReference> {
  return JSON.parse(JSON.stringify(await checkReference(geoDir()))) as CheckReference;
}

interface Expected {
  report: unknown;
  indicators: Record<string, unknown>[];
  db: string;
}

async function expectedOf(files: string[]): Promise<Expected> {
  const db = path.join(tempDir(), "clas.duckdb");
  const ingest = await cli("ingest", "--db", db, ...files);
  expect(ingest.status, ingest.stderr).toBe(0);
  const check = await cli("check", "--format", "json", ...files);
  expect(check.status, check.stderr).toBe(0);
  const indicators = await cli("indicators", "--db", db, "--format", "json");
  return { report: JSON.parse(check.stdout), indicators: JSON.parse(indicators.stdout), db };
}

const bytesOf = (files: string[]) =>
  files.map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(f)) }));

function sameIndicators(got: Checked["indicators"], want: Record<string, unknown>[]): void {
  expect(got.map((r) => r.departement)).toEqual(want.map((r) => r.departement));
  got.forEach((row, i) => {
    for (const [k, v] of Object.entries(want[i]!)) {
      if (typeof v === "number") expect(row[k], `${row.departement} ${k}`).toBeCloseTo(v, 9);
      else expect(row[k], `${row.departement} ${k}`).toEqual(v);
    }
  });
}

let reference: CheckReference;
let example: Expected;
const checked: Checked[] = [];

beforeAll(async () => {
  reference = await pageReference();
  example = await expectedOf(EXAMPLE_EXPORT);
  // the page checks twice when the same files are chosen again: the second
  // check must not count the first one's rows
  const wasm = await wasmConnection();
  checked.push(await checkFiles(bytesOf(EXAMPLE_EXPORT), reference, wasm));
  checked.push(await checkFiles(bytesOf(EXAMPLE_EXPORT), reference, wasm));
  wasm.close();
}, 120_000);

describe.each([0, 1])("the in-browser check of the example export (check %i)", (n) => {
  it("reports what clas check reports", () => {
    expect(checked[n]!.report).toEqual(example.report);
  });

  it("computes the indicators clas indicators prints", () => {
    sameIndicators(checked[n]!.indicators, example.indicators);
  });

  it("explains every action as clas explain does", async () => {
    const explanations = checked[n]!.explanations;
    expect(explanations.map((e) => e.id_action)).toEqual(
      ["A-2A-001", "A-31-001", "A-44-001", "A-69-001", "A-78-001", "A-974-001"].sort(),
    );
    for (const e of explanations) {
      const printed = JSON.parse(
        (await cli("explain", "--db", example.db, "--format", "json", e.id_action)).stdout,
      );
      expect(e).toEqual(printed[0]);
    }
  });
});

describe("the in-browser check of edge files", () => {
  it("reports refusals, rejects and warnings as clas check does", async () => {
    const dir = tempDir();
    const { writeFileSync } = await import("node:fs");
    const { action, collectif, cp1252, toCsv } = await import("./helpers/export.js");
    const a = path.join(dir, "actions.csv");
    const c = path.join(dir, "collectifs.csv");
    writeFileSync(
      a,
      cp1252(
        toCsv("Actions", [
          action({ id_action: "A1" }),
          action({ id_action: "A1", porteur_nom: "doublon" }),
          action({ id_action: "A2", siret: "123", coordinateur_nom: "Marie Curie" }),
          action({ id_action: "A3", budget_total: "12 000,00 €", montant_ps: "100,005" }),
        ]).replace(/\r\n/g, "\r") + '\rA9;"quote ouverte',
      ),
    );
    writeFileSync(
      c,
      cp1252(
        toCsv("Collectifs", [
          collectif({ id_collectif: "C1" }),
          collectif({ id_action: "Z9", id_collectif: "C1" }),
          collectif({ id_action: "A3", id_collectif: "C2", code_insee: "99999" }),
        ]),
      ),
    );
    const expected = await cli("check", "--format", "json", a, c);
    expect(expected.status, expected.stderr).toBe(0);
    const report = JSON.parse(expected.stdout);
    const wasm = await wasmConnection();
    const got = await checkFiles(bytesOf([a, c]), reference, wasm);
    wasm.close();
    expect(got.report).toEqual(report);
    expect(report.rejects.length).toBeGreaterThan(3);
    expect(report.warnings.length).toBeGreaterThan(0);
    // personal data never reaches a report
    expect(JSON.stringify(got)).not.toContain("Marie Curie");
  }, 60_000);
});

describe("the page's engine", () => {
  it("reads a result column by column as Arrow's own rows give it: texts, nulls, numbers, dates, several batches", async () => {
    const wasm = await wasmConnection();
    try {
      // more rows than one of DuckDB-Wasm's batches (2,048): the result comes in several chunks
      const table = await wasm.query(`
        SELECT i AS n, count(*) OVER () AS total, i % 3 = 0 AS pair,
          CASE WHEN i % 5 = 0 THEN NULL WHEN i % 7 = 0 THEN 'Éléments ' || i WHEN i % 11 = 0 THEN ''
            ELSE 'ligne ' || i END AS texte,
          CASE WHEN i % 4 = 0 THEN NULL ELSE i * 1.5 END AS nombre,
          DATE '2024-09-01' + CAST(i % 300 AS INTEGER) AS jour,
          CAST(i AS DECIMAL(18, 2)) / 4 AS montant,
          repeat('x', 1500) || CASE WHEN i = 3 THEN 'é' ELSE '' END AS long
        FROM range(5000) r(i) ORDER BY i`);
      const arrow = table.toArray().map((row) => {
        const o = row.toJSON() as Record<string, unknown>;
        for (const k of Object.keys(o)) if (typeof o[k] === "bigint") o[k] = Number(o[k]);
        return o;
      });
      const rows = rowsOf(table);
      expect(table.batches.length).toBeGreaterThan(1);
      expect(rows).toEqual(arrow);
      expect(rows[7]!.texte).toBe("Éléments 7");
      expect(rows[5]!.texte).toBeNull();
      expect(rows[11]!.texte).toBe("");
      expect(rows[3]!.long).toBe(`${"x".repeat(1500)}é`);
      expect(typeof rows[0]!.total).toBe("number");
    } finally {
      wasm.close();
    }
  });
});

describe("the page's SHA-256", () => {
  it("gives Node's digest, whatever the length and however the bytes are cut", () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const size of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000, 3_000_000]) {
      const bytes = Uint8Array.from({ length: size }, () => Math.floor(random() * 256));
      const hasher = sha256();
      for (let at = 0; at < size;) {
        const next = Math.min(size, at + 1 + Math.floor(random() * (size < 2000 ? 70 : 700_000)));
        hasher.update(bytes.subarray(at, next));
        at = next;
      }
      expect(hasher.digest(), `${size} octets`).toBe(
        createHash("sha256").update(bytes).digest("hex"),
      );
    }
  });
});
