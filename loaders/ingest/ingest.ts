// One ingest into the warehouse, streamed: CSV files are split by a byte scan
// into plain lines (loaded as text by DuckDB's reader) and the rest (read by
// the export format's reader); the validator judges each distinct value once;
// SQL types the rows it can vouch for; the validator sees every other row, in
// pages; keys are claimed across files in SQL. Same outcome as
// `validateExport` + `storeBatch` (a test compares them), in bounded memory.
//
// The ingest's own words:
// - plain line: a CSV record the byte scan can hand to DuckDB's reader as it is — no
//   quote broken, no line break inside a cell, one cell per column, nothing to trim;
//   every other record is kept for the export format's own reader ("the validator's rows");
// - judged value: a column's distinct value, judged once by the validator (clean, or the
//   problem it has), so that SQL types the cells without judging them again;
// - vouch: SQL vouches for a row when every one of its values was judged clean and its
//   cross-field checks pass; it is then typed and stored by SQL alone;
// - claim: a row claims its key (N° dossier, collectif) across the files of the ingest; the
//   first claim wins, the others are rejected as duplicates ("cles", in reading order);
// - slice: a (campagne, département) pair; an ingest replaces the slices its rows hold;
// - work folder: the split files, the kept records and the work database, beside the
//   database and removed on every exit (workdir.ts).
import { VARCHAR, type DuckDBConnection } from "@duckdb/node-api";
import path from "node:path";
import {
  claimProblems,
  inReadingOrder,
  layoutWarnings,
  locateTables,
  rowOutcome,
  stringOrNull,
  type ClaimFacts,
} from "../export/batch.js";
import { TABLES, type TableName } from "../export/fields.js";
import type { AcceptedRow, FileSummary, RejectedRow, RowIssue, Slice } from "../export/types.js";
import { validateRecord, type ValidationContext } from "../export/validate.js";
import type { Referentiel } from "../referentiel/seuils.js";
import { CREATE_IMPORT_TABLES } from "../warehouse/schema.js";
import { appendBatch, deleteReplaced, evaluateRules, inTransaction } from "../warehouse/store.js";
import * as sql from "./sql.js";
import { readAll, recordsToValidate, rowCount, type IngestTable } from "./tables.js";
import { judgeValues } from "./values.js";
import { createWorkDir } from "./workdir.js";

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

/** Every row's key in `cles`: from SQL for the rows it vouches for, from the validator for the others. */
async function claimKeys(
  connection: DuckDBConnection,
  tables: IngestTable[],
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
          name === "id_collectif" && table !== "Collectifs" ? null : stringOrNull(row.values[name]);
        appender.appendValue(v, VARCHAR);
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
  tables: IngestTable[],
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
  tables: IngestTable[],
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
    const split = t.stored.split?.split ?? null;
    // the rows to validate again: unclean, or vouched for by SQL but concerned by a claim
    let rows = t.unclean;
    let clean = 0;
    if (t.source !== null) {
      const unclean = new Set(t.unclean);
      const claimed = (await connection.runAndReadAll(sql.claimedRowsSql(t.ordre)))
        .getRows()
        .map((r) => r[0] as number)
        // rows SQL vouched for only: the others (unclean, or read by the format's reader) come anyway
        .filter((row) => !unclean.has(row) && split!.lines.find(row) !== null);
      rows = [...t.unclean, ...claimed].sort((a, b) => a - b);
      await connection.run(sql.insertCleanSql(t.typed, table, t.ordre));
      if (table === "Actions") {
        await connection.run(sql.insertCleanPersonalSql(t.source, source.file, layout.columns));
      }
      clean = split!.written - t.unclean.length - claimed.length;
    }
    const summary: FileSummary = {
      file: source.file,
      hash: hashes.get(source.file) ?? "",
      sheet: source.sheet,
      table,
      encoding: source.encoding,
      delimiter: source.delimiter,
      rows: rowCount(t),
      accepted: clean,
      rejected: 0,
      warnings: 0,
    };
    // the table's own warnings (unknown columns, no data row): reported and stored
    const notes = layoutWarnings(source, layout, summary.rows, t.stored.unheaded);
    summary.warnings += notes.length;
    result.totals.warnings += notes.length;
    for (const n of notes) keepIssue(result.warnings, n);
    const accepted: AcceptedRow[] = [];
    let page = { rejects: [] as RejectedRow[], warnings: notes };
    const flush = async () => {
      await appendBatch(connection, { [TABLES[table].stored]: accepted, ...page }, now, hashes);
      accepted.length = 0;
      page = { rejects: [], warnings: [] };
    };
    let pending = 0;
    for (const record of recordsToValidate(t, rows)) {
      const row = validateRecord(record, layout, ctx);
      const extra = claimProblems(row, layout, facts.get(`${t.ordre}:${row.row}`) ?? {});
      const outcome = rowOutcome(source.file, layout, row, extra);
      if (outcome.warning) {
        page.warnings.push(outcome.warning);
        keepIssue(result.warnings, outcome.warning);
        summary.warnings += row.warnings.length;
        result.totals.warnings++;
      }
      if (outcome.accepted) {
        accepted.push(outcome.accepted);
        summary.accepted++;
      } else {
        page.rejects.push(outcome.reject!);
        keepIssue(result.rejects, outcome.reject!);
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
  await appendBatch(connection, { files: result.files }, now, hashes);
}

/** An ingest's files read, split and recognised: nothing written to the warehouse yet. */
export interface PreparedIngest {
  tables: IngestTable[];
  hashes: Map<string, string>;
  fileWarnings: RowIssue[];
  /** The work folder: the split files, the records kept for the validator, the work database. */
  work: string;
}

/**
 * Reads the files of one ingest into `work` (split, or row by row) and
 * recognises their tables. Throws ExportRefusedError when a file cannot be
 * read, before anything is written to a database.
 */
export async function prepareIngest(
  paths: string[],
  work: string,
  ctx: ValidationContext,
  /** Told of each file as it is read, it may return what hears the bytes read of it. */
  onFile?: (file: string) => ((read: number) => void) | undefined,
): Promise<PreparedIngest> {
  const { read, stored } = await readAll(paths, work, onFile);
  const fileWarnings: RowIssue[] = [];
  const located = inReadingOrder(locateTables(read, ctx, fileWarnings));
  const tables: IngestTable[] = located.map((l, ordre) => {
    const s = stored.get(l.source)!;
    const source =
      s.split && s.split.split.written > 0
        ? sql.rawSource(s.split.path, l.source.delimiter!, l.layout.columns.length)
        : null;
    return { ordre, located: l, stored: s, source, typed: "", unclean: [] };
  });
  return { tables, hashes: new Map(read.map((f) => [f.file, f.hash])), fileWarnings, work };
}

/**
 * Validates and stores a prepared ingest, in one transaction that replaces
 * its (campagne, département) slices.
 */
export async function storeIngest(
  connection: DuckDBConnection,
  prepared: PreparedIngest,
  ctx: ValidationContext,
  options: IngestOptions,
): Promise<IngestResult> {
  const { tables, hashes, fileWarnings } = prepared;
  const mark = options.mark ?? (() => {});
  await connection.run(sql.INGEST_SETTINGS);
  await connection.run(sql.attachWorkSql(path.join(prepared.work, "travail.duckdb")));
  try {
    mark("transcode");
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
    await connection.run(sql.RESET_SETTINGS);
  }
}

async function appendFileWarnings(
  connection: DuckDBConnection,
  warnings: RowIssue[],
  hashes: Map<string, string>,
  now: Date,
): Promise<void> {
  await appendBatch(connection, { warnings }, now, hashes);
}

/** Reads, validates and stores files in one go, in a work folder of its own under `workRoot`. */
export async function ingestFiles(
  connection: DuckDBConnection,
  paths: string[],
  ctx: ValidationContext,
  options: IngestOptions & { workRoot: string },
): Promise<IngestResult> {
  const work = createWorkDir(options.workRoot, "import");
  try {
    return await storeIngest(connection, await prepareIngest(paths, work.path, ctx), ctx, options);
  } finally {
    work.remove();
  }
}
