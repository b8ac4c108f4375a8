import { describe, expect, it } from "vitest";
import { ExportRefusedError } from "../loaders/export/batch.js";
import { action, collectif, toCsv, utf8 } from "./helpers/export.js";
import { check } from "./helpers/context.js";

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
    const batch = await check([
      { file: "a.csv", bytes: utf8(toCsv("Actions", [action()])) },
      { file: "c.csv", bytes: utf8(lines.join("\r\n")) },
    ]);
    expect(batch.files[1]).toMatchObject({ rows: 100_000, accepted: 99_999, rejected: 1 });
    expect(batch.rejects[0]!.row).toBe(50_002);
    expect(batch.rejects[0]!.key).toBe("A1/C50001");
    expect(batch.rejects[0]!.problems[0]!.message).toBe(
      "guillemet ouvert jamais refermé : la ligne est lue telle quelle",
    );
  });
});
