// The tables of one ingest: each file probed, then split by the byte scan (a
// CSV) or read whole (anything else, or a file to refuse); and the records of a
// table the validator must see, read back from the split file by row.
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import path from "node:path";
import type { Located, ReadFile } from "../export/batch.js";
import { MAX_WHOLE_FILE, readWhole, tooLargeToReadWhole, unreadable } from "../pipeline.js";
import { readRecord } from "../read/csv.js";
import { FileRefusedError } from "../read/errors.js";
import type { SourceRecord, SourceTable } from "../read/source.js";
import { probeFile } from "./probe.js";
import { splitCsvFile, type SplitCsv } from "./split.js";

export interface IngestTable {
  ordre: number;
  located: Located;
  /** DuckDB's reader over the split file of a CSV, when it has plain lines. */
  source: string | null;
  split: SplitCsv | null;
  /** The typed rows of its plain lines, as a query over `source`. */
  typed: string;
  /** Plain lines SQL does not vouch for: the validator reads them again from the split file. */
  unclean: number[];
  path: string;
}

export interface ReadAll {
  read: ReadFile[];
  splits: Map<SourceTable, { path: string; split: SplitCsv }>;
}

/** Each file probed, then split (a CSV) or read whole (anything else, or a file to refuse). */
export async function readAll(paths: string[], work: string): Promise<ReadAll> {
  const read: ReadFile[] = [];
  const splits = new Map<SourceTable, { path: string; split: SplitCsv }>();
  const seen = new Set<string>();
  for (const [n, file] of paths.entries()) {
    let probe;
    try {
      probe = probeFile(file);
    } catch (error) {
      read.push({ file, hash: "", tables: new FileRefusedError(file, [unreadable(error)]) });
      continue;
    }
    if (seen.has(probe.hash)) continue; // the same content given twice is read once
    seen.add(probe.hash);
    if (probe.kind === "other") {
      read.push(
        probe.size > MAX_WHOLE_FILE
          ? { file, hash: probe.hash, tables: tooLargeToReadWhole(file, probe.size) }
          : await readWhole(file, readFileSync(file), probe.hash),
      );
      continue;
    }
    const output = path.join(work, `${n}.csv`);
    const split = splitCsvFile(file, output, probe.encoding, probe.bom);
    const source: SourceTable = {
      file,
      sheet: null,
      encoding: probe.encoding,
      delimiter: split.delimiter,
      header: split.header,
      records: split.records,
    };
    splits.set(source, { path: output, split });
    read.push({ file, hash: probe.hash, tables: [source] });
  }
  return { read, splits };
}

/** A plain line of the split file, read again by the format's reader. */
function readLine(fd: number, t: IngestTable, row: number): SourceRecord {
  const range = t.split!.lines.find(row)!;
  const bytes = Buffer.allocUnsafe(range[1] - range[0]);
  readSync(fd, bytes, 0, bytes.length, range[0]);
  const text = bytes.toString("utf8");
  const start = text.indexOf(t.located.source.delimiter!) + 1; // after the row number
  return { row, cells: readRecord(text, start, t.located.source.delimiter!).cells };
}

/**
 * The records of a table the validator must see, in row order: those the byte
 * scan left to the format's reader, and the plain lines of `rows`.
 */
export function* recordsToValidate(t: IngestTable, rows: number[]): Generator<SourceRecord> {
  const slow = t.located.source.records;
  let s = 0;
  if (t.split !== null && rows.length > 0) {
    const fd = openSync(t.path, "r");
    try {
      for (const row of rows) {
        while (s < slow.length && slow[s]!.row < row) yield slow[s++]!;
        yield readLine(fd, t, row);
      }
    } finally {
      closeSync(fd);
    }
  }
  while (s < slow.length) yield slow[s++]!;
}
