// The tables of one ingest: each input opened (a pipe read once), probed,
// then split by the byte scan (a CSV, a UTF-16 text once written as UTF-8)
// or read row by row (a workbook); the records the validator must see are
// kept on disk and read back in row order, with the plain lines it asks for.
import type { Located, ReadFile } from "../export/batch.js";
import type { Mapping } from "../export/mapping.js";
import { readRecord } from "../read/csv.js";
import { FileRefusedError } from "../read/errors.js";
import type { SourceRecord, SourceTable } from "../read/source.js";
import { readWorkbookRows } from "../read/workbook.js";
import { utf8Text } from "./bytes.js";
import type { Input, WorkFiles } from "./files.js";
import { RecordFile } from "./records.js";
import { gatheredColumns } from "./distinct-cells.js";
import { headerOnly, probeInput, splitInput, type Scanned, type Stored } from "./scan.js";

export type { Stored } from "./scan.js";

/** Workbooks are read whole (zipped); larger ones are refused, CSV files are read by chunks. */
export const MAX_WORKBOOK = 64 * 1024 * 1024;

export function tooLargeWorkbook(size: number): string {
  return `classeur de ${Math.round(size / 1024 / 1024)} Mo : au plus ${MAX_WORKBOOK / 1024 / 1024} Mo ; l'enregistrer en CSV (UTF-8 ou Windows-1252), lu par morceaux quelle que soit sa taille`;
}

export interface IngestTable {
  ordre: number;
  located: Located;
  stored: Stored;
  /** DuckDB's reader over the split file of a CSV, when it has plain lines. */
  source: string | null;
  /**
   * The typed rows of its plain lines, typed once into a work table (work-sql.ts typedTable) or
   * the warehouse (`inWarehouse`); once those are pruned, their warned rows only.
   */
  typed: string;
  /**
   * Whether they live in the warehouse (insert-sql.ts TYPED_IN_WAREHOUSE), pruned before the
   * transaction to the rows SQL stores.
   */
  inWarehouse: boolean;
  /** Whether some of them may be vouched for with warnings (typed-sql.ts typedQuery). */
  warns: boolean;
  /** Plain lines SQL does not vouch for: the validator reads them again from the split file. */
  unclean: number[];
}

export interface ReadAll {
  read: ReadFile[];
  stored: Map<SourceTable, Stored>;
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

/**
 * Scans files elsewhere (in Node, on a thread of its own, scan-elsewhere.ts) while readAll
 * scans the others: `stop` ends it early. The scanned inputs come back by their index.
 */
export interface ScanElsewhere {
  /**
   * The fewest bytes a file needs to be scanned elsewhere, and the files left here to weigh,
   * for the thread to be worth starting.
   */
  from: number;
  scan(
    jobs: { n: number; file: string; path: string; work: string }[],
    /** The header mapping, for the judged columns' distinct cells (distinct-cells.ts). */
    mapping: Mapping,
    onBytes: (n: number, read: number) => void,
  ): { scanned: Promise<Map<number, Scanned>>; stop(): Promise<unknown> };
}

/** The inputs scanned elsewhere: the largest first, to whichever side holds fewer bytes. */
function scannedElsewhere(inputs: { n: number; size: number }[], from: number): Set<number> {
  let here = 0;
  let there = 0;
  const taken = new Set<number>();
  for (const { n, size } of [...inputs].sort((a, b) => b.size - a.size)) {
    if (size >= from && there <= here) {
      taken.add(n);
      there += size;
    } else here += size;
  }
  return here >= from ? taken : new Set();
}

/**
 * Each input opened and probed, then split (a CSV) or read by rows (a workbook), or refused;
 * with `elsewhere`, the largest files are probed and split on another thread meanwhile.
 */
export async function readAll(
  files: WorkFiles,
  paths: string[],
  work: string,
  mapping: Mapping,
  onFile: (file: string) => ((read: number) => void) | undefined = () => undefined,
  elsewhere?: ScanElsewhere,
): Promise<ReadAll> {
  const gather = gatheredColumns(mapping);
  const inputs: { n: number; file: string; input: Input; onBytes?: (read: number) => void }[] = [];
  for (const [n, file] of paths.entries()) {
    const onBytes = onFile(file);
    inputs.push({ n, file, input: await files.input(file, work, n), onBytes });
  }
  const opened = inputs.flatMap(({ n, file, input }) =>
    "path" in input ? [{ n, file, path: input.path, size: input.size ?? 0, work }] : [],
  );
  const there = elsewhere ? scannedElsewhere(opened, elsewhere.from) : new Set<number>();
  const away =
    there.size > 0
      ? elsewhere!.scan(
          opened.filter(({ n }) => there.has(n)),
          mapping,
          (n, read) => inputs[n]!.onBytes?.(read),
        )
      : null;
  const scanned = new Map<number, Scanned>();
  // here: a CSV seen before here is not split again
  const hashes = new Set<string>();
  const scanHere = ({ n, file, input, onBytes }: (typeof inputs)[number]) => {
    if (!("path" in input)) return;
    const probed = probeInput(files, file, input.path);
    if (probed.kind === "probed" && !hashes.has(probed.probe.hash)) {
      hashes.add(probed.probe.hash);
      scanned.set(n, splitInput(files, file, input.path, work, n, probed.probe, gather, onBytes));
    } else scanned.set(n, probed);
  };
  try {
    for (const entry of inputs) if (!there.has(entry.n)) scanHere(entry);
    // the thread's files, or, should it have failed, scanned here after all
    const scannedThere = away ? await away.scanned.catch(() => null) : null;
    for (const entry of inputs) {
      if (!there.has(entry.n)) continue;
      const s = scannedThere?.get(entry.n);
      if (s) scanned.set(entry.n, s);
      else scanHere(entry);
    }
  } finally {
    await away?.stop();
  }
  const read: ReadFile[] = [];
  const stored = new Map<SourceTable, Stored>();
  const seen = new Set<string>();
  for (const { n, file, input } of inputs) {
    if (!("path" in input)) {
      read.push({ file, hash: "", tables: new FileRefusedError(file, [input.refused]) });
      continue;
    }
    const s = scanned.get(n)!;
    if (s.kind === "unprobed") {
      read.push({ file, hash: "", tables: new FileRefusedError(file, [s.reason]) });
      continue;
    }
    const { probe } = s;
    if (seen.has(probe.hash)) continue; // the same content given twice is read once
    seen.add(probe.hash);
    const refuse = (reasons: string[]) =>
      read.push({ file, hash: probe.hash, tables: new FileRefusedError(file, reasons) });
    if (probe.kind === "refused") refuse(probe.reasons);
    else if (s.kind === "refused") refuse(s.reasons);
    else if (s.kind === "split") {
      stored.set(s.source, s.stored);
      read.push({ file, hash: probe.hash, tables: [s.source] });
    } else if (probe.kind === "workbook") {
      if (probe.size > MAX_WORKBOOK) {
        refuse([tooLargeWorkbook(probe.size)]);
        continue;
      }
      try {
        const tables = await readWorkbookFile(
          files,
          file,
          files.readWhole(input.path),
          work,
          n,
          stored,
        );
        read.push({ file, hash: probe.hash, tables });
      } catch (error) {
        if (!(error instanceof FileRefusedError)) throw error;
        read.push({ file, hash: probe.hash, tables: error });
      }
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
