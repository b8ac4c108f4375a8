// Workbooks made to exhaust memory: a 1 MB workbook whose package relations
// inflated to 1 GB crashed (« erreur interne inattendue (Invalid string
// length) »), and 1 GB of unused shared strings was accepted at 1.37 GB. Every
// part is now read with limits counted while it inflates, and refused in
// French, naming the part and the limit.
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { WORKBOOK_LIMITS } from "../../loaders/read/workbook.js";
import { cli, tempDir } from "../helpers/warehouse.js";

/** A small valid workbook, one part of it swollen by `swell`. */
async function swollen(part: string, swell: (xml: string) => string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet("Actions").addRow(["SIRET", "Campagne"]);
  const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
  zip.file(part, swell((await zip.file(part)?.async("string")) ?? ""));
  const file = path.join(tempDir(), "classeur.xlsx");
  writeFileSync(file, await zip.generateAsync({ type: "uint8array", compression: "DEFLATE" }));
  return file;
}

describe("a workbook made to exhaust memory", () => {
  it("relations that inflate past their limit are refused, naming the part and the limit", async () => {
    const file = await swollen("xl/_rels/workbook.xml.rels", (xml) =>
      xml.replace(
        "</Relationships>",
        `<!--${" ".repeat(WORKBOOK_LIMITS.wholePart + 1)}--></Relationships>`,
      ),
    );
    const result = await cli("check", file);
    expect(result.status).toBe(1);
    expect(result.stderr + result.stdout).toContain(
      "sa partie « xl/_rels/workbook.xml.rels » dépasse 16 Mo une fois décompressée",
    );
    expect(result.stderr).not.toMatch(/inattendue|Invalid string length/);
  });

  it("unused shared strings past their limit are refused", async () => {
    const file = await swollen("xl/sharedStrings.xml", (xml) =>
      (
        xml ||
        '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"></sst>'
      ).replace(
        "</sst>",
        `${`<si><t>${"x".repeat(1000)}</t></si>`.repeat(WORKBOOK_LIMITS.sharedStrings / 1000 + 1)}</sst>`,
      ),
    );
    const result = await cli("check", file);
    expect(result.status).toBe(1);
    expect(result.stderr + result.stdout).toContain("dépasse 64 Mo une fois décompressée");
  });
});
