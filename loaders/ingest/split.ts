// Second pass over a CSV on disk, in chunks: each plain line (no quote, one
// cell per header column, no space to trim, no lone carriage return) is
// written to a UTF-8 file for DuckDB's reader, prefixed with its row number;
// every other record is read here, by the export format's own reader, and
// kept for the validation in JavaScript. Memory stays bounded by the chunk.
import { closeSync, openSync, readSync, writeSync } from "node:fs";
import {
  isBlankRecord,
  readRecord,
  sniffDelimiter,
  type Delimiter,
  type TextRecord,
} from "../read/csv.js";
import { MAX_LINE_BYTES } from "./sql.js";
import { decodeWindows1252, windows1252CodePoint } from "../read/windows1252.js";

export interface SplitCsv {
  delimiter: Delimiter;
  header: TextRecord | null;
  /** Records the byte scan left to the full reader, in row order. */
  records: TextRecord[];
  /** Lines written to the output: one record each. */
  written: number;
  lines: LineIndex;
}

const CHUNK = 16 * 1024 * 1024;
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

function isAsciiSpace(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0b || b === 0x0c;
}

/** UTF-8 bytes of each Windows-1252 byte from 0x80. */
const HIGH_1252: Uint8Array[] = Array.from({ length: 128 }, (_, i) =>
  Buffer.from(String.fromCharCode(windows1252CodePoint(0x80 + i)), "utf8"),
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
  private buffer = Buffer.allocUnsafe(CHUNK + 64);
  length = 0;
  /** Bytes written to the file before the buffer. */
  flushed = 0;
  constructor(private readonly fd: number) {}
  ensure(room: number): void {
    if (this.length + room <= this.buffer.length) return;
    this.flush();
    if (room > this.buffer.length) this.buffer = Buffer.allocUnsafe(room + 64);
  }
  flush(): void {
    if (this.length > 0) writeSync(this.fd, this.buffer, 0, this.length);
    this.flushed += this.length;
    this.length = 0;
  }
  get bytes(): Buffer {
    return this.buffer;
  }
}

export class CsvSplitter {
  private buffer: Buffer = Buffer.allocUnsafe(CHUNK);
  private start = 0;
  private end = 0;
  private eof = false;
  private readonly utf8: boolean;
  // a U+FEFF inside the file is a character like any other: only the first bytes are a BOM
  private readonly decoder = new TextDecoder("utf-8", { ignoreBOM: true });

  constructor(
    private readonly fd: number,
    encoding: "utf-8" | "windows-1252",
    bom: number,
  ) {
    this.utf8 = encoding === "utf-8";
    if (bom > 0) readSync(fd, Buffer.alloc(bom), 0, bom, null);
  }

  /** Makes at least `want` bytes available from `start`, unless the file ends first. */
  private fill(want: number): void {
    if (this.end - this.start >= want || this.eof) return;
    let buffer = this.buffer;
    if (want > buffer.length) {
      buffer = Buffer.allocUnsafe(want);
      this.buffer.copy(buffer, 0, this.start, this.end);
      this.buffer = buffer;
    } else buffer.copyWithin(0, this.start, this.end);
    this.end -= this.start;
    this.start = 0;
    while (this.end < want && !this.eof) {
      const n = readSync(this.fd, buffer, this.end, buffer.length - this.end, null);
      if (n === 0) this.eof = true;
      this.end += n;
    }
  }

  private decode(from: number, to: number): string {
    const bytes = this.buffer.subarray(from, to);
    return this.utf8 ? this.decoder.decode(bytes) : decodeWindows1252(bytes);
  }

  private byteLength(text: string, chars: number): number {
    return this.utf8 ? Buffer.byteLength(text.slice(0, chars), "utf8") : chars;
  }

  /** The record at `start`, read by the format's reader; moves past it. */
  private readSlow(delimiter: Delimiter): ReturnType<typeof readRecord> {
    this.fill(Math.min(WINDOW, this.buffer.length));
    const lineEnd = this.buffer.indexOf(LF, this.start);
    const end = lineEnd >= 0 && lineEnd < this.end ? lineEnd + 1 : this.end;
    let text = this.decode(this.start, end);
    let read = readRecord(text, 0, delimiter);
    if (read.problem) {
      // a quote left open on its line may close on a later one
      this.fill(WINDOW);
      text = this.decode(this.start, Math.min(this.end, this.start + WINDOW));
      read = readRecord(text, 0, delimiter);
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

  /**
   * Copies the line [from, to) to the output, prefixed with `row`, if it is
   * plain; writes nothing when it is blank or must be read by the full reader.
   */
  private writePlain(
    out: Output,
    from: number,
    to: number,
    row: number,
    delim: number,
    columns: number,
  ): "written" | "blank" | "slow" {
    const buf = this.buffer;
    const prefix = `${row}${String.fromCharCode(delim)}`;
    if (prefix.length + (to - from) * (this.utf8 ? 1 : 3) + 1 > MAX_LINE_BYTES) return "slow";
    out.ensure(prefix.length + (to - from) * 3 + 1);
    const bytes = out.bytes;
    const mark = out.length;
    let o = mark;
    for (let k = 0; k < prefix.length; k++) bytes[o++] = prefix.charCodeAt(k);
    let cells = 1;
    let content = false;
    let i = from;
    for (;;) {
      // one cell, from i
      let inner = i;
      let innerEnd: number;
      if (i < to && buf[i] === QUOTE) {
        // quoted on this line, closed right before a delimiter or the line's end
        let j = i + 1;
        for (;;) {
          if (j >= to || buf[j] === CR) return "slow";
          if (buf[j] === QUOTE) {
            if (j + 1 < to && buf[j + 1] === QUOTE) {
              j += 2;
              continue;
            }
            break;
          }
          j++;
        }
        if (j + 1 < to && buf[j + 1] !== delim) return "slow";
        inner = i + 1;
        innerEnd = j;
        i = j + 1;
      } else {
        let j = i;
        while (j < to && buf[j] !== delim) {
          const b = buf[j]!;
          if (b === QUOTE || b === CR) return "slow";
          j++;
        }
        innerEnd = j;
        i = j;
      }
      if (innerEnd > inner) {
        if (this.isSpaceAt(inner, innerEnd) || this.isSpaceBefore(innerEnd, inner)) return "slow";
        content = true;
      }
      if (i >= to) break;
      cells++;
      i++; // the delimiter
    }
    if (!content) return "blank";
    if (cells !== columns) return "slow";
    if (this.utf8) {
      buf.copy(bytes, o, from, to);
      o += to - from;
    } else {
      for (let k = from; k < to; k++) {
        const b = buf[k]!;
        if (b < 0x80) bytes[o++] = b;
        else {
          const utf8 = HIGH_1252[b - 0x80]!;
          for (let m = 0; m < utf8.length; m++) bytes[o++] = utf8[m]!;
        }
      }
    }
    bytes[o++] = LF;
    out.length = o;
    return "written";
  }

  /** Splits the file into `outputFile` and the records it leaves to JavaScript. */
  split(outputFile: string): SplitCsv {
    this.fill(Math.min(WINDOW, this.buffer.length));
    const delimiter = sniffDelimiter(this.decode(this.start, Math.min(this.end, 1024 * 1024)));
    const delim = delimiter.charCodeAt(0);
    const records: TextRecord[] = [];
    let header: TextRecord | null = null;
    let row = 0;
    let written = 0;
    const lines = new LineIndex();
    const fd = openSync(outputFile, "w");
    const out = new Output(fd);
    try {
      for (;;) {
        if (this.start >= this.end) {
          this.fill(1);
          if (this.start >= this.end) break;
        }
        row++;
        let lineEnd = this.buffer.indexOf(LF, this.start);
        if (lineEnd < 0 || lineEnd >= this.end) {
          this.fill(this.end - this.start + CHUNK);
          lineEnd = this.buffer.indexOf(LF, this.start);
          if (lineEnd >= this.end) lineEnd = -1;
        }
        const to = lineEnd < 0 ? this.end : lineEnd;
        const content = to > this.start && this.buffer[to - 1] === CR ? to - 1 : to;
        if (header !== null && lineEnd >= 0) {
          const columns = header.cells.length;
          const lineStart = out.flushed + out.length;
          const outcome = this.writePlain(out, this.start, content, row, delim, columns);
          if (outcome !== "slow") {
            if (outcome === "written") {
              written++;
              lines.add(row, lineStart);
            }
            this.start = to + 1;
            continue;
          }
        }
        const read = this.readSlow(delimiter);
        if (isBlankRecord(read)) continue;
        const record: TextRecord = { row, cells: read.cells };
        if (read.problem) record.problem = read.problem;
        if (header === null) header = record;
        else records.push(record);
      }
      out.flush();
      lines.end = out.flushed;
    } finally {
      closeSync(fd);
    }
    return { delimiter, header, records, written, lines };
  }
}

/** Splits a CSV file (see the module's comment); `bom` bytes are skipped. */
export function splitCsvFile(
  file: string,
  outputFile: string,
  encoding: "utf-8" | "windows-1252",
  bom: number,
): SplitCsv {
  const fd = openSync(file, "r");
  try {
    return new CsvSplitter(fd, encoding, bom).split(outputFile);
  } finally {
    closeSync(fd);
  }
}
