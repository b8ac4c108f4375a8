// One ingest into the warehouse, streamed: CSV files are split by a byte scan
// into plain lines (loaded as text by DuckDB's reader) and the rest (read by
// the export format's reader); the validator judges each distinct value once;
// SQL types the rows it can vouch for; the validator sees every other row, in
// pages; keys are claimed across files in SQL. Same outcome as
// `validateExport` + `storeBatch` (a test compares them), in bounded memory.
import type { DuckDBAppender, DuckDBConnection } from "@duckdb/node-api";
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  claimProblems,
  inReadingOrder,
  keyText,
  layoutWarnings,
  locateTables,
  type ClaimFacts,
  type Located,
  type ReadFile,
} from "../export/batch.js";
import type { FieldDef, TableName } from "../export/fields.js";
import type {
  AcceptedRow,
  FileSummary,
  RejectedRow,
  RowIssue,
  Slice,
  Value,
} from "../export/types.js";
import { parseField, validateRecord, type ValidationContext } from "../export/validate.js";
import { MAX_WHOLE_FILE, readWhole, tooLargeToReadWhole, unreadable } from "../pipeline.js";
import { readRecord } from "../read/csv.js";
import { FileRefusedError } from "../read/errors.js";
import type { SourceRecord, SourceTable } from "../read/source.js";
import type { Referentiel } from "../referentiel/seuils.js";
import { CREATE_IMPORT_TABLES } from "../warehouse/schema.js";
import { appendBatch, deleteReplaced, evaluateRules, inTransaction } from "../warehouse/store.js";
import { probeFile } from "./probe.js";
import { splitCsvFile, type SplitCsv } from "./split.js";
import * as sql from "./sql.js";

export type IngestStage = "transcode" | "read" | "validate" | "store" | "rules";

export interface IngestOptions {
  now: Date;
  referentiel: Referentiel;
  /** Called when a stage ends: the benchmark times them. */
  mark?: (stage: IngestStage) => void;
  /** How many rejected rows and warnings the result lists (all are stored). */
  keep?: number;
}

export interface IngestResult {
  files: FileSummary[];
  /** The first rejected rows and warnings, in reading order; `totals` counts them all. */
  rejects: RejectedRow[];
  warnings: RowIssue[];
  totals: { rejects: number; warnings: number };
  slices: Slice[];
}

/** Rows fetched at once from DuckDB for the validator. */
const PAGE = 2_000;

interface Table {
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

interface ReadAll {
  read: ReadFile[];
  splits: Map<SourceTable, { path: string; split: SplitCsv }>;
}

/** Each file probed, then split (a CSV) or read whole (anything else, or a file to refuse). */
async function readAll(paths: string[], work: string): Promise<ReadAll> {
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

/** A typed value as text SQL casts back to the field's type. */
function valueText(value: Value): string | null {
  if (value === null) return null;
  if (typeof value === "bigint") {
    const negative = value < 0n;
    const abs = negative ? -value : value;
    return `${negative ? "-" : ""}${abs / 100n}.${String(abs % 100n).padStart(2, "0")}`;
  }
  return String(value);
}

/** Each column's distinct cells: in one pass, or column by column when they outgrow memory. */
async function distinctCells(
  connection: DuckDBConnection,
  source: string,
  columns: { index: number; field: FieldDef }[],
): Promise<string[][]> {
  try {
    const lists: string[][] = columns.map(() => []);
    const reader = await connection.runAndReadAll(sql.distinctSql(source, columns));
    for (const [k, text] of reader.getRows()) lists[k as number]!.push(text as string);
    return lists;
  } catch (error) {
    if (!/Out of Memory/i.test((error as Error).message)) throw error;
    const lists: string[][] = [];
    for (const { index, field } of columns) {
      const reader = await connection.runAndReadAll(sql.distinctColumnSql(source, index, field));
      lists.push(reader.getRows().map((r) => r[0] as string));
    }
    return lists;
  }
}

/** Each distinct value of each parsed column, judged once by the validator, into `valeurs`. */
async function judgeValues(
  connection: DuckDBConnection,
  tables: Table[],
  ctx: ValidationContext,
): Promise<Map<string, sql.Judged[]>> {
  await connection.run(sql.CREATE_VALUES);
  const judged = new Map<string, Set<string>>();
  const byField = new Map<string, sql.Judged[]>();
  const appender = await connection.createAppender("valeurs", null, sql.WORK);
  for (const t of tables) {
    if (t.source === null) continue;
    const columns = t.located.layout.columns
      .map((field, index) => ({ field: field!, index }))
      .filter(
        ({ field, index }, _, all) =>
          field && !sql.isVerbatim(field) && all.findIndex((c) => c.field === field) === index,
      );
    if (columns.length === 0) continue;
    const lists = await distinctCells(connection, t.source, columns);
    columns.forEach(({ field }, k) => {
      let seen = judged.get(field.name);
      if (!seen) judged.set(field.name, (seen = new Set()));
      for (const text of lists[k]!) {
        if (seen.has(text)) continue;
        seen.add(text);
        const verdict = judge(text, field, ctx);
        append(appender, field, verdict);
        if (!byField.has(field.name)) byField.set(field.name, []);
        byField.get(field.name)!.push(verdict);
      }
    });
  }
  appender.flushSync();
  appender.closeSync();
  return byField;
}

function judge(text: string, field: FieldDef, ctx: ValidationContext): sql.Judged {
  const outcome = parseField(text, field, ctx);
  if ("error" in outcome) return { text, value: null, clean: false, departement: null };
  if (field.kind === "commune") {
    const found = ctx.communes.resolve(outcome.value as string);
    return {
      text,
      value: found?.code ?? null,
      clean: found !== null && found.via !== "ancien",
      departement: found?.departement ?? null,
    };
  }
  return {
    text,
    value: valueText(outcome.value),
    clean: outcome.note === undefined,
    departement: null,
  };
}

function append(a: DuckDBAppender, field: FieldDef, j: sql.Judged): void {
  a.appendVarchar(field.name);
  a.appendVarchar(j.text);
  if (j.value === null) a.appendNull();
  else a.appendVarchar(j.value);
  a.appendBoolean(j.clean);
  if (j.departement === null) a.appendNull();
  else a.appendVarchar(j.departement);
  a.endRow();
}

/** A plain line of the split file, read again by the format's reader. */
function readLine(fd: number, t: Table, row: number): SourceRecord {
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
function* recordsToValidate(t: Table, rows: number[]): Generator<SourceRecord> {
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

function stringOrNull(v: Value | undefined): string | null {
  return typeof v === "string" && v !== "" ? v : null;
}

/** Every row's key in `cles`: from SQL for the rows it vouches for, from the validator for the others. */
async function claimKeys(
  connection: DuckDBConnection,
  tables: Table[],
  ctx: ValidationContext,
): Promise<void> {
  for (const t of tables) {
    const table = t.located.layout.table;
    if (t.source !== null) {
      await connection.run(sql.keysSql(t.typed, table, t.ordre));
      const rows = (await connection.runAndReadAll(sql.uncleanRowsSql(t.ordre))).getRows();
      t.unclean = rows.map((r) => r[0] as number);
      await connection.run(sql.dropUncleanKeysSql(t.ordre));
    }
    const appender = await connection.createAppender("cles", null, sql.WORK);
    for (const record of recordsToValidate(t, t.unclean)) {
      const row = validateRecord(record, t.located.layout, ctx);
      appender.appendVarchar(table);
      appender.appendInteger(t.ordre);
      appender.appendInteger(row.row);
      for (const name of ["campagne", "departement", "id_action", "id_collectif"]) {
        const v =
          name === "id_collectif" && table === "Actions" ? null : stringOrNull(row.values[name]);
        if (v === null) appender.appendNull();
        else appender.appendVarchar(v);
      }
      appender.appendBoolean(row.problems.length === 0);
      appender.endRow();
    }
    appender.flushSync();
    appender.closeSync();
  }
  await connection.run(sql.CLAIMS_SQL);
}

async function readFacts(
  connection: DuckDBConnection,
  tables: Table[],
): Promise<Map<string, ClaimFacts>> {
  const facts = new Map<string, ClaimFacts>();
  const fileOf = (ordre: number) => tables[ordre]!.located.source.file;
  const rows = (await connection.runAndReadAll(`SELECT * FROM ${sql.WORK}.faits`)).getRowObjects();
  for (const r of rows) {
    const f: ClaimFacts = {};
    if (r.doublon_ordre !== null) {
      f.duplicateOf = { file: fileOf(r.doublon_ordre as number), row: r.doublon_ligne as number };
    }
    if (r.action_etat === "inconnue") f.action = { state: "inconnue" };
    else if (r.action_etat === "rejetee") {
      f.action = {
        state: "rejetee",
        file: fileOf(r.action_ordre as number),
        row: r.action_ligne as number,
      };
    }
    facts.set(`${r.ordre as number}:${r.ligne as number}`, f);
  }
  return facts;
}

/** Validates again the rows the validator sees, with their claims, and stores them by pages. */
async function storeValidated(
  connection: DuckDBConnection,
  tables: Table[],
  hashes: Map<string, string>,
  ctx: ValidationContext,
  result: IngestResult,
  keep: number,
  now: Date,
): Promise<void> {
  const facts = await readFacts(connection, tables);
  const keepIssue = (list: RowIssue[], issue: RowIssue) => {
    if (list.length < keep) list.push(issue);
  };
  for (const t of tables) {
    const { source, layout } = t.located;
    const table: TableName = layout.table;
    // the rows to validate again: unclean, or vouched for by SQL but concerned by a claim
    let rows = t.unclean;
    let clean = 0;
    if (t.source !== null) {
      const unclean = new Set(t.unclean);
      const claimed = (await connection.runAndReadAll(sql.claimedRowsSql(t.ordre)))
        .getRows()
        .map((r) => r[0] as number)
        // rows SQL vouched for only: the others (unclean, or read by the format's reader) come anyway
        .filter((row) => !unclean.has(row) && t.split!.lines.find(row) !== null);
      rows = [...t.unclean, ...claimed].sort((a, b) => a - b);
      await connection.run(sql.insertCleanSql(t.typed, table, t.ordre));
      if (table === "Actions") {
        await connection.run(sql.insertCleanPersonalSql(t.source, source.file, layout.columns));
      }
      clean = t.split!.written - t.unclean.length - claimed.length;
    }
    const summary: FileSummary = {
      file: source.file,
      hash: hashes.get(source.file) ?? "",
      sheet: source.sheet,
      table,
      encoding: source.encoding,
      delimiter: source.delimiter,
      rows: (t.split?.written ?? 0) + source.records.length,
      accepted: clean,
      rejected: 0,
      warnings: 0,
    };
    // the table's own warnings (unknown columns, no data row): reported and stored
    const notes = layoutWarnings(source, layout, summary.rows);
    summary.warnings += notes.length;
    result.totals.warnings += notes.length;
    for (const n of notes) keepIssue(result.warnings, n);
    let page = {
      actions: [] as AcceptedRow[],
      collectifs: [] as AcceptedRow[],
      rejects: [] as RejectedRow[],
      warnings: notes,
    };
    const flush = async () => {
      await appendBatch(connection, { files: [], ...page }, now, hashes);
      page = { actions: [], collectifs: [], rejects: [], warnings: [] };
    };
    let pending = 0;
    for (const record of recordsToValidate(t, rows)) {
      const row = validateRecord(record, layout, ctx);
      const extra = claimProblems(row, layout, facts.get(`${t.ordre}:${row.row}`) ?? {});
      const problems = [...row.problems, ...extra];
      const issue = {
        file: source.file,
        table,
        row: row.row,
        campagne: stringOrNull(row.values.campagne),
        departement: stringOrNull(row.values.departement),
        key: keyText(row, table),
      };
      if (row.warnings.length > 0) {
        const warning = { ...issue, problems: row.warnings };
        page.warnings.push(warning);
        keepIssue(result.warnings, warning);
        summary.warnings += row.warnings.length;
        result.totals.warnings++;
      }
      if (problems.length === 0) {
        const accepted = {
          file: source.file,
          table,
          row: row.row,
          values: row.values,
          personal: row.personal,
        };
        (table === "Actions" ? page.actions : page.collectifs).push(accepted);
        summary.accepted++;
      } else {
        const reject: RejectedRow = {
          ...issue,
          problems,
          cells: row.cells,
          personal: row.personal,
        };
        page.rejects.push(reject);
        keepIssue(result.rejects, reject);
        summary.rejected++;
        result.totals.rejects++;
      }
      if (++pending >= PAGE) {
        await flush();
        pending = 0;
      }
    }
    await flush();
    result.files.push(summary);
  }
  await appendBatch(
    connection,
    { files: result.files, actions: [], collectifs: [], rejects: [], warnings: [] },
    now,
    hashes,
  );
}

/**
 * Reads, validates and stores the files of one ingest, in one transaction
 * that replaces their (campagne, département) slices. Throws
 * ExportRefusedError, storing nothing, when a file cannot be read.
 */
export async function ingestFiles(
  connection: DuckDBConnection,
  paths: string[],
  ctx: ValidationContext,
  options: IngestOptions,
): Promise<IngestResult> {
  const work = mkdtempSync(path.join(tmpdir(), "clas-ingest-"));
  const mark = options.mark ?? (() => {});
  await connection.run(sql.INGEST_SETTINGS);
  await connection.run(sql.attachWorkSql(path.join(work, "travail.duckdb")));
  try {
    const { read, splits } = await readAll(paths, work);
    mark("transcode");
    const fileWarnings: RowIssue[] = [];
    const located = inReadingOrder(locateTables(read, ctx, fileWarnings));
    const tables: Table[] = located.map((l, ordre) => {
      const split = splits.get(l.source);
      const source =
        split && split.split.written > 0
          ? sql.rawSource(split.path, l.source.delimiter!, l.layout.columns.length)
          : null;
      return {
        ordre,
        located: l,
        source,
        split: split?.split ?? null,
        path: split?.path ?? "",
        typed: "",
        unclean: [],
      };
    });
    const judged = await judgeValues(connection, tables, ctx);
    for (const t of tables) {
      if (t.source === null) continue;
      const { layout, source } = t.located;
      t.typed = sql.typedQuery(t.source, layout.table, layout.columns, source.file, judged);
    }
    mark("read");
    await claimKeys(connection, tables, ctx);
    mark("validate");
    const result: IngestResult = {
      files: [],
      rejects: [],
      warnings: fileWarnings.slice(0, options.keep ?? 1000),
      totals: { rejects: 0, warnings: fileWarnings.length },
      slices: [],
    };
    const hashes = new Map(read.map((f) => [f.file, f.hash]));
    await connection.run(CREATE_IMPORT_TABLES);
    await inTransaction(connection, async () => {
      await connection.run(sql.SLICES_SQL);
      await deleteReplaced(
        connection,
        [...hashes.values()].filter((h) => h !== ""),
      );
      await storeValidated(
        connection,
        tables,
        hashes,
        ctx,
        result,
        options.keep ?? 1000,
        options.now,
      );
      await appendFileWarnings(connection, fileWarnings, hashes, options.now);
      mark("store");
      result.slices = (
        await connection.runAndReadAll(sql.READ_SLICES_SQL)
      ).getRowObjectsJson() as unknown as Slice[];
      await evaluateRules(connection, result.slices, options.referentiel, "import_tranches");
    });
    mark("rules");
    return result;
  } finally {
    await connection.run(sql.DETACH_WORK_SQL);
    rmSync(work, { recursive: true, force: true });
    await connection.run(sql.RESET_SETTINGS);
  }
}

async function appendFileWarnings(
  connection: DuckDBConnection,
  warnings: RowIssue[],
  hashes: Map<string, string>,
  now: Date,
): Promise<void> {
  await appendBatch(
    connection,
    { files: [], actions: [], collectifs: [], rejects: [], warnings },
    now,
    hashes,
  );
}
