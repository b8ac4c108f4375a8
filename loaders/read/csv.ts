// Text to records, as the export format says: delimiter chosen on the header
// line, `"` quotes doubled to escape, newlines allowed inside quotes, cells
// trimmed, empty lines skipped but counted in the spreadsheet row numbers.

export type Delimiter = ";" | "," | "\t";

export interface TextRecord {
  /** The row a spreadsheet shows: the header is row 1. */
  row: number;
  cells: string[];
  /** Set when the record could not be read as written (an unclosed quote). */
  problem?: string;
}

export interface ParsedCsv {
  delimiter: Delimiter;
  header: TextRecord | null;
  records: TextRecord[];
}

const QUOTE = 34;
const LF = 10;
const CR = 13;
/** A quoted cell spanning more lines than this is taken for a quote left open. */
export const MAX_LINES_IN_QUOTED_CELL = 1000;

/** Counts each candidate outside quotes on the first non-blank line; ties go to `;`, then tab. */
export function sniffDelimiter(text: string): Delimiter {
  return sniffFirstLine(text).delimiter;
}

/** sniffDelimiter, and whether the text holds the first line's end (a longer text sniffs the same). */
export function sniffFirstLine(text: string): { delimiter: Delimiter; ended: boolean } {
  const counts = { ";": 0, "\t": 0, ",": 0 };
  let inQuotes = false;
  let seenContent = false;
  let ended = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (c === "\n" || c === "\r")) {
      if (seenContent) {
        ended = true;
        break;
      }
    } else if (!inQuotes && (c === ";" || c === "\t" || c === ",")) counts[c]++;
    if (c.trim() !== "") seenContent = true;
  }
  let delimiter: Delimiter = ";";
  for (const d of ["\t", ","] as const) if (counts[d] > counts[delimiter]) delimiter = d;
  return { delimiter, ended };
}

interface RawParse {
  cells: string[];
  next: number;
  unclosed: boolean;
}

function endOfLine(text: string, from: number): { end: number; next: number } {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) return { end: i, next: i + 1 };
    if (c === CR) return { end: i, next: text.charCodeAt(i + 1) === LF ? i + 2 : i + 1 };
  }
  return { end: text.length, next: text.length };
}

function parseRecord(text: string, start: number, delim: number, quotes: boolean): RawParse {
  const cells: string[] = [];
  let i = start;
  const n = text.length;
  for (;;) {
    // one cell
    if (quotes && text.charCodeAt(i) === QUOTE) {
      let value = "";
      let j = i + 1;
      let lines = 0;
      for (;;) {
        const q = text.indexOf('"', j);
        const segmentEnd = q < 0 ? n : q;
        for (let k = j; k < segmentEnd; k++) {
          // a line ends at LF, or at a CR that no LF follows (Excel's « CSV (Macintosh) »)
          const c = text.charCodeAt(k);
          const lineEnd = c === LF || (c === CR && text.charCodeAt(k + 1) !== LF);
          if (lineEnd && ++lines > MAX_LINES_IN_QUOTED_CELL) {
            return { cells, next: n, unclosed: true };
          }
        }
        if (q < 0) return { cells, next: n, unclosed: true };
        value += text.slice(j, q);
        if (text.charCodeAt(q + 1) === QUOTE) {
          value += '"';
          j = q + 2;
          continue;
        }
        j = q + 1;
        break;
      }
      // A cell that spans lines and whose closing quote is followed by text is
      // a quote left open that met the next quoted cell: read the line as is.
      const after = text.charCodeAt(j);
      if (lines > 0 && j < n && after !== delim && after !== LF && after !== CR) {
        return { cells, next: n, unclosed: true };
      }
      // characters after the closing quote, up to the delimiter, are kept as written
      let k = j;
      while (k < n) {
        const c = text.charCodeAt(k);
        if (c === delim || c === LF || c === CR) break;
        k++;
      }
      cells.push((value + text.slice(j, k)).trim());
      i = k;
    } else {
      let k = i;
      while (k < n) {
        const c = text.charCodeAt(k);
        if (c === delim || c === LF || c === CR) break;
        k++;
      }
      cells.push(text.slice(i, k).trim());
      i = k;
    }
    if (i >= n) return { cells, next: n, unclosed: false };
    const c = text.charCodeAt(i);
    if (c === delim) {
      i++;
      continue;
    }
    const next = c === CR && text.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
    return { cells, next, unclosed: false };
  }
}

function isBlank(cells: string[]): boolean {
  return cells.every((c) => c === "");
}

/** One record read from `start`: its cells, where the next begins, and why it was read as is. */
export interface ReadRecord {
  cells: string[];
  next: number;
  problem?: string;
}

/**
 * Reads the record that starts at `start`. A quote left open makes the record
 * its line only, read as if its quotes were plain characters, so that the
 * following rows are not swallowed by the open quote.
 */
export function readRecord(text: string, start: number, delimiter: Delimiter): ReadRecord {
  const delim = delimiter.charCodeAt(0);
  const parsed = parseRecord(text, start, delim, true);
  if (!parsed.unclosed) return { cells: parsed.cells, next: parsed.next };
  const line = endOfLine(text, start);
  const asIs = parseRecord(text.slice(0, line.end), start, delim, false);
  return { cells: asIs.cells, next: line.next, problem: UNCLOSED_QUOTE };
}

export const UNCLOSED_QUOTE = "guillemet ouvert jamais refermé : la ligne est lue telle quelle";

export function isBlankRecord(record: ReadRecord): boolean {
  return !record.problem && isBlank(record.cells);
}

/**
 * Excel's hint on a CSV's first line, `sep=;`: the delimiter to use. The line
 * is not a row (Excel hides it: the header stays row 1). `null` when the first
 * line is no such hint; `error` when it names a delimiter the format does not allow.
 */
export function sepLine(
  text: string,
): { delimiter: Delimiter; next: number } | { error: string } | null {
  const m = /^sep=(.?)(?:\r\n|\r|\n|$)/i.exec(text.slice(0, 16));
  if (!m) return null;
  const d = m[1]!;
  if (d === ";" || d === "," || d === "\t") return { delimiter: d, next: m[0].length };
  return {
    error: `première ligne « ${m[0].trim()} » : Excel y désigne le séparateur « ${d} », que le format n'accepte pas (attendu ; , ou tabulation) ; enregistrer le fichier avec le séparateur point-virgule`,
  };
}

/** Text to records; a `sep=` first line is honoured (see `sepLine`; refuse an invalid one first). */
export function parseCsv(text: string, delimiter?: Delimiter): ParsedCsv {
  const records: TextRecord[] = [];
  let header: TextRecord | null = null;
  let row = 0;
  let i = 0;
  const sep = delimiter === undefined ? sepLine(text) : null;
  if (sep && !("error" in sep)) {
    i = sep.next;
    delimiter = sep.delimiter;
  }
  delimiter ??= sniffDelimiter(text);
  while (i < text.length) {
    row++;
    const read = readRecord(text, i, delimiter);
    i = read.next;
    if (isBlankRecord(read)) continue;
    const record: TextRecord = { row, cells: read.cells };
    if (read.problem) record.problem = read.problem;
    if (header === null) header = record;
    else records.push(record);
  }
  return { delimiter, header, records };
}
