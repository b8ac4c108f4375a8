// Every record shape the format allows streams in bounded memory: CR-only and
// mixed line ends, quoted line breaks, short rows; the heap given to the child
// process is the bound (the old reader held such records, or the whole file, in memory).
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { splitInto } from "../helpers/split.js";
import { action, collectif, cp1252, toCsv, type Row } from "../helpers/export.js";
import { runCli } from "../helpers/process.js";
import { query, tempDir } from "../helpers/warehouse.js";

const HEAP_MB = 192;

function rows(n: number, edit: (i: number) => { a?: Row; c?: Row } = () => ({})) {
  const actions: Row[] = [];
  const collectifs: Row[] = [];
  for (let i = 0; i < n; i++) {
    const e = edit(i);
    actions.push(action({ id_action: `A${i}`, ...e.a }));
    collectifs.push(collectif({ id_action: `A${i}`, ...e.c }));
  }
  return { actions, collectifs };
}

function write(dir: string, actions: string, collectifs: string): string[] {
  const a = path.join(dir, "actions.csv");
  const c = path.join(dir, "collectifs.csv");
  writeFileSync(a, cp1252(actions));
  writeFileSync(c, cp1252(collectifs));
  return [a, c];
}

async function ingestBounded(files: string[]) {
  const db = path.join(path.dirname(files[0]!), "clas.duckdb");
  const result = await runCli(["ingest", "--db", db, ...files], { heapMB: HEAP_MB });
  expect(result.status, result.stderr.slice(0, 2000)).toBe(0);
  return { db, result };
}

describe("line ends", () => {
  it("a CR-only file (Excel's « CSV (Macintosh) ») of 8,000 rows, with a bad row numbered right", async () => {
    const dir = tempDir();
    const { actions, collectifs } = rows(8000, (i) =>
      i === 4321 ? { a: { familles: "-3" } } : {},
    );
    const cr = (t: string) => t.replace(/\r\n/g, "\r");
    const { db, result } = await ingestBounded(
      write(dir, cr(toCsv("Actions", actions)), cr(toCsv("Collectifs", collectifs))),
    );
    expect(result.stdout).toContain("8000 lignes lues, 7999 acceptées, 1 rejetée");
    // the header is row 1: the 4,322nd action is row 4,323
    expect(await query(db, "SELECT ligne FROM rejets WHERE table_export = 'Actions'")).toEqual([
      { ligne: 4323 },
    ]);
  }, 60_000);

  it("mixed line ends (LF, CRLF and CR in one file) each end a row", async () => {
    const dir = tempDir();
    const { actions, collectifs } = rows(300, (i) => (i === 200 ? { a: { familles: "x" } } : {}));
    const ends = ["\n", "\r\n", "\r"];
    const mixed = (t: string) =>
      t
        .split("\r\n")
        .map((l, i) => l + (l === "" ? "" : ends[i % 3]))
        .join("");
    const { db } = await ingestBounded(
      write(dir, mixed(toCsv("Actions", actions)), mixed(toCsv("Collectifs", collectifs))),
    );
    expect(await query(db, "SELECT count(*)::INTEGER n FROM actions")).toEqual([{ n: 299 }]);
    // the action of row 202, and so its collectif
    expect(await query(db, "SELECT table_export t, ligne FROM rejets ORDER BY t")).toEqual([
      { t: "Actions", ligne: 202 },
      { t: "Collectifs", ligne: 202 },
    ]);
  });
});

describe("quoted line breaks", () => {
  it("12,000 collectifs whose address spans two lines", async () => {
    const dir = tempDir();
    const { actions, collectifs } = rows(12_000, () => ({
      c: { adresse: "12 rue des Écoles\r\nBâtiment B, 2e étage" },
    }));
    const { db } = await ingestBounded(
      write(dir, toCsv("Actions", actions), toCsv("Collectifs", collectifs)),
    );
    expect(await query(db, "SELECT count(*)::INTEGER n, min(adresse) a FROM collectifs")).toEqual([
      { n: 12_000, a: "12 rue des Écoles\r\nBâtiment B, 2e étage" },
    ]);
  }, 60_000);

  it("in a CR-only file, a quoted break is a CR, kept in its cell", async () => {
    const dir = tempDir();
    const { actions, collectifs } = rows(3000, () => ({ c: { adresse: "12 rue X\rBât. B" } }));
    const cr = (t: string) => t.replace(/\r\n/g, "\r");
    const { db } = await ingestBounded(
      write(dir, cr(toCsv("Actions", actions)), cr(toCsv("Collectifs", collectifs))),
    );
    expect(await query(db, "SELECT count(*)::INTEGER n FROM collectifs")).toEqual([{ n: 3000 }]);
  }, 60_000);
});

describe("short rows", () => {
  it("rows missing their trailing empty cells go to DuckDB's reader, none held for JavaScript", () => {
    const dir = tempDir();
    // the three personal columns, last, left empty and left out
    const { actions } = rows(5000, () => ({
      a: { coordinateur_nom: "", contact_courriel: "", contact_telephone: "" },
    }));
    const text = toCsv("Actions", actions)
      .split("\r\n")
      .map((l, i) => (i === 0 ? l : l.replace(/;;;$/, "")))
      .join("\r\n");
    const file = path.join(dir, "actions.csv");
    writeFileSync(file, cp1252(text));
    const split = splitInto(dir, file, "windows-1252");
    expect(split.written).toBe(5000);
    expect(split.records.count).toBe(0);
  });

  it("and the ingest stores them, in bounded memory", async () => {
    const dir = tempDir();
    const { actions, collectifs } = rows(20_000, () => ({
      a: { coordinateur_nom: "", contact_courriel: "", contact_telephone: "" },
      c: { latitude: "", longitude: "", lieu_accessible_parents: "oui" },
    }));
    const short = (t: string) =>
      t
        .split("\r\n")
        .map((l, i) => (i === 0 ? l : l.replace(/;+$/, "")))
        .join("\r\n");
    const { db } = await ingestBounded(
      write(dir, short(toCsv("Actions", actions)), short(toCsv("Collectifs", collectifs))),
    );
    expect(await query(db, "SELECT count(*)::INTEGER n FROM actions")).toEqual([{ n: 20_000 }]);
  }, 60_000);
});
