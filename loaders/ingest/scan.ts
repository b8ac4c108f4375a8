// One input of an ingest probed and, when it is a CSV (or a UTF-16 text), split by the byte
// scan: what readAll (tables.ts) does with each file, on the main thread or, in Node, on a
// thread of its own (scan-elsewhere.ts); and what is sent between the two.
import { FileRefusedError } from "../read/errors.js";
import type { SourceRecord, SourceTable } from "../read/source.js";
import type { WorkFiles } from "./files.js";
import { probeFile, type Probe } from "./probe.js";
import { RecordFile } from "./records.js";
import { LineIndex, splitCsvFile, type Gather, type SplitCsv } from "./split.js";

/** What readAll keeps of a table beside its header: its records on disk. */
export interface Stored {
  /** The split file of a CSV (its plain lines), or null. */
  split: { path: string; split: SplitCsv } | null;
  /** The records the validator reads: a CSV's other records, a sheet's rows. */
  slow: RecordFile;
  /** Non-empty cells under each column whose header is empty. */
  unheaded: Map<number, number>;
}

/** An input as the scan left it. */
export type Scanned =
  /** The probe failed: why. */
  | { kind: "unprobed"; reason: string }
  /** Probed only: a workbook, a refused file, or a CSV seen before (not split again). */
  | { kind: "probed"; probe: Probe }
  | { kind: "split"; probe: Probe; source: SourceTable; stored: Stored }
  /** The byte scan refused it. */
  | { kind: "refused"; probe: Probe; reasons: string[] };

export function probeInput(files: WorkFiles, file: string, path: string): Scanned {
  try {
    return { kind: "probed", probe: probeFile(files, file, path) };
  } catch (error) {
    return { kind: "unprobed", reason: String(error) };
  }
}

/** A table's header as read, without its records (they are on disk). */
export function headerOnly(
  file: string,
  sheet: string | null,
  encoding: SourceTable["encoding"],
  delimiter: SourceTable["delimiter"],
  header: SourceRecord | null,
): SourceTable {
  return { file, sheet, encoding, delimiter, header, records: [] };
}

/** A probed CSV or UTF-16 text split into the work folder `work` (its files named by `n`). */
export function splitInput(
  files: WorkFiles,
  file: string,
  path: string,
  work: string,
  n: number,
  probe: Probe,
  gather: Gather,
  onBytes?: (read: number) => void,
): Scanned {
  if (probe.kind !== "csv" && probe.kind !== "utf-16") return { kind: "probed", probe };
  try {
    let csv = path;
    let encoding: "utf-8" | "windows-1252" = "utf-8";
    let bom = 0;
    if (probe.kind === "utf-16") {
      csv = files.join(work, `${n}.utf8`);
      transcodeUtf16(files, path, csv, probe.littleEndian);
    } else {
      encoding = probe.encoding;
      bom = probe.bom;
    }
    const output = files.join(work, `${n}.csv`);
    const slow = new RecordFile(files, files.join(work, `${n}.lignes`));
    const split = splitCsvFile(files, file, csv, output, slow, encoding, bom, gather, onBytes);
    const source = headerOnly(
      file,
      null,
      probe.kind === "utf-16" ? (probe.littleEndian ? "utf-16le" : "utf-16be") : encoding,
      split.delimiter,
      split.header,
    );
    if (probe.kind === "csv" && probe.note) source.note = probe.note;
    const stored = { split: { path: output, split }, slow, unheaded: split.unheaded };
    return { kind: "split", probe, source, stored };
  } catch (error) {
    if (!(error instanceof FileRefusedError)) throw error;
    return { kind: "refused", probe, reasons: error.reasons };
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

/** A split input's `stored` as a message between threads: plain data and typed arrays. */
interface PackedStored {
  path: string;
  split: Omit<SplitCsv, "records" | "lines" | "unheaded"> & {
    lines: ReturnType<LineIndex["parts"]>;
  };
  slow: { path: string; rows: Int32Array<ArrayBuffer> };
  unheaded: Map<number, number>;
}

/** A scanned input as a message between threads, its arrays transferred (not copied). */
export interface Packed {
  scanned: unknown;
  transfer: ArrayBuffer[];
}

export function pack(scanned: Scanned): Packed {
  if (scanned.kind !== "split") return { scanned, transfer: [] };
  const { split, slow, unheaded } = scanned.stored;
  const { delimiter, header, written, distinct } = split!.split;
  const lines = split!.split.lines.parts();
  const stored: PackedStored = {
    path: split!.path,
    split: { delimiter, header, written, lines, distinct },
    slow: { path: slow.path, rows: slow.rows.slice() },
    unheaded,
  };
  return {
    scanned: { ...scanned, stored },
    transfer: [lines.rows.buffer, lines.offsets.buffer, stored.slow.rows.buffer],
  };
}

export function unpack(files: WorkFiles, message: unknown): Scanned {
  const scanned = message as Scanned;
  if (scanned.kind !== "split") return scanned;
  const packed = (message as { stored: PackedStored }).stored;
  const slow = new RecordFile(files, packed.slow.path, packed.slow.rows);
  const split: SplitCsv = {
    ...packed.split,
    records: slow,
    lines: LineIndex.of(packed.split.lines),
    unheaded: packed.unheaded,
  };
  return {
    ...scanned,
    stored: { split: { path: packed.path, split }, slow, unheaded: packed.unheaded },
  };
}
