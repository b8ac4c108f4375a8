// The sample written again in the record shapes people's files have, for the
// benchmark's memory rows: CR-only line ends (Excel's « CSV (Macintosh) »),
// mixed line ends, collectifs whose address spans two lines, rows missing
// their trailing empty cells; and the sample as one .xlsx workbook.
import ExcelJS from "exceljs";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import path from "node:path";
import { readRecord } from "../loaders/read/csv.js";
import { decodeWindows1252 } from "../loaders/read/windows1252.js";

export type Shape = "cr" | "mixte" | "saut-de-ligne" | "lignes-courtes";
export const SHAPES: Shape[] = ["cr", "mixte", "saut-de-ligne", "lignes-courtes"];

/** Each CRLF line of `file`, transformed, written to `target` with the end `ending(i)` gives. */
function rewrite(
  file: string,
  target: string,
  line: (text: string, i: number, header: string[]) => string,
  ending: (i: number) => string,
): void {
  const input = openSync(file, "r");
  const output = openSync(target, "w");
  const buffer = Buffer.allocUnsafe(16 * 1024 * 1024);
  let rest = "";
  let i = 0;
  let header: string[] = [];
  try {
    for (;;) {
      const n = readSync(input, buffer, 0, buffer.length, null);
      // latin1 keeps every byte as one character: the Windows-1252 bytes are written back as they were
      const text = rest + buffer.toString("latin1", 0, n);
      const lines = text.split("\r\n");
      rest = n === 0 ? "" : lines.pop()!;
      const out: string[] = [];
      for (const l of lines) {
        if (i === 0) header = l.split(";");
        if (l !== "" || n > 0) out.push(line(l, i, header) + ending(i));
        i++;
      }
      writeSync(output, Buffer.from(out.join(""), "latin1"));
      if (n === 0) break;
    }
  } finally {
    closeSync(input);
    closeSync(output);
  }
}

const ENDS = ["\r\n", "\n", "\r"];

/** The sample's files in one shape, written once into `dir`. */
export function shaped(files: string[], shape: Shape, dir: string): string[] {
  const out = path.join(dir, shape);
  mkdirSync(out, { recursive: true });
  const stamp = path.join(out, "ok");
  const targets = files.map((f) => path.join(out, path.basename(f)));
  if (existsSync(stamp)) return targets;
  files.forEach((file, k) => {
    const target = targets[k]!;
    switch (shape) {
      case "cr":
        return rewrite(
          file,
          target,
          (l) => l,
          () => "\r",
        );
      case "mixte":
        return rewrite(
          file,
          target,
          (l) => l,
          (i) => ENDS[i % 3]!,
        );
      case "saut-de-ligne":
        return rewrite(
          file,
          target,
          (l, i, header) => {
            const a = header.indexOf("Adresse");
            if (i === 0 || a < 0 || l.includes('"')) return l;
            const cells = l.split(";");
            if (cells[a]) cells[a] = `"${cells[a]}\r\nBâtiment B"`;
            return cells.join(";");
          },
          () => "\r\n",
        );
      case "lignes-courtes":
        return rewrite(
          file,
          target,
          (l, i) => (i === 0 ? l : l.replace(/;+$/, "")),
          () => "\r\n",
        );
    }
  });
  writeFileSync(stamp, "");
  return targets;
}

/** The sample's two tables as the two sheets of one workbook (typed as text, as many exports are). */
export async function asWorkbook(files: string[], dir: string): Promise<string> {
  const target = path.join(dir, "echantillon.xlsx");
  if (existsSync(target)) return target;
  mkdirSync(dir, { recursive: true });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: target, useSharedStrings: true });
  for (const file of files) {
    const sheet = wb.addWorksheet(path.basename(file, ".csv").slice(0, 31));
    rewrite(
      file,
      "/dev/null",
      (l) => {
        if (l !== "") {
          const text = decodeWindows1252(Buffer.from(l, "latin1"));
          sheet.addRow(readRecord(text, 0, ";").cells).commit();
        }
        return "";
      },
      () => "",
    );
    sheet.commit();
  }
  await wb.commit();
  return target;
}
