// The byte scan of the largest files on a thread of its own (scan-elsewhere.ts): what the
// ingest reads of each file is the same as on the main thread, whichever thread scanned it.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { nodeFiles } from "../loaders/ingest/node-files.js";
import { scanOnThread } from "../loaders/ingest/scan-elsewhere.js";
import { readAll, type ReadAll, type ScanElsewhere } from "../loaders/ingest/tables.js";
import { testContext } from "./helpers/context.js";
import { action, collectif, cp1252, toCsv, utf8 } from "./helpers/export.js";
import { tempDir } from "./helpers/warehouse.js";

/** What readAll read, without where it wrote it: each file's tables, records and split lines. */
function readOf({ read, stored }: ReadAll) {
  return read.map(({ file, hash, tables }) => ({
    file,
    hash,
    tables:
      tables instanceof Error
        ? tables.message
        : tables.map((t) => {
            const s = stored.get(t)!;
            const split = s.split?.split;
            return {
              table: { ...t },
              records: [...s.slow.read()],
              rows: [...s.slow.rows],
              count: s.slow.count,
              unheaded: [...s.unheaded],
              written: split?.written,
              lines: split ? { ...split.lines.parts() } : null,
              distinct: split?.distinct,
              bytes: s.split ? readFileSync(s.split.path).toString("utf8") : null,
            };
          }),
  }));
}

it("reads every file as the main thread does, the largest scanned on a thread", async () => {
  const dir = tempDir();
  const write = (name: string, bytes: Uint8Array) => {
    const file = path.join(dir, name);
    writeFileSync(file, bytes);
    return file;
  };
  const actions = toCsv(
    "Actions",
    Array.from({ length: 300 }, (_, i) =>
      action({ id_action: `A${i}`, porteur_nom: i % 7 ? "Maison pour tous" : "  à rogner " }),
    ),
  );
  // Excel-Mac's line ends (a lone CR)
  const collectifs = toCsv(
    "Collectifs",
    Array.from({ length: 900 }, (_, i) =>
      collectif({
        id_action: `A${i % 300}`,
        id_collectif: `C${i}`,
        lieu_nom: `${i % 5 ? "" : " "}Salle « ${i} »`,
      }),
    ),
  ).replace(/\r\n/g, "\r");
  const text = "\ufeff" + toCsv("Collectifs", [collectif()]);
  const utf16 = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    utf16[i * 2] = text.charCodeAt(i) & 0xff;
    utf16[i * 2 + 1] = text.charCodeAt(i) >> 8;
  }
  const paths = [
    write("actions.csv", cp1252(actions)),
    write("collectifs.csv", utf8(collectifs)),
    write("doublon.csv", cp1252(actions)),
    write("utf16.csv", utf16),
    write("document.csv", utf8("%PDF-1.4\n")),
    path.join(dir, "absent.csv"),
  ];
  const taken: number[] = [];
  const everyFile: ScanElsewhere = {
    from: 0,
    scan(jobs, mapping, onBytes) {
      taken.push(...jobs.map((j) => j.n));
      return scanOnThread.scan(jobs, mapping, onBytes);
    },
  };
  const { mapping } = await testContext();
  const here = await readAll(nodeFiles, paths, tempDir(), mapping);
  const there = await readAll(nodeFiles, paths, tempDir(), mapping, undefined, everyFile);
  // a thread that fails: its files are scanned on the main thread after all
  const failing: ScanElsewhere = {
    from: 0,
    scan: () => ({ scanned: Promise.reject(new Error("arrêté")), stop: async () => {} }),
  };
  const fallback = await readAll(nodeFiles, paths, tempDir(), mapping, undefined, failing);
  expect(readOf(fallback)).toEqual(readOf(here));
  // the largest first, each to the side with fewer bytes: the thread had some, not all
  expect(taken.length).toBeGreaterThan(0);
  expect(taken.length).toBeLessThan(5);
  expect(readOf(there)).toEqual(readOf(here));
  // what is compared holds the quirks: records left to the reader, a duplicate, refusals
  const read = readOf(here);
  expect(read.map((r) => r.file)).not.toContain(paths[2]);
  expect(read.find((r) => r.file === paths[4])!.tables).toContain("PDF");
  expect(read.find((r) => r.file === paths[5])!.tables).toContain("introuvable");
  for (const file of [read[0]!, read[1]!]) {
    const [table] = file.tables as {
      records: unknown[];
      written: number;
      distinct: { cells: string[][] };
    }[];
    expect(table!.records.length).toBeGreaterThan(40);
    expect(table!.written).toBeGreaterThan(200);
    expect(table!.distinct.cells.flat().length).toBeGreaterThan(5);
  }
});
