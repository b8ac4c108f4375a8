// Property-based tests (fast-check) of the reader and the validator: for
// generated exports with random corruption, every input row ends accepted or
// rejected with a reason (never lost, never duplicated), nothing crashes, and
// the ingest decides what its plain JavaScript reference (test/helpers/reference-export.ts) decides. Failures found
// are kept in test/fixtures/corpus/ and replayed first.
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import fc from "fast-check";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ExportRefusedError } from "../loaders/export/batch.js";
import type { ValidationContext } from "../loaders/export/validate.js";
import { ingestFiles } from "../loaders/ingest/ingest-files.js";
import { nodeFiles } from "../loaders/ingest/node-files.js";
import { probeFile } from "../loaders/ingest/probe.js";
import { splitInto } from "./helpers/split.js";
import { rawSource } from "../loaders/ingest/work-sql.js";
import { loadContext, loadReferentiel } from "../loaders/configuration.js";
import { parseCsv, type Delimiter, type TextRecord } from "../loaders/read/csv.js";
import { decodeText } from "../loaders/read/encoding.js";
import type { Referentiel } from "../loaders/referentiel/seuils.js";
import { openWarehouse } from "../loaders/warehouse/db.js";
import { action, collectif, cp1252, toCsv, utf16le, utf8, type Row } from "./helpers/export.js";
import { storedBatch } from "./helpers/context.js";
import { comparable, referenceExport } from "./helpers/reference-export.js";
import { tempDir } from "./helpers/warehouse.js";

const CORPUS = path.join(import.meta.dirname, "fixtures/corpus");
const now = new Date("2025-07-01T12:00:00Z");
let ctx: ValidationContext;
let referentiel: Referentiel;

beforeAll(async () => {
  ctx = await loadContext();
  referentiel = await loadReferentiel();
});

/** Values in every wrong shape, and some right ones. */
const SHAPES = [
  "",
  " ",
  "12,5,3",
  "1e3",
  "−5",
  "-1",
  "31/02/2024",
  "2024-13-01",
  "01/09/2024",
  "oui non",
  '"',
  'a"b',
  "x;y",
  "a,b",
  "NaN",
  "0x10",
  "١٢",
  "  12  ",
  "12 000,005 €",
  "€",
  "\t",
  "2A",
  "978",
  "99999",
  "44160",
  "1h75",
  "1h30",
  "48,8",
  "<script>alert(1)</script>",
  "=1+1",
  "ELEMENTAIRE",
  "O",
  "x",
  "A1",
  "2024-2025",
  "2023-2025",
  "\u00a012\u00a0",
  "Ça\nsuit",
];

const cell = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SHAPES) },
  // any characters but NUL (a NUL refuses the file)
  {
    weight: 1,
    arbitrary: fc.string({ maxLength: 8, unit: "binary" }).map((t) => t.split("\u0000").join("")),
  },
);

const corruptRow = (base: Row, fields: string[]) =>
  fc
    .array(fc.tuple(fc.constantFrom(...fields), cell), { maxLength: 3 })
    .map((changes) => ({ ...base, ...Object.fromEntries(changes) }));

const ACTION_FIELDS_USED = Object.keys(action());
const COLLECTIF_FIELDS_USED = Object.keys(collectif());

/** An export: a few actions and collectifs, rows corrupted, then lines and bytes. */
const exportArb = fc.record({
  actions: fc.array(
    fc
      .integer({ min: 1, max: 4 })
      .chain((n) => corruptRow(action({ id_action: `A${n}` }), ACTION_FIELDS_USED)),
    { minLength: 1, maxLength: 5 },
  ),
  collectifs: fc.array(
    fc
      .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 3 }))
      .chain(([a, c]) =>
        corruptRow(collectif({ id_action: `A${a}`, id_collectif: `C${c}` }), COLLECTIF_FIELDS_USED),
      ),
    { maxLength: 6 },
  ),
  delimiter: fc.constantFrom<Delimiter>(";", ",", "\t"),
  encoding: fc.constantFrom("utf-8", "utf-8-bom", "windows-1252", "utf-16le"),
  newline: fc.constantFrom("\r\n", "\n"),
  // line-level damage: [line index, kind]
  damage: fc.array(
    fc.tuple(
      fc.nat({ max: 12 }),
      fc.constantFrom("truncate", "blank", "extra", "short", "quote", "padding"),
    ),
    { maxLength: 3 },
  ),
});

type Export = typeof exportArb extends fc.Arbitrary<infer T> ? T : never;

function damageLines(text: string, e: Export): string {
  const lines = text.split("\r\n");
  for (const [i, kind] of e.damage) {
    const k = 1 + (i % Math.max(1, lines.length - 2));
    const line = lines[k] ?? "";
    if (kind === "truncate") lines[k] = line.slice(0, Math.floor(line.length / 2));
    else if (kind === "blank") lines.splice(k, 0, "");
    else if (kind === "extra") lines[k] = `${line}${e.delimiter}en trop`;
    else if (kind === "short") lines[k] = line.split(e.delimiter).slice(0, 5).join(e.delimiter);
    else if (kind === "quote") lines[k] = `"${line}`;
    else lines[k] = line.split(e.delimiter).join(` ${e.delimiter} `);
  }
  return lines.join(e.newline);
}

function encode(text: string, encoding: string): Uint8Array {
  if (encoding === "windows-1252") return cp1252(text);
  if (encoding === "utf-16le") return utf16le(text);
  return utf8(encoding === "utf-8-bom" ? `\ufeff${text}` : text);
}

function writeGenerated(dir: string, e: Export): string[] {
  const a = path.join(dir, "actions.csv");
  const c = path.join(dir, "collectifs.csv");
  const options = { delimiter: e.delimiter };
  writeFileSync(a, encode(damageLines(toCsv("Actions", e.actions, options), e), e.encoding));
  writeFileSync(c, encode(damageLines(toCsv("Collectifs", e.collectifs, options), e), e.encoding));
  return [a, c];
}

async function dump(connection: DuckDBConnection): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of ["actions", "collectifs", "rejets", "rejet_problemes", "avertissements"]) {
    out[t] = (
      await connection.runAndReadAll(`SELECT * FROM ${t} ORDER BY ALL`)
    ).getRowObjectsJson();
  }
  out.lignes = (
    await connection.runAndReadAll(`
      SELECT fichier, ligne, count(*)::INTEGER AS fois FROM (
        SELECT fichier, ligne FROM actions UNION ALL SELECT fichier, ligne FROM collectifs
        UNION ALL SELECT fichier, ligne FROM rejets
      ) GROUP BY ALL ORDER BY ALL`)
  ).getRowObjectsJson();
  return out;
}

/** The property, on files on disk: the ingest decides as its reference, every row kept once, every reject explained. */
async function checkFiles(files: string[]): Promise<void> {
  const dir = tempDir();
  let reference;
  try {
    reference = await referenceExport(files, ctx);
  } catch (error) {
    if (!(error instanceof ExportRefusedError)) throw error;
    // refused whole: the ingest refuses the same way, and stores nothing
    const w = await openWarehouse(path.join(dir, "refus.duckdb"), { create: true });
    await expect(
      ingestFiles(w.engine, files, ctx, { now, referentiel, workRoot: tempDir() }),
    ).rejects.toThrow(error.message);
    const n = (
      await w.connection.runAndReadAll("SELECT count(*)::INTEGER FROM fichiers")
    ).getRows();
    w.close();
    expect(n[0]![0]).toBe(0);
    return;
  }
  // in memory: the property is the ingest's decisions, not the file (warehouse.test.ts)
  const w = await openWarehouse(":memory:", { create: true });
  let result;
  let got;
  try {
    result = await ingestFiles(w.engine, files, ctx, {
      now,
      referentiel,
      workRoot: tempDir(),
      keep: Infinity,
    });
    expect(comparable(await storedBatch(w.connection, result, files))).toEqual(
      comparable(reference),
    );
    got = await dump(w.connection);
  } finally {
    w.close();
  }
  // nothing lost: each file's rows are all accepted or rejected; nothing duplicated
  for (const f of result.files) expect(f.accepted + f.rejected).toBe(f.rows);
  const rows = result.files.reduce((s, f) => s + f.rows, 0);
  expect(got.lignes!.length).toBe(rows);
  expect(got.lignes!.every((l) => (l as { fois: number }).fois === 1)).toBe(true);
  // every reject has its reason
  const reasons = new Set(got.rejet_problemes!.map((p) => (p as { rejet_id: string }).rejet_id));
  for (const r of got.rejets!) expect(reasons.has((r as { rejet_id: string }).rejet_id)).toBe(true);
}

describe("the failures found, replayed", () => {
  const cases = readdirSync(CORPUS, { withFileTypes: true }).filter((d) => d.isDirectory());
  it.each(cases.map((d) => d.name))("%s", async (name) => {
    const dir = path.join(CORPUS, name);
    await checkFiles(readdirSync(dir).map((f) => path.join(dir, f)));
  });
});

describe("generated exports with random corruption", () => {
  it("end with every row accepted or rejected with a reason, as the reference says", async () => {
    await fc.assert(
      fc.asyncProperty(exportArb, async (e) => {
        const dir = tempDir();
        try {
          await checkFiles(writeGenerated(dir, e));
        } catch (error) {
          // keep the case for the corpus (copied there once understood and fixed)
          const keep = path.join(dir, "..", `clas-echec-${path.basename(dir)}`);
          mkdirSync(keep, { recursive: true });
          writeGenerated(keep, e);
          throw error;
        }
      }),
      {
        numRuns: Number(process.env.CLAS_PROPERTY_RUNS ?? 40),
        seed: Number(process.env.CLAS_PROPERTY_SEED ?? 20261128),
      },
    );
  }, 300_000);
});

describe("the reader", () => {
  const text = fc.oneof(
    fc.constantFrom(...SHAPES),
    fc.string({
      maxLength: 10,
      unit: fc.oneof(
        fc.constantFrom(
          "a",
          "é",
          " ",
          ";",
          ",",
          '"',
          "\n",
          "\r",
          "€",
          "\u00a0",
          "\ufeff",
          "\u2028",
          "\\",
          "😀",
        ),
        // any other character but NUL (a NUL refuses the file)
        fc.string({ unit: "binary", minLength: 1, maxLength: 1 }).filter((c) => c !== "\u0000"),
      ),
    }),
  );

  it("reads back the cells written, trimmed, whatever they hold", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(text, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom<Delimiter>(";", ",", "\t"),
        (rows, d) => {
          const quote = (v: string) =>
            v.includes(d) || /["\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
          const csv = rows.map((r) => r.map(quote).join(d)).join("\r\n");
          const expected = rows
            .map((r) => r.map((v) => v.trim()))
            .filter((r) => r.some((v) => v !== ""));
          const parsed = parseCsv(csv, d);
          const got = [parsed.header, ...parsed.records].filter((r) => r !== null);
          expect(got.map((r) => r.cells)).toEqual(expected);
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });

  it("and the byte scan with DuckDB's reader read what it reads", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(text, { minLength: 3, maxLength: 3 }), { minLength: 2, maxLength: 8 }),
        fc.constantFrom("utf-8", "windows-1252"),
        fc.constantFrom("\r\n", "\n", "\r"),
        async (rows, encoding, newline) => {
          const quote = (v: string) => (/[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
          const csv = ["h1;h2;h3", ...rows.map((r) => r.map(quote).join(";"))].join(newline);
          const dir = tempDir();
          const file = path.join(dir, "t.csv");
          writeFileSync(file, encode(csv, encoding));
          const probe = probeFile(nodeFiles, file);
          if (probe.kind !== "csv") return;
          // every column's distinct cells gathered, as the ingest gathers its judged columns'
          const split = splitInto(dir, file, probe.encoding, probe.bom, () => [0, 1, 2]);
          const fromDuckdb =
            split.written === 0
              ? []
              : (
                  await connection.runAndReadAll(
                    `SELECT * FROM ${rawSource(path.join(dir, "s.csv"), ";", 3)}`,
                  )
                )
                  .getRows()
                  .map((r) => ({
                    row: r[0] as number,
                    cells: r.slice(1).map((c) => (c === null ? "" : (c as string))),
                  }));
          const got: TextRecord[] = [
            ...fromDuckdb,
            ...(split.records.read() as Iterable<TextRecord>),
          ].sort((a, b) => a.row - b.row);
          const want = parseCsv(decodeText(readFileSync(file), file).text, ";").records;
          expect(got.map((r) => [r.row, r.cells, r.problem ?? null])).toEqual(
            want.map((r) => [r.row, r.cells, r.problem ?? null]),
          );
          // the cells gathered by the scan are DuckDB's distinct cells, each once
          const distinct = (k: number) =>
            [...new Set(fromDuckdb.map((r) => r.cells[k]!).filter((c) => c !== ""))].sort();
          expect(split.distinct.cells.map((cells) => [...cells].sort())).toEqual(
            [0, 1, 2].map(distinct),
          );
        },
      ),
      { numRuns: 150, seed: 11 },
    );
    connection.closeSync();
    instance.closeSync();
  });
});
