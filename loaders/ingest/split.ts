// Second pass over a CSV on disk, in chunks: each plain record is written to
// a UTF-8 file for DuckDB's reader, prefixed with its row number, and the
// distinct cells of its judged columns gathered (distinct-cells.ts); every other
// record is read here by the export format's own reader and kept on disk for
// the validation in JavaScript. Memory stays bounded by the chunk, whatever
// the file's line ends (LF, CRLF, Excel-Mac's lone CR) or shape.
//
// A record is *plain* when DuckDB reads it as the format's reader does: no
// cell to trim, quotes closed right before a delimiter or the line's end
// (a quoted cell may span lines, with any line ends), and no extra cell with
// content. A short row (trailing empty cells left out) is plain: its
// missing cells are written as empty; extra empty cells are left out.
import {
  isBlankRecord,
  MAX_LINES_IN_QUOTED_CELL,
  readRecord,
  sepLine,
  sniffDelimiter,
  sniffFirstLine,
  type Delimiter,
  type TextRecord,
} from "../read/csv.js";
import { FileRefusedError } from "../read/errors.js";
import { decodeWindows1252, windows1252CodePoint } from "../read/windows1252.js";
import { copyBytes, utf8Bytes, utf8Length } from "./bytes.js";
import { CellSet, type DistinctCells } from "./distinct-cells.js";
import type { WorkFiles } from "./files.js";
import { RecordFile } from "./records.js";
import { MAX_LINE_BYTES } from "./work-sql.js";

export interface SplitCsv {
  delimiter: Delimiter;
  header: TextRecord | null;
  /** Records the byte scan left to the format's reader, in row order, on disk. */
  records: RecordFile;
  /** Lines written to the output: one record each. */
  written: number;
  lines: LineIndex;
  /** Non-empty cells under each column whose header is empty, by column index. */
  unheaded: Map<number, number>;
  /** The distinct cells of the plain lines' judged columns (none gathered without a header). */
  distinct: DistinctCells;
}

/** The columns whose distinct cells the scan gathers, told the file's header (distinct-cells.ts). */
export type Gather = (header: TextRecord) => number[];

/**
 * What the scan reads at a time, and its output buffer: 1 MB (16 MB cost more to allocate
 * and fault in, per file, than the reads they saved: the property tests 15 % slower).
 * A longer record grows the buffer (up to WINDOW for a quoted cell).
 */
const CHUNK = 1024 * 1024;
/** How far a quoted cell may run on before it is taken for a quote left open. */
export const WINDOW = 8 * 1024 * 1024;
const LF = 10;
const CR = 13;
const QUOTE = 34;

// UTF-8 of the white space JavaScript's trim() removes, beyond ASCII
const UTF8_SPACES = [
  [0xc2, 0xa0],
  [0xe1, 0x9a, 0x80],
  ...Array.from({ length: 11 }, (_, i) => [0xe2, 0x80, 0x80 + i]),
  [0xe2, 0x80, 0xa8],
  [0xe2, 0x80, 0xa9],
  [0xe2, 0x80, 0xaf],
  [0xe2, 0x81, 0x9f],
  [0xe3, 0x80, 0x80],
  [0xef, 0xbb, 0xbf],
];

/** What trim() removes in ASCII: a quoted cell may begin or end with a line break. */
function isAsciiSpace(b: number): boolean {
  return b === 0x20 || (b >= 0x09 && b <= 0x0d);
}

/** UTF-8 bytes of each Windows-1252 byte from 0x80. */
const HIGH_1252: Uint8Array[] = Array.from({ length: 128 }, (_, i) =>
  utf8Bytes(String.fromCharCode(windows1252CodePoint(0x80 + i))),
);

/** Where each written line starts in the output file, by row: a plain line is read again by row. */
export class LineIndex {
  private rows = new Int32Array(1024);
  private offsets = new Float64Array(1024);
  size = 0;
  end = 0;
  add(row: number, offset: number): void {
    if (this.size === this.rows.length) {
      const rows = new Int32Array(this.size * 2);
      rows.set(this.rows);
      this.rows = rows;
      const offsets = new Float64Array(this.size * 2);
      offsets.set(this.offsets);
      this.offsets = offsets;
    }
    this.rows[this.size] = row;
    this.offsets[this.size++] = offset;
  }
  /** Its arrays and sizes, to send to another thread (`LineIndex.of` makes it again). */
  parts(): {
    rows: Int32Array<ArrayBuffer>;
    offsets: Float64Array<ArrayBuffer>;
    size: number;
    end: number;
  } {
    return {
      rows: this.rows.slice(0, this.size),
      offsets: this.offsets.slice(0, this.size),
      size: this.size,
      end: this.end,
    };
  }
  static of(parts: ReturnType<LineIndex["parts"]>): LineIndex {
    const index = new LineIndex();
    index.rows = parts.rows;
    index.offsets = parts.offsets;
    index.size = parts.size;
    index.end = parts.end;
    return index;
  }
  /** The byte range of row `row`'s line (its row number and newline included), or null. */
  find(row: number): [number, number] | null {
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = this.rows[mid]!;
      if (r === row)
        return [this.offsets[mid]!, mid + 1 < this.size ? this.offsets[mid + 1]! : this.end];
      if (r < row) lo = mid + 1;
      else hi = mid - 1;
    }
    return null;
  }
}

class Output {
  private buffer = new Uint8Array(CHUNK + 64);
  /** The same bytes, written four at a time. */
  private words = new DataView(this.buffer.buffer);
  length = 0;
  /** Bytes written to the file before the buffer. */
  flushed = 0;
  constructor(
    private readonly files: WorkFiles,
    private readonly fd: number,
  ) {}
  ensure(room: number): void {
    if (this.length + room <= this.buffer.length) return;
    this.flush();
    if (room > this.buffer.length) {
      this.buffer = new Uint8Array(room + 64);
      this.words = new DataView(this.buffer.buffer);
    }
  }
  flush(): void {
    if (this.length > 0) this.files.write(this.fd, this.buffer, 0, this.length);
    this.flushed += this.length;
    this.length = 0;
  }
  get bytes(): Uint8Array {
    return this.buffer;
  }
  get view(): DataView {
    return this.words;
  }
}

/** The first position of a byte at or after a point, remembered until the buffer moves. */
interface Search {
  from: number;
  /** -2: unknown; -1: none before the end of the data. */
  at: number;
}

/**
 * What the scan of one record found: `more` when the data ends too soon; for `plain` and
 * `blank`, where the record ends is left in the splitter (no object a record: 2.6 million
 * at scale 100).
 */
type Scan = "more" | "slow" | "blank" | "plain";

export class CsvSplitter {
  private buffer = new Uint8Array(CHUNK);
  /** The same bytes, read four at a time (distinct-cells.ts). */
  private view = new DataView(this.buffer.buffer);
  private start = 0;
  private end = 0;
  private eof = false;
  private readonly utf8: boolean;
  // a U+FEFF inside the file is a character like any other: only the first bytes are a BOM
  private readonly decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  private lf: Search = { from: 0, at: -2 };
  private cr: Search = { from: 0, at: -2 };
  /** Columns with an empty header, and the content found under them. */
  private unheaded = new Map<number, number>();
  /** Whether some column has an empty header (most files: none, and no lookup a cell). */
  private anyUnheaded = false;
  /** Cells with content under an unheaded column in the record being scanned. */
  private filled: number[] = [];
  /** The plain record scanned: end of the bytes to copy (before the line end, or after the last header column). */
  private copyEnd = 0;
  /** The plain record scanned: empty cells to add (a short row). */
  private pad = 0;
  /** Where the record scanned (plain or blank) is followed by the next. */
  private next = 0;
  /** The distinct cells gathered, by column (null: a column not gathered). */
  private sets: (CellSet | null)[] = [];
  private anyGathered = false;
  /** The record scanned: its gathered cells' column, start, end and whether it holds `""` (quads). */
  private spans = new Int32Array(4 * 64);
  private spanCount = 0;

  /** Bytes read so far, told to `onBytes` (the command line's progress bar). */
  private read = 0;

  constructor(
    private readonly files: WorkFiles,
    private readonly fd: number,
    private readonly file: string,
    encoding: "utf-8" | "windows-1252",
    bom: number,
    private readonly gather: Gather,
    private readonly onBytes: (read: number) => void = () => {},
  ) {
    this.utf8 = encoding === "utf-8";
    if (bom > 0) files.read(fd, new Uint8Array(bom), 0, bom, null);
  }

  /** Makes at least `want` bytes available from `start`, unless the file ends first. */
  private fill(want: number): void {
    if (this.end - this.start >= want || this.eof) return;
    let buffer = this.buffer;
    if (want > buffer.length) {
      buffer = new Uint8Array(want);
      copyBytes(this.buffer, buffer, 0, this.start, this.end);
      this.buffer = buffer;
      this.view = new DataView(buffer.buffer);
    } else buffer.copyWithin(0, this.start, this.end);
    this.end -= this.start;
    this.start = 0;
    this.lf.at = -2;
    this.cr.at = -2;
    while (this.end < want && !this.eof) {
      const n = this.files.read(this.fd, buffer, this.end, buffer.length - this.end, null);
      if (n === 0) this.eof = true;
      this.end += n;
      this.read += n;
      this.onBytes(this.read);
    }
  }

  private first(byte: number, search: Search, from: number): number {
    if (search.at === -2 || from < search.from || (search.at >= 0 && search.at < from)) {
      const i = this.buffer.indexOf(byte, from);
      search.from = from;
      search.at = i >= 0 && i < this.end ? i : -1;
    }
    return search.at;
  }

  /** The first CR or LF at or after `from` in the data, or -1. */
  private lineEnd(from: number): number {
    const lf = this.first(LF, this.lf, from);
    const cr = this.first(CR, this.cr, from);
    return lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
  }

  private decode(from: number, to: number): string {
    const bytes = this.buffer.subarray(from, to);
    return this.utf8 ? this.decoder.decode(bytes) : decodeWindows1252(bytes);
  }

  private byteLength(text: string, chars: number): number {
    return this.utf8 ? utf8Length(text.slice(0, chars)) : chars;
  }

  /** Where the data should be cut before `limit` so that no line is cut: after its last line end. */
  private cutAtLine(limit: number): number {
    if (limit >= this.end) return this.end;
    const range = this.buffer.subarray(this.start, limit);
    // a CR whose next byte is known; a CR before LF is part of CRLF, whose LF comes later
    const last = Math.max(range.lastIndexOf(LF), range.subarray(0, -1).lastIndexOf(CR));
    return last < 0 ? limit : this.start + last + 1;
  }

  /** The record at `start`, read by the format's reader; moves past it. */
  private readSlow(delimiter: Delimiter): ReturnType<typeof readRecord> {
    // its first line: enough unless a quote is left open on it
    let at = this.lineEnd(this.start);
    while (at < 0 && !this.eof && this.end - this.start < WINDOW) {
      this.fill(Math.min(this.end - this.start + CHUNK, WINDOW));
      at = this.lineEnd(this.start);
    }
    let limit = at < 0 ? Math.min(this.end, this.start + WINDOW) : at + 1;
    if (at >= 0 && this.buffer[at] === CR) {
      if (at + 1 >= this.end && !this.eof) this.fill(this.end - this.start + 1);
      at = this.lineEnd(this.start);
      limit = this.buffer[at + 1] === LF && at + 1 < this.end ? at + 2 : at + 1;
    }
    let text = this.decode(this.start, limit);
    let read = readRecord(text, 0, delimiter);
    // a quote left open on its line may close on a later one: read further, more each time
    for (let size = 64 * 1024; read.problem; size *= 4) {
      const span = Math.min(size, WINDOW);
      this.fill(span);
      const cut = this.cutAtLine(Math.min(this.end, this.start + span));
      text = this.decode(this.start, cut);
      read = readRecord(text, 0, delimiter);
      if (span === WINDOW || (cut >= this.end && this.eof)) break;
    }
    this.start += this.byteLength(text, read.next);
    return read;
  }

  private isSpaceAt(i: number, limit: number): boolean {
    const buf = this.buffer;
    const b = buf[i]!;
    if (isAsciiSpace(b)) return true;
    if (b < 0x80) return false;
    if (!this.utf8) return b === 0xa0;
    return UTF8_SPACES.some(
      (seq) => i + seq.length <= limit && seq.every((s, k) => buf[i + k] === s),
    );
  }

  private isSpaceBefore(end: number, from: number): boolean {
    const buf = this.buffer;
    const b = buf[end - 1]!;
    if (isAsciiSpace(b)) return true;
    if (b < 0x80) return false;
    if (!this.utf8) return b === 0xa0;
    return UTF8_SPACES.some(
      (seq) => end - seq.length >= from && seq.every((s, k) => buf[end - seq.length + k] === s),
    );
  }

  /** Scans the record at `start` (see the module's comment); `more` when the data ends too soon. */
  private scan(delim: number, columns: number): Scan {
    const buf = this.buffer;
    const end = this.end;
    // DuckDB's longest line, counted in output bytes (a Windows-1252 byte may take three)
    const limit = this.start + (this.utf8 ? MAX_LINE_BYTES : MAX_LINE_BYTES / 3) - 64;
    this.filled.length = 0;
    this.spanCount = 0;
    let cells = 1;
    let content = false;
    let cutAt = -1;
    let i = this.start;
    for (;;) {
      // one cell, from i
      let inner = i;
      let innerEnd: number;
      let escaped = false;
      if (i < end && buf[i] === QUOTE) {
        let j = i + 1;
        let lines = 0;
        for (;;) {
          if (j >= limit) return "slow";
          if (j >= end) return this.eof ? "slow" : "more";
          const b = buf[j]!;
          if (b === QUOTE) {
            if (j + 1 >= end && !this.eof) return "more";
            if (buf[j + 1] === QUOTE) {
              escaped = true;
              j += 2;
              continue;
            }
            break;
          }
          // a line break inside quotes is data, for DuckDB as for the reader; past the
          // reader's limit of lines in a cell, the reader decides (a quote left open)
          if (b === CR || b === LF) {
            if (b === CR && j + 1 >= end && !this.eof) return "more";
            const ends = b === LF || buf[j + 1] !== LF;
            if (ends && ++lines > MAX_LINES_IN_QUOTED_CELL) return "slow";
          }
          j++;
        }
        const after = j + 1;
        if (after < end) {
          const b = buf[after];
          if (b !== delim && b !== LF && b !== CR) return "slow";
        } else if (!this.eof) return "more";
        inner = i + 1;
        innerEnd = j;
        i = after;
      } else {
        let j = i;
        for (;;) {
          if (j >= limit) return "slow";
          if (j >= end) {
            if (!this.eof) return "more";
            break;
          }
          const b = buf[j]!;
          if (b === delim || b === LF || b === CR) break;
          if (b === QUOTE) return "slow";
          j++;
        }
        innerEnd = j;
        i = j;
      }
      if (innerEnd > inner) {
        if (cells > columns) return "slow";
        if (this.isSpaceAt(inner, innerEnd) || this.isSpaceBefore(innerEnd, inner)) {
          return "slow";
        }
        content = true;
        if (this.anyUnheaded && this.unheaded.has(cells - 1)) this.filled.push(cells - 1);
        if (this.anyGathered && this.sets[cells - 1])
          this.span(cells - 1, inner, innerEnd, escaped);
      }
      if (cells === columns) cutAt = i;
      if (i >= end) return this.record(content, cells, columns, cutAt, end, end);
      const b = buf[i];
      if (b === delim) {
        cells++;
        i++;
        continue;
      }
      if (b === LF) return this.record(content, cells, columns, cutAt, i, i + 1);
      // CR: alone (Excel-Mac), or before LF
      if (i + 1 >= end && !this.eof) return "more";
      return this.record(content, cells, columns, cutAt, i, buf[i + 1] === LF ? i + 2 : i + 1);
    }
  }

  /** Keeps a gathered cell's place in the record being scanned. */
  private span(column: number, from: number, to: number, escaped: boolean): void {
    let n = this.spanCount;
    if (n + 4 > this.spans.length) {
      const spans = new Int32Array(this.spans.length * 2);
      spans.set(this.spans);
      this.spans = spans;
    }
    const spans = this.spans;
    spans[n++] = column;
    spans[n++] = from;
    spans[n++] = to;
    spans[n++] = escaped ? 1 : 0;
    this.spanCount = n;
  }

  /** A cell's text, as DuckDB's reader reads it from the split file. */
  private readonly cellText = (from: number, to: number): string => this.decode(from, to);
  /** A quoted cell's text, its doubled quotes read as one. */
  private readonly escapedText = (from: number, to: number): string =>
    this.cellText(from, to).replaceAll('""', '"');

  /** The plain record scanned: its gathered cells into their columns' sets. */
  private gatherSpans(): void {
    const spans = this.spans;
    for (let n = 0; n < this.spanCount; n += 4) {
      this.sets[spans[n]!]!.add(
        this.buffer,
        this.view,
        spans[n + 1]!,
        spans[n + 2]!,
        spans[n + 3] ? this.escapedText : this.cellText,
      );
    }
  }

  private record(
    content: boolean,
    cells: number,
    columns: number,
    cutAt: number,
    lineEnd: number,
    next: number,
  ): Scan {
    this.next = next;
    if (!content) return "blank";
    if (cells > columns) {
      this.copyEnd = cutAt;
      this.pad = 0;
    } else {
      this.copyEnd = lineEnd;
      this.pad = columns - cells;
    }
    return "plain";
  }

  /**
   * Writes the record at `start` to the output, prefixed with `row`, if it is
   * plain, and moves past it; writes nothing for a blank line. `slow`: the
   * format's reader must read it.
   */
  private writePlain(
    out: Output,
    lines: LineIndex,
    row: number,
    delim: number,
    columns: number,
  ): "written" | "blank" | "slow" {
    let scan = this.scan(delim, columns);
    while (scan === "more") {
      this.fill(this.end - this.start + CHUNK);
      scan = this.scan(delim, columns);
    }
    if (scan === "slow") return "slow";
    if (scan === "blank") {
      this.start = this.next;
      return "blank";
    }
    if (this.spanCount > 0) this.gatherSpans();
    const from = this.start;
    const to = this.copyEnd;
    const pad = this.pad;
    const digits = row < 10 ? 1 : Math.floor(Math.log10(row)) + 1;
    out.ensure(digits + 1 + (to - from) * 3 + pad + 1);
    lines.add(row, out.flushed + out.length);
    const bytes = out.bytes;
    let o = out.length;
    // the row number's digits, then the delimiter
    for (let k = o + digits - 1, n = row; k >= o; k--, n = Math.floor(n / 10))
      bytes[k] = 48 + (n % 10);
    o += digits;
    bytes[o++] = delim;
    const buf = this.buffer;
    if (this.utf8) {
      copyBytes(buf, bytes, o, from, to);
      o += to - from;
    } else {
      // four ASCII bytes at a time, as they are; a byte from 0x80 as its UTF-8
      const view = this.view;
      const words = out.view;
      let k = from;
      while (k < to) {
        if (k + 4 <= to) {
          const w = view.getUint32(k, true);
          if ((w & 0x80808080) === 0) {
            words.setUint32(o, w, true);
            o += 4;
            k += 4;
            continue;
          }
        }
        const b = buf[k++]!;
        if (b < 0x80) bytes[o++] = b;
        else {
          const utf8 = HIGH_1252[b - 0x80]!;
          for (let m = 0; m < utf8.length; m++) bytes[o++] = utf8[m]!;
        }
      }
    }
    for (let k = 0; k < pad; k++) bytes[o++] = delim;
    bytes[o++] = LF;
    out.length = o;
    for (const c of this.filled) this.unheaded.set(c, this.unheaded.get(c)! + 1);
    this.start = this.next;
    return "written";
  }

  /**
   * The delimiter, sniffed on the header line within the first megabyte: the first 64 KB
   * decoded, the megabyte only when the line does not end there (decoding a megabyte of each
   * file took 18 ms of a national export's 0.9 s).
   */
  private sniff(): Delimiter {
    const most = Math.min(this.end, this.start + 1024 * 1024);
    const first = sniffFirstLine(this.decode(this.start, Math.min(most, this.start + 64 * 1024)));
    return first.ended ? first.delimiter : sniffDelimiter(this.decode(this.start, most));
  }

  /** Splits the file into `outputFile` and the records it leaves to JavaScript (in `records`). */
  split(outputFile: string, records: RecordFile): SplitCsv {
    this.fill(Math.min(WINDOW, this.buffer.length));
    const sep = sepLine(this.decode(this.start, Math.min(this.end, this.start + 16)));
    if (sep && "error" in sep) throw new FileRefusedError(this.file, [sep.error]);
    if (sep) this.start += sep.next; // ASCII: as many bytes as characters
    const delimiter = sep?.delimiter ?? this.sniff();
    const delim = delimiter.charCodeAt(0);
    let header: TextRecord | null = null;
    let row = 0;
    let written = 0;
    const lines = new LineIndex();
    const fd = this.files.open(outputFile, "w");
    const out = new Output(this.files, fd);
    try {
      for (;;) {
        if (this.start >= this.end) {
          this.fill(1);
          if (this.start >= this.end) break;
        }
        row++;
        if (header !== null) {
          const outcome = this.writePlain(out, lines, row, delim, header.cells.length);
          if (outcome === "written") written++;
          if (outcome !== "slow") continue;
        }
        const read = this.readSlow(delimiter);
        if (isBlankRecord(read)) continue;
        const record: TextRecord = { row, cells: read.cells };
        if (read.problem) record.problem = read.problem;
        if (header === null) {
          header = record;
          header.cells.forEach((c, i) => {
            if (c === "") this.unheaded.set(i, 0);
          });
          this.anyUnheaded = this.unheaded.size > 0;
          const gathered = this.gather(header);
          this.sets = header.cells.map(() => null);
          for (const c of gathered) this.sets[c] = new CellSet();
          this.anyGathered = gathered.length > 0;
        } else {
          records.add(record);
          for (const [c, n] of this.unheaded) if (record.cells[c]) this.unheaded.set(c, n + 1);
        }
      }
      out.flush();
      lines.end = out.flushed;
    } finally {
      this.files.close(fd);
      records.close();
    }
    const columns = this.sets.flatMap((set, c) => (set ? [c] : []));
    const distinct = { columns, cells: columns.map((c) => this.sets[c]!.texts) };
    return { delimiter, header, records, written, lines, unheaded: this.unheaded, distinct };
  }
}

/** Splits a CSV file (see the module's comment); `bom` bytes are skipped. */
export function splitCsvFile(
  files: WorkFiles,
  file: string,
  path: string,
  outputFile: string,
  records: RecordFile,
  encoding: "utf-8" | "windows-1252",
  bom: number,
  gather: Gather,
  onBytes?: (read: number) => void,
): SplitCsv {
  const fd = files.open(path, "r");
  try {
    return new CsvSplitter(files, fd, file, encoding, bom, gather, onBytes).split(
      outputFile,
      records,
    );
  } finally {
    files.close(fd);
  }
}
