import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { ACTION_FIELDS, COLLECTIF_FIELDS } from "../loaders/export/fields.js";
import { action, collectif, type Row } from "./helpers/export.js";
import { check } from "./helpers/context.js";

type Typed = Record<string, string | number | boolean | Date | null>;

async function workbook(
  sheets: { name: string; header: string[]; rows: (string | number | boolean | Date | null)[][] }[],
) {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    ws.addRow(s.header);
    for (const r of s.rows) ws.addRow(r);
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

function rowOf(fields: readonly { name: string }[], values: Row, typed: Typed = {}) {
  return fields.map((f) => (f.name in typed ? typed[f.name]! : (values[f.name] ?? "")));
}

describe("xlsx workbooks", () => {
  it("reads both tables from the sheets of one workbook, recognised by their headers", async () => {
    const bytes = await workbook([
      { name: "Notes", header: ["Lisez-moi"], rows: [["export du 1er juillet"]] },
      {
        name: "Feuille 2",
        header: COLLECTIF_FIELDS.map((f) => f.header),
        rows: [rowOf(COLLECTIF_FIELDS, collectif())],
      },
      {
        name: "Feuille 1",
        header: ACTION_FIELDS.map((f) => f.header),
        rows: [rowOf(ACTION_FIELDS, action())],
      },
    ]);
    const batch = await check([{ file: "export.xlsx", bytes }]);
    expect(batch.rejects).toEqual([]);
    expect(batch.files.map((f) => [f.table, f.sheet, f.rows, f.accepted])).toEqual([
      ["Actions", "Feuille 1", 1, 1],
      ["Collectifs", "Feuille 2", 1, 1],
    ]);
    expect(batch.warnings[0]!.problems[0]!.message).toContain("feuille « Notes » ignorée");
  });

  it("keeps cell types: dates are dates, numbers in code columns get their zeros back", async () => {
    const bytes = await workbook([
      {
        name: "Actions",
        header: ACTION_FIELDS.map((f) => f.header),
        rows: [
          rowOf(ACTION_FIELDS, action({ departement: "01" }), {
            departement: 1,
            date_debut: new Date(Date.UTC(2024, 10, 4)),
            date_fin: new Date(Date.UTC(2025, 5, 13)),
            familles: 18,
            budget_total: 24500.5,
            montant_ps: 9800,
            qpv: true,
            siret: 78201543000013,
          }),
        ],
      },
      {
        name: "Collectifs",
        header: COLLECTIF_FIELDS.map((f) => f.header),
        rows: [
          rowOf(COLLECTIF_FIELDS, collectif({ departement: "01" }), {
            departement: 1,
            code_insee: 1001,
            code_postal: 1400,
            latitude: 46.15,
            longitude: 4.93,
            enfants: 10,
          }),
        ],
      },
    ]);
    const batch = await check([{ file: "export.xlsx", bytes }]);
    expect(batch.rejects).toEqual([]);
    const a = batch.actions[0]!.values;
    expect([a.departement, a.date_debut, a.date_fin, a.budget_total, a.qpv]).toEqual([
      "01",
      "2024-11-04",
      "2025-06-13",
      2_450_050n,
      true,
    ]);
    const c = batch.collectifs[0]!.values;
    expect([c.code_insee, c.code_postal, c.latitude]).toEqual(["01001", "01400", 46.15]);
  });

  it("uses the sheet's own row numbers", async () => {
    const wb = new ExcelJS.Workbook();
    const wa = wb.addWorksheet("A");
    wa.getRow(3).values = ACTION_FIELDS.map((f) => f.header);
    wa.getRow(4).values = rowOf(ACTION_FIELDS, action());
    wa.getRow(6).values = rowOf(ACTION_FIELDS, action({ id_action: "A2", familles: "-1" }));
    const wc = wb.addWorksheet("C");
    wc.addRow(COLLECTIF_FIELDS.map((f) => f.header));
    wc.addRow(rowOf(COLLECTIF_FIELDS, collectif()));
    const batch = await check([
      { file: "e.xlsx", bytes: new Uint8Array(await wb.xlsx.writeBuffer()) },
    ]);
    expect(batch.actions[0]!.row).toBe(4);
    expect(batch.rejects[0]!.row).toBe(6);
  });

  it("refuses a broken workbook with a clear message", async () => {
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]);
    await expect(check([{ file: "x.xlsx", bytes }])).rejects.toThrow(
      /x\.xlsx : classeur XLSX illisible/,
    );
  });
});
