// Workbooks as Excel and LibreOffice write them: a date cell out of range, a
// formula never calculated, a time in a duration column, a float from a
// formula, a workbook of several megabytes, an .ods file or another zip.
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ACTION_FIELDS, COLLECTIF_FIELDS, type FieldDef } from "../../loaders/export/fields.js";
import { action, collectif, type Row } from "../helpers/export.js";
import { runCli } from "../helpers/process.js";
import { cli, query, tempDir, writeExport } from "../helpers/warehouse.js";

type CellSpec = ExcelJS.CellValue | { value: ExcelJS.CellValue; numFmt: string };

function addSheet(
  wb: ExcelJS.Workbook,
  name: string,
  fields: readonly FieldDef[],
  rows: Row[],
  typed: Record<string, CellSpec>[] = [],
) {
  const ws = wb.addWorksheet(name);
  ws.addRow(fields.map((f) => f.header));
  rows.forEach((r, i) => {
    const row = ws.addRow(fields.map((f) => r[f.name] ?? ""));
    for (const [field, spec] of Object.entries(typed[i] ?? {})) {
      const cell = row.getCell(fields.findIndex((f) => f.name === field) + 1);
      if (spec !== null && typeof spec === "object" && "numFmt" in spec) {
        cell.value = spec.value;
        cell.numFmt = spec.numFmt;
      } else cell.value = spec as ExcelJS.CellValue;
    }
  });
}

async function writeWorkbook(
  dir: string,
  actions: Row[],
  collectifs: Row[],
  typed: { a?: Record<string, CellSpec>[]; c?: Record<string, CellSpec>[] } = {},
): Promise<string> {
  const wb = new ExcelJS.Workbook();
  addSheet(wb, "Actions", ACTION_FIELDS, actions, typed.a);
  addSheet(wb, "Collectifs", COLLECTIF_FIELDS, collectifs, typed.c);
  const file = path.join(dir, "export.xlsx");
  writeFileSync(file, new Uint8Array(await wb.xlsx.writeBuffer()));
  return file;
}

async function problems(
  db: string,
): Promise<{ cle: string; colonne: string; valeur: string; message: string }[]> {
  return (await query(
    db,
    "SELECT r.cle, p.colonne, p.valeur, p.message FROM rejets r JOIN rejet_problemes p USING (rejet_id) ORDER BY r.cle, p.rang",
  )) as never;
}

describe("cells as spreadsheets write them", () => {
  it("a date-formatted cell holding a number beyond the calendar rejects its row, without a crash", async () => {
    const dir = tempDir();
    const db = path.join(dir, "clas.duckdb");
    const file = await writeWorkbook(
      dir,
      [action({ id_action: "A1" })],
      [collectif({ id_action: "A1" })],
      {
        a: [{ date_fin: { value: 1e10, numFmt: "dd/mm/yyyy" } }],
      },
    );
    const result = await cli("ingest", "--db", db, file);
    expect(result.status, result.stderr).toBe(0);
    expect((await problems(db))[0]).toMatchObject({
      cle: "A1",
      colonne: "Date de fin",
      valeur: "10000000000",
      message: expect.stringContaining("hors du calendrier"),
    });
  });

  it("a formula with no calculated value says so, instead of [object Object]", async () => {
    const dir = tempDir();
    const db = path.join(dir, "clas.duckdb");
    const file = await writeWorkbook(
      dir,
      [action({ id_action: "A1" }), action({ id_action: "A2" })],
      [collectif({ id_action: "A1" })],
      {
        a: [
          { familles: { formula: "O3*2" } as ExcelJS.CellFormulaValue },
          { reaap: { formula: "G2" } as ExcelJS.CellFormulaValue },
        ],
      },
    );
    const result = await cli("ingest", "--db", db, file);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).not.toContain("[object Object]");
    expect((await problems(db))[0]).toMatchObject({
      cle: "A1",
      colonne: "Familles",
      valeur: "=O3*2",
      message: expect.stringContaining("formule sans valeur calculée"),
    });
    // an optional column: the value is dropped with a warning, the row kept
    const warnings = await query(
      db,
      "SELECT cle, valeur, message FROM avertissements WHERE cle = 'A2'",
    );
    expect(warnings).toEqual([
      {
        cle: "A2",
        valeur: "=G2",
        message: expect.stringContaining("formule sans valeur calculée"),
      },
    ]);
  });

  it("a time cell typed 1:30 in « Durée d'une séance » is 90 minutes", async () => {
    const dir = tempDir();
    const db = path.join(dir, "clas.duckdb");
    const file = await writeWorkbook(
      dir,
      [action({ id_action: "A1" })],
      [collectif({ id_action: "A1" }), collectif({ id_action: "A1", id_collectif: "C2" })],
      {
        c: [
          { duree_seance: { value: 0.0625, numFmt: "h:mm" } },
          { duree_seance: { value: 1.5 / 24, numFmt: "[h]:mm:ss" } },
        ],
      },
    );
    const result = await cli("ingest", "--db", db, file);
    expect(result.status, result.stderr).toBe(0);
    expect(await query(db, "SELECT id_collectif, duree_seance FROM collectifs ORDER BY 1")).toEqual(
      [
        { id_collectif: "C1", duree_seance: 90 },
        { id_collectif: "C2", duree_seance: 90 },
      ],
    );
  });

  it("an integer computed by a formula as 3.0000000000000004 is 3", async () => {
    const dir = tempDir();
    const db = path.join(dir, "clas.duckdb");
    const file = await writeWorkbook(
      dir,
      [action({ id_action: "A1" })],
      [collectif({ id_action: "A1" })],
      {
        a: [
          { familles: { formula: "0.1*3*10", result: 0.1 * 3 * 10 } as ExcelJS.CellFormulaValue },
        ],
      },
    );
    expect(0.1 * 3 * 10).toBe(3.0000000000000004);
    const result = await cli("ingest", "--db", db, file);
    expect(result.status, result.stderr).toBe(0);
    expect(await query(db, "SELECT familles FROM actions")).toEqual([{ familles: 3 }]);
  });
});

describe("what a workbook is", () => {
  it("an .ods file, or a zip that is no workbook, is refused saying what it is", async () => {
    const dir = tempDir();
    const ods = new JSZip();
    ods.file("mimetype", "application/vnd.oasis.opendocument.spreadsheet");
    ods.file("content.xml", "<office:document-content/>");
    const odsFile = path.join(dir, "export.ods");
    writeFileSync(odsFile, await ods.generateAsync({ type: "uint8array" }));
    const zip = new JSZip();
    zip.file("actions.csv", "a;b");
    zip.file("collectifs.csv", "a;b");
    const zipFile = path.join(dir, "export.zip");
    writeFileSync(zipFile, await zip.generateAsync({ type: "uint8array" }));
    const csv = writeExport(dir, [action()], [collectif()]);
    const result = await cli("check", odsFile, zipFile, ...csv);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      "export.ods : classeur OpenDocument (.ods, LibreOffice) : l'enregistrer au format .xlsx ou CSV",
    );
    expect(result.stderr).toContain(
      "export.zip : archive zip qui n'est pas un classeur .xlsx (elle contient 2 fichiers : actions.csv, collectifs.csv)",
    );
  });

  it("a workbook of several megabytes is read row by row, in bounded memory", async () => {
    const dir = tempDir();
    const file = path.join(dir, "grand.xlsx");
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
    const actions = wb.addWorksheet("Actions");
    actions.addRow(ACTION_FIELDS.map((f) => f.header)).commit();
    const collectifs = wb.addWorksheet("Collectifs");
    collectifs.addRow(COLLECTIF_FIELDS.map((f) => f.header)).commit();
    const n = 25_000;
    for (let i = 0; i < n; i++) {
      const a = action({
        id_action: `A${i}`,
        porteur_nom: `Porteur n° ${i}`,
        action_nom: `Action ${i} du quartier`,
      });
      actions.addRow(ACTION_FIELDS.map((f) => a[f.name] ?? "")).commit();
      const c = collectif({
        id_action: `A${i}`,
        adresse: `${i} rue des Écoles`,
        lieu_nom: `Lieu ${i}`,
      });
      collectifs.addRow(COLLECTIF_FIELDS.map((f) => c[f.name] ?? "")).commit();
    }
    await wb.commit();
    const db = path.join(dir, "clas.duckdb");
    const result = await runCli(["ingest", "--db", db, file], { heapMB: 256 });
    expect(result.status, result.stderr.slice(0, 2000)).toBe(0);
    expect(await query(db, "SELECT count(*)::INTEGER n FROM collectifs")).toEqual([{ n }]);
  }, 120_000);
});
