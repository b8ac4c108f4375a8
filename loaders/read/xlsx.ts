import ExcelJS from "exceljs";
import { FileRefusedError } from "./errors.js";
import type { Cell, SourceRecord, SourceTable } from "./source.js";

type ExcelValue = ExcelJS.CellValue;

function toCell(value: ExcelValue): Cell | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    return typeof value === "string" ? value.trim() : value;
  }
  if (value instanceof Date) return value;
  if (typeof value === "object") {
    if ("richText" in value)
      return value.richText
        .map((r) => r.text)
        .join("")
        .trim();
    if ("result" in value) return toCell((value.result ?? null) as ExcelValue);
    if ("text" in value && typeof value.text === "string") return value.text.trim();
    if ("error" in value) return String(value.error);
  }
  return String(value);
}

function isBlank(cells: Cell[]): boolean {
  return cells.every((c) => c === "");
}

/** Every sheet of a workbook, its cells typed; the first non-empty row is the header. */
export async function readWorkbook(bytes: Uint8Array, file: string): Promise<SourceTable[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw new FileRefusedError(file, [
      `classeur XLSX illisible (${(error as Error).message}) : enregistrer le fichier au format .xlsx ou CSV`,
    ]);
  }
  const tables: SourceTable[] = [];
  workbook.eachSheet((sheet) => {
    let header: SourceRecord | null = null;
    const records: SourceRecord[] = [];
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: Cell[] = [];
      const count = row.cellCount;
      for (let c = 1; c <= count; c++) cells.push(toCell(row.getCell(c).value) ?? "");
      while (cells.length > 0 && cells[cells.length - 1] === "") cells.pop();
      if (isBlank(cells)) return;
      if (header === null) header = { row: rowNumber, cells };
      else records.push({ row: rowNumber, cells });
    });
    tables.push({ file, sheet: sheet.name, encoding: null, delimiter: null, header, records });
  });
  return tables;
}
