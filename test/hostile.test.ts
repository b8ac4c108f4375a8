import { describe, expect, it } from "vitest";
import { ExportRefusedError } from "../loaders/export/batch.js";
import { action, collectif, toCsv, utf8 } from "./helpers/export.js";
import { check, ingestBytes } from "./helpers/context.js";
import { cli, query, tempDir, writeExport } from "./helpers/warehouse.js";
import { MAX_WORKBOOK } from "../loaders/ingest/tables.js";
import { writeFileSync } from "node:fs";
import path from "node:path";

const collectifs = { file: "c.csv", bytes: utf8(toCsv("Collectifs", [collectif()])) };

async function refusal(bytes: Uint8Array, file = "a.csv"): Promise<string> {
  const error = await check([{ file, bytes }, collectifs]).catch((e) => e);
  expect(error).toBeInstanceOf(ExportRefusedError);
  return (error as Error).message;
}

function seededBytes(seed: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out[i] = x >> 16;
  }
  return out;
}

describe("hostile files get a clear message, never a crash", () => {
  it.each([1, 2, 3, 4, 5])("random bytes (seed %d)", async (seed) => {
    const message = await refusal(seededBytes(seed, 4096));
    expect(message).toMatch(/^a\.csv : (octet|table non reconnue|aucune ligne)/);
  });

  it("a PDF renamed .csv", async () => {
    const pdf = utf8("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n");
    expect(await refusal(pdf)).toBe("a.csv : ce fichier est un PDF, pas un export CSV ou XLSX");
  });

  it("an empty file", async () => {
    expect(await refusal(new Uint8Array())).toBe("a.csv : fichier vide");
  });

  it("a file of blank lines", async () => {
    expect(await refusal(utf8("\r\n;;;\r\n  \r\n"))).toBe(
      "a.csv : aucune ligne d'en-tête : le fichier ne contient aucune donnée",
    );
  });

  it("a header-only file reads as zero rows, with a warning", async () => {
    const batch = await check([{ file: "a.csv", bytes: utf8(toCsv("Actions", [])) }, collectifs]);
    expect(batch.files[0]).toMatchObject({ rows: 0, accepted: 0, rejected: 0 });
    expect(batch.warnings[0]!.problems[0]!.message).toBe("aucune ligne de données sous l'en-tête");
    // the collectif's action is then unknown: rejected, not lost
    expect(batch.rejects).toHaveLength(1);
  });

  it("a 100,000-row file with one broken row in the middle: one reject, nothing else lost", async () => {
    const rows = Array.from({ length: 100_000 }, (_, i) =>
      collectif({ id_collectif: `C${i + 1}` }),
    );
    const lines = toCsv("Collectifs", rows).split("\r\n");
    lines[50_001] = lines[50_001]!.replace("Centre social", '"Centre social'); // an opening quote never closed
    const { batch, warehouse } = await ingestBytes([
      { file: "a.csv", bytes: utf8(toCsv("Actions", [action()])) },
      { file: "c.csv", bytes: utf8(lines.join("\r\n")) },
    ]);
    // a large ingest's settings (work-sql.ts LARGE_SETTINGS) are given back after it
    const settings = await warehouse.engine.query(
      "SELECT name, value FROM duckdb_settings() WHERE name LIKE 'allocator_%' ORDER BY name",
    );
    warehouse.close();
    expect(settings).toEqual([
      { name: "allocator_background_threads", value: "false" },
      { name: "allocator_bulk_deallocation_flush_threshold", value: "512.0 MiB" },
      { name: "allocator_flush_threshold", value: "128.0 MiB" },
    ]);
    expect(batch.files[1]).toMatchObject({ rows: 100_000, accepted: 99_999, rejected: 1 });
    expect(batch.rejects[0]!.row).toBe(50_002);
    expect(batch.rejects[0]!.key).toBe("A1/C50001");
    expect(batch.rejects[0]!.problems[0]!.message).toBe(
      "guillemet ouvert jamais refermé : la ligne est lue telle quelle",
    );
  });
});

describe("limits: bounded memory, a clear message", () => {
  it("a line of 10,000 columns refuses its file, whatever path reads it", async () => {
    const header = Array.from({ length: 10_000 }, (_, i) => `c${i}`);
    header[0] = "SIRET";
    const line = header.join(";") + "\r\n" + header.map(() => "x").join(";") + "\r\n";
    expect(await refusal(utf8(line))).toBe(
      "a.csv : 10000 colonnes dans l'en-tête : au plus 500 attendues (un export Clas en a 46 au plus ; séparateur mal reconnu ?)",
    );
    const dir = tempDir();
    const file = path.join(dir, "a.csv");
    writeFileSync(file, line);
    const result = await cli("ingest", "--db", path.join(dir, "db.duckdb"), file);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("10000 colonnes dans l'en-tête");
  });

  it("a cell of 1 MB rejects its row with its length, and is kept cut short", async () => {
    const dir = tempDir();
    const db = path.join(dir, "db.duckdb");
    const huge = "é".repeat(1_048_576);
    const files = writeExport(
      dir,
      [action(), action({ id_action: "A2", action_nom: huge }), action({ id_action: "A3" })],
      [collectif()],
    );
    const result = await cli("ingest", "--db", db, ...files);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      "Intitulé de l'action « " +
        "é".repeat(60) +
        "… » : cellule de 1048576 caractères : au plus 10000 attendus",
    );
    const rows = await query(db, "SELECT id_action FROM actions ORDER BY 1");
    expect(rows).toEqual([{ id_action: "A1" }, { id_action: "A3" }]);
    const kept = await query(db, "SELECT length(cellules)::INTEGER AS n FROM rejets");
    expect(kept[0]!.n).toBeLessThan(20_000);
  });

  it("a workbook too large to read whole is refused, with the advice to save it as CSV", async () => {
    const dir = tempDir();
    const file = path.join(dir, "classeur.xlsx");
    const bytes = new Uint8Array(MAX_WORKBOOK + 1);
    bytes.set([0x50, 0x4b, 0x03, 0x04]);
    writeFileSync(file, bytes);
    const result = await cli(
      "check",
      file,
      ...writeExport(dir, [action()], [collectif()]).slice(1),
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      "classeur.xlsx : classeur de 64 Mo : au plus 64 Mo ; l'enregistrer en CSV",
    );
  });
});
