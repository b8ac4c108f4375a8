// Personal data in a row that is quoted (a reject, a warning): what is never
// shown of it. The personal columns are not quoted; in a row that does not
// fit its header, every cell from the first personal column on may be one and
// is masked; in a rejected row, whatever looks like an e-mail or a phone is
// masked wherever it stands. The masked cells are kept with the row's personal
// data (in its own table), never in a message.
import { isCellError, type Cell, type SourceRecord } from "../read/source.js";
import type { TableLayout } from "./header.js";
import type { Problem } from "./types.js";

/** What masking sees of a row being quoted. */
export interface QuotedRow {
  cells: Record<string, string>;
  problems: Problem[];
  warnings: Problem[];
  header(field: string): string;
}

/** Shown instead of a cell that may hold personal data, wherever a row's content is quoted. */
export const PERSONAL_MASK = "[donnée personnelle]";

/** The personal entry holding a row's masked cells (JSON, by header), kept with its personal data. */
export const MASKED_CELLS = "cellules_masquees";

/** A cell of a record as plain text, for a message (a workbook's typed cell as written). */
export function shown(cell: Cell | undefined): string {
  if (cell === undefined) return "";
  if (isCellError(cell)) return cell.text;
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell);
}

/**
 * Positions of a record that may hold a personal cell: the personal columns',
 * and, when the row does not fit its header (cells with content past it: a
 * `;` left unquoted in a name; or a line read as is, a quote left open), every
 * position from the first personal column on, since its cells may have moved
 * right by any number of places.
 */
export function maskedPositions(
  record: SourceRecord,
  layout: TableLayout,
  personal: number[],
): Set<number> {
  const masked = new Set<number>(personal);
  if (personal.length === 0) return masked;
  let last = record.cells.length - 1;
  while (last >= 0 && shown(record.cells[last]) === "") last--;
  if (last < layout.columns.length && !record.problem) return masked;
  for (let i = Math.min(...personal); i <= Math.max(last, layout.columns.length - 1); i++) {
    masked.add(i);
  }
  return masked;
}

/** What looks like an e-mail address or a French phone number, wherever it is. */
const PERSONAL_LOOKING =
  /[^\s@;,<>"]+@[^\s@;,<>"]+\.[a-z]{2,}|(?:(?:\+|00)\s*33\s*(?:\(0\))?\s*|\b0)[1-9](?:[\s.-]*\d{2}){4}\b/i;

/**
 * In a rejected row of a table that holds personal data, a cell that looks
 * like an e-mail or a phone is not quoted either, wherever it stands: the
 * line after a broken one may hold a row's end, cells at any place.
 */
export function maskPersonalLooking(b: QuotedRow, masked: Record<string, string>): void {
  for (const [field, text] of Object.entries(b.cells)) {
    if (text === PERSONAL_MASK || !PERSONAL_LOOKING.test(text)) continue;
    masked[b.header(field)] = text;
    b.cells[field] = PERSONAL_MASK;
    const hide = (p: Problem) =>
      p.value === text || p.value.includes(text) ? { ...p, value: PERSONAL_MASK } : p;
    b.problems = b.problems.map(hide);
    b.warnings = b.warnings.map(hide);
  }
}

/** The masked cells of a row, by header: kept with its personal data, never quoted. */
export function maskedCells(
  record: SourceRecord,
  layout: TableLayout,
  masked: Set<number>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of masked) {
    const text = shown(record.cells[i]);
    if (text === "" || layout.columns[i]?.personal) continue;
    out[layout.headers[i] || `(colonne ${i + 1})`] = text;
  }
  return out;
}
