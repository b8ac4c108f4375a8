// Records kept for the validator in JavaScript, on disk: the CSV records the
// byte scan could not hand to DuckDB, and a workbook's rows. One JSON line
// each, in row order; memory holds their row numbers only, whatever the
// file's size or shape.
import type { Cell, SourceRecord } from "../read/source.js";
import { utf8Length, utf8Text, writeUtf8 } from "./bytes.js";
import type { WorkFiles } from "./files.js";

/** Written and read back in pieces of 256 KB (a bigger buffer costs more, per file, than it saves). */
const BUFFER = 256 * 1024;
const LF = 10;

/** A typed cell as JSON: text, number and boolean as themselves; a date or an error tagged. */
function encodeCell(cell: Cell): unknown {
  if (cell instanceof Date) return { d: cell.getTime() };
  if (typeof cell === "object") return { e: cell.error, t: cell.text };
  return cell;
}

function decodeCell(value: unknown): Cell {
  if (typeof value !== "object" || value === null) return value as Cell;
  const tagged = value as { d?: number; e?: string; t?: string };
  if (tagged.d !== undefined) return new Date(tagged.d);
  return { error: tagged.e ?? "", text: tagged.t ?? "" };
}

export class RecordFile {
  private fd: number | null;
  private buffer = new Uint8Array(BUFFER);
  private length = 0;
  private rowNumbers = new Int32Array(1024);
  count = 0;

  constructor(
    private readonly files: WorkFiles,
    readonly path: string,
    /** The rows of a file written already (by another thread): it is then only read. */
    written?: Int32Array<ArrayBuffer>,
  ) {
    if (written) {
      this.fd = null;
      this.buffer = new Uint8Array(0);
      this.rowNumbers = written;
      this.count = written.length;
    } else this.fd = files.open(path, "w");
  }

  add(record: SourceRecord): void {
    const line = JSON.stringify([record.row, record.cells.map(encodeCell), record.problem ?? null]);
    const bytes = utf8Length(line) + 1;
    if (this.length + bytes > this.buffer.length) this.flush();
    if (bytes > this.buffer.length) this.buffer = new Uint8Array(bytes);
    this.length += writeUtf8(line, this.buffer, this.length);
    this.buffer[this.length++] = LF;
    if (this.count === this.rowNumbers.length) {
      const grown = new Int32Array(this.count * 2);
      grown.set(this.rowNumbers);
      this.rowNumbers = grown;
    }
    this.rowNumbers[this.count++] = record.row;
  }

  private flush(): void {
    if (this.length > 0) this.files.write(this.fd!, this.buffer, 0, this.length);
    this.length = 0;
  }

  /** Ends the writing: the records can then be read, as many times as needed. */
  close(): void {
    if (this.fd === null) return;
    this.flush();
    this.files.close(this.fd);
    this.fd = null;
    this.buffer = new Uint8Array(0);
  }

  /** Row numbers of the records, in order. */
  get rows(): Int32Array {
    return this.rowNumbers.subarray(0, this.count);
  }

  /** The records, in order, read back by chunks. */
  *read(): Generator<SourceRecord> {
    this.close();
    if (this.count === 0) return;
    const fd = this.files.open(this.path, "r");
    let chunk = new Uint8Array(BUFFER);
    let start = 0;
    let end = 0;
    try {
      for (;;) {
        const newline = chunk.indexOf(LF, start);
        if (newline < 0 || newline >= end) {
          // the next line is not whole in the chunk: move it to the front and read on
          if (start > 0) {
            chunk.copyWithin(0, start, end);
            end -= start;
            start = 0;
          }
          if (end === chunk.length) {
            const grown = new Uint8Array(chunk.length * 2);
            grown.set(chunk.subarray(0, end));
            chunk = grown;
          }
          const n = this.files.read(fd, chunk, end, chunk.length - end, null);
          if (n === 0) return;
          end += n;
          continue;
        }
        const [row, cells, problem] = JSON.parse(utf8Text(chunk, start, newline)) as [
          number,
          unknown[],
          string | null,
        ];
        start = newline + 1;
        const record: SourceRecord = { row, cells: cells.map(decodeCell) };
        if (problem !== null) record.problem = problem;
        yield record;
      }
    } finally {
      this.files.close(fd);
    }
  }
}
