import { parseCsv } from "./csv.js";
import { decodeText } from "./encoding.js";
import { FileRefusedError } from "./errors.js";
import type { SourceTable } from "./source.js";
import { readWorkbook } from "./xlsx.js";

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/**
 * Bytes of one file to its tables, whatever its name says: a zip is a
 * workbook, anything else must be CSV text. No file system here.
 */
export async function readExportFile(file: string, bytes: Uint8Array): Promise<SourceTable[]> {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return readWorkbook(bytes, file);
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) {
    throw new FileRefusedError(file, ["ce fichier est un PDF, pas un export CSV ou XLSX"]);
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) {
    throw new FileRefusedError(file, [
      "classeur Excel 97-2003 (.xls) non pris en charge : l'enregistrer au format .xlsx ou CSV",
    ]);
  }
  const { text, encoding } = decodeText(bytes, file);
  const { delimiter, header, records } = parseCsv(text);
  return [{ file, sheet: null, encoding, delimiter, header, records }];
}
