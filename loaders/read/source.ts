import type { Delimiter } from "./csv.js";
import type { Encoding } from "./encoding.js";

/** A cell as read: text from a CSV, or a typed cell from a workbook. */
export type Cell = string | number | boolean | Date;

export interface SourceRecord {
  /** The row a spreadsheet shows (header = row 1 in a CSV; the sheet's own row in a workbook). */
  row: number;
  cells: Cell[];
  problem?: string;
}

/** One table of an export as read from a file (a CSV, or one sheet of a workbook). */
export interface SourceTable {
  file: string;
  sheet: string | null;
  encoding: Encoding | null;
  delimiter: Delimiter | null;
  header: SourceRecord | null;
  records: SourceRecord[];
}
