import type { Delimiter } from "./csv.js";
import type { Encoding } from "./encoding.js";

/**
 * A workbook cell that holds no usable value, and why (a formula never
 * calculated, an error such as `#DIV/0!`, a number outside a date's range).
 */
export interface CellError {
  error: string;
  /** What the cell shows, for messages. */
  text: string;
}

/** A cell as read: text from a CSV, or a typed cell from a workbook. */
export type Cell = string | number | boolean | Date | CellError;

export function isCellError(cell: Cell | undefined): cell is CellError {
  return typeof cell === "object" && !(cell instanceof Date);
}

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
  /** Why the encoding read may be wrong: a warning, or a hint when the file is refused. */
  note?: string;
}
