// The tables of one ingest: each input opened (a pipe read once), probed,
// then split by the byte scan (a CSV, a UTF-16 text once written as UTF-8)
// or read row by row (a workbook); the records the validator must see are
// kept on disk and read back in row order, with the plain lines it asks for.
import type { Located, ReadFile } from "../export/batch.js";
import { readRecord } from "../read/csv.js";
import { FileRefusedError } from "../read/errors.js";
import type { SourceRecord, SourceTable } from "../read/source.js";
import { readWorkbookRows } from "../read/workbook.js";
import { utf8Text } from "./bytes.js";
import type { WorkFiles } from "./files.js";
import { probeFile } from "./probe.js";
import { RecordFile } from "./records.js";
import { splitCsvFile, type SplitCsv } from "./split.js";

/** Workbooks are read whole (zipped); larger ones are refused, CSV files are read by chunks. */
export const MAX_WORKBOOK = 64 * 1024 * 1024;

export function tooLargeWorkbook(size: number): string {
  return `classeur de ${Math.round(size / 1024 / 1024)} Mo : au plus ${MAX_WORKBOOK / 1024 / 1024} Mo ; l'enregistrer en CSV (UTF-8 ou Windows-1252), lu par morceaux quelle que soit sa taille`;
}

/** What the ingest keeps of a table beside its header: its records on disk. */
export interface Stored {
  /** The split file of a CSV (its plain lines), or null. */
  split: { path: string; split: SplitCsv } | null;
  /** The records the validator reads: a CSV's other records, a sheet's rows. */
  slow: RecordFile;
  /** Non-empty cells under each column whose header is empty. */
  unheaded: Map<number, number>;
}

export interface IngestTable {
  ordre: number;
  located: Located;
  stored: Stored;
  /** DuckDB's reader over the split file of a CSV, when it has plain lines. */
  source: string | null;
  /** The typed rows of its plain lines, typed once into a work table (work-sql.ts typedTable). */
  typed: string;
  /** Plain lines SQL does not vouch for: the validator reads them again from the split file. */
  unclean: number[];
}

export interface ReadAll {
  read: ReadFile[];
  stored: Map<SourceTable, Stored>;
}

/** A table's header as read, without its records (they are on disk). */
function headerOnly(
  file: string,
  sheet: string | null,
  encoding: SourceTable["encoding"],
  delimiter: SourceTable["delimiter"],
  header: SourceRecord | null,
): SourceTable {
  return { file, sheet, encoding, delimiter, header, records: [] };
}

async function readWorkbookFile(
  files: WorkFiles,
  file: string,
  bytes: Uint8Array,
  work: string,
  n: number,
  stored: Map<SourceTable, Stored>,
): Promise<SourceTable[]> {
  const tables: SourceTable[] = [];
  await readWorkbookRows(bytes, file, {
    sheet(name) {
      const table = headerOnly(file, name, null, null, null);
      const slow = new RecordFile(files, files.join(work, `${n}-${tables.length}.lignes`));
      const unheaded = new Map<number, number>();
      tables.push(table);
      stored.set(table, { split: null, slow, unheaded });
      return (record) => {
        if (table.header === null) {
          table.header = record;
          record.cells.forEach((c, i) => {
            if (c === "") unheaded.set(i, 0);
          });
          return;
        }
        slow.add(record);
        for (const [c, count] of unheaded) {
          const cell = record.cells[c];
          if (cell !== undefined && cell !== "") unheaded.set(c, count + 1);
        }
      };
    },
  });
  for (const t of tables) stored.get(t)!.slow.close();
  return tables;
}

/** Each input opened and probed, then split (a CSV) or read by rows (a workbook), or refused. */
export async function readAll(
  files: WorkFiles,
  paths: string[],
  work: string,
  onFile: (file: string) => ((read: number) => void) | undefined = () => undefined,
): Promise<ReadAll> {
  const read: ReadFile[] = [];
  const stored = new Map<SourceTable, Stored>();
  const seen = new Set<string>();
  for (const [n, file] of paths.entries()) {
    const onBytes = onFile(file);
    const input = await files.input(file, work, n);
    if ("refused" in input) {
      read.push({ file, hash: "", tables: new FileRefusedError(file, [input.refused]) });
      continue;
    }
    let probe;
    try {
      probe = probeFile(files, file, input.path);
    } catch (error) {
      read.push({ file, hash: "", tables: new FileRefusedError(file, [String(error)]) });
      continue;
    }
    if (seen.has(probe.hash)) continue; // the same content given twice is read once
    seen.add(probe.hash);
    const refuse = (reasons: string[]) =>
      read.push({ file, hash: probe.hash, tables: new FileRefusedError(file, reasons) });
    if (probe.kind === "refused") {
      refuse(probe.reasons);
      continue;
    }
    try {
      if (probe.kind === "workbook") {
        if (probe.size > MAX_WORKBOOK) {
          refuse([tooLargeWorkbook(probe.size)]);
          continue;
        }
        const tables = await readWorkbookFile(
          files,
          file,
          files.readWhole(input.path),
          work,
          n,
          stored,
        );
        read.push({ file, hash: probe.hash, tables });
        continue;
      }
      let csv = input.path;
      let encoding: "utf-8" | "windows-1252" = "utf-8";
      let bom = 0;
      if (probe.kind === "utf-16") {
        csv = files.join(work, `${n}.utf8`);
        transcodeUtf16(files, input.path, csv, probe.littleEndian);
      } else {
        encoding = probe.encoding;
        bom = probe.bom;
      }
      const output = files.join(work, `${n}.csv`);
      const slow = new RecordFile(files, files.join(work, `${n}.lignes`));
      const split = splitCsvFile(files, file, csv, output, slow, encoding, bom, onBytes);
      const source = headerOnly(
        file,
        null,
        probe.kind === "utf-16" ? (probe.littleEndian ? "utf-16le" : "utf-16be") : encoding,
        split.delimiter,
        split.header,
      );
      if (probe.kind === "csv" && probe.note) source.note = probe.note;
      stored.set(source, { split: { path: output, split }, slow, unheaded: split.unheaded });
      read.push({ file, hash: probe.hash, tables: [source] });
    } catch (error) {
      if (!(error instanceof FileRefusedError)) throw error;
      read.push({ file, hash: probe.hash, tables: error });
    }
  }
  return { read, stored };
}

/** The rows a table holds: its plain lines and the records kept for the validator. */
export function rowCount(t: IngestTable): number {
  return (t.stored.split?.split.written ?? 0) + t.stored.slow.count;
}

/**
 * Plain lines are read by spans of up to this many bytes: the lines asked for that fit in one
 * span come with one read (scale 100: a read a line took 0.8 s of the claims and the store).
 */
const SPAN = 64 * 1024;

/** The plain lines of `rows` (in row order), read again by the format's reader, a span at a time. */
function* plainLines(
  files: WorkFiles,
  fd: number,
  t: IngestTable,
  rows: number[],
): Generator<SourceRecord> {
  const lines = t.stored.split!.split.lines;
  const delimiter = t.located.source.delimiter!;
  let buffer = new Uint8Array(SPAN);
  let spanStart = 0;
  let spanEnd = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const [from, to] = lines.find(row)!;
    if (from < spanStart || to > spanEnd) {
      // the span: this line, and the next lines asked for as long as they fit
      let end = to;
      for (let j = i + 1; j < rows.length; j++) {
        const next = lines.find(rows[j]!)!;
        if (next[1] - from > SPAN) break;
        end = next[1];
      }
      if (end - from > buffer.length) buffer = new Uint8Array(end - from);
      files.read(fd, buffer, 0, end - from, from);
      spanStart = from;
      spanEnd = end;
    }
    const text = utf8Text(buffer, from - spanStart, to - spanStart);
    const start = text.indexOf(delimiter) + 1; // after the row number
    yield { row, cells: readRecord(text, start, delimiter).cells };
  }
}

/**
 * The records of a table the validator must see, in row order: those kept on
 * disk for it, and the plain lines of `rows`.
 */
export function* recordsToValidate(
  files: WorkFiles,
  t: IngestTable,
  rows: number[],
): Generator<SourceRecord> {
  const slow = t.stored.slow.read();
  let next = slow.next();
  const split = t.stored.split;
  if (split !== null && rows.length > 0) {
    const fd = files.open(split.path, "r");
    try {
      for (const line of plainLines(files, fd, t, rows)) {
        while (!next.done && next.value.row < line.row) {
          yield next.value;
          next = slow.next();
        }
        yield line;
      }
    } finally {
      files.close(fd);
    }
  }
  while (!next.done) {
    yield next.value;
    next = slow.next();
  }
}

/** A UTF-16 text (after its BOM) written again as UTF-8, by chunks, for the byte scan. */
function transcodeUtf16(
  files: WorkFiles,
  source: string,
  target: string,
  littleEndian: boolean,
): void {
  const input = files.open(source, "r");
  const out = files.open(target, "w");
  const decoder = new TextDecoder(littleEndian ? "utf-16le" : "utf-16be", {
    ignoreBOM: true,
  });
  const encoder = new TextEncoder();
  const buffer = new Uint8Array(8 * 1024 * 1024);
  try {
    files.read(input, new Uint8Array(2), 0, 2, null);
    for (;;) {
      const n = files.read(input, buffer, 0, buffer.length, null);
      const text = decoder.decode(buffer.subarray(0, n), { stream: n > 0 });
      if (text.length > 0) {
        const bytes = encoder.encode(text);
        files.write(out, bytes, 0, bytes.length);
      }
      if (n === 0) break;
    }
  } finally {
    files.close(input);
    files.close(out);
  }
}
