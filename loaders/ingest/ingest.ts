// One ingest into the warehouse, streamed: CSV files are split by a byte scan
// into plain lines (loaded as text by DuckDB's reader) and the rest (read by
// the export format's reader), gathering the distinct cells of the judged columns of the
// plain lines; the validator judges each distinct value once;
// SQL types the rows it can vouch for; the validator sees every other row, in
// pages; keys are claimed across files in SQL, in bounded memory. The one
// ingest of `clas ingest`, `clas check` and the page `/verifier`: the files
// (on disk or in memory) and the SQL engine (DuckDB, DuckDB-Wasm) are given.
// Its outcome is the plain JavaScript reference's (test/helpers/reference-export.ts).
//
// The ingest's own words:
// - plain line: a CSV record the byte scan can hand to DuckDB's reader as it is — no
//   quote broken, no line break inside a cell, one cell per column, nothing to trim;
//   every other record is kept for the export format's own reader ("the validator's rows");
// - judged value: a column's distinct value, judged once by the validator (clean, or the
//   problem it has), so that SQL types the cells without judging them again;
// - vouch: SQL vouches for a row when every one of its values was judged clean, or accepted
//   with a warning, and its cross-field checks pass or only drop a value with a warning; it is
//   then typed and stored by SQL alone, its warnings worded by SQL as the validator words them;
// - claim: a row claims its key (N° dossier, collectif) across the files of the ingest; the
//   first claim wins, the others are rejected as duplicates (in reading order; the keys of the
//   rows SQL vouches for read from its typed rows, the validator's in "cles");
// - slice: a (campagne, département) pair; an ingest replaces the slices its rows hold;
// - work folder: the split files, the kept records and (a large export's) the work database,
//   beside the database and removed on every exit (workdir.ts); a small export's work
//   database is in memory.
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
import type {
  AcceptedRow,
  FileSummary,
  RejectedRow,
  RowIssue,
  SideSlice,
  Slice,
} from "../export/types.js";
import { validateRecord, type ValidatedRow, type ValidationContext } from "../export/validate.js";
import type { Referentiel } from "../referentiel/seuils.js";
import { appendBatch, deleteReplaced } from "../warehouse/append.js";
import { appendAll, inTransaction, sideBySide, type SqlEngine } from "../warehouse/engine.js";
import { evaluateRules } from "../warehouse/rules.js";
import { CREATE_IMPORT_TABLES } from "../warehouse/schema.js";
import type { WorkFiles } from "./files.js";
import * as claimsSql from "./claims-sql.js";
import * as insertSql from "./insert-sql.js";
import * as typedSql from "./typed-sql.js";
import * as workSql from "./work-sql.js";
import {
  readAll,
  recordsToValidate,
  rowCount,
  type IngestTable,
  type ScanElsewhere,
} from "./tables.js";
import { judgeValues } from "./values.js";

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
  /** The export's slices replaced. */
  slices: Slice[];
  /** The side tables' slices replaced (the list of agreed actions, visits, practices). */
  listSlices: SideSlice[];
}

/** Rows fetched at once from DuckDB for the validator. */
const PAGE = 2_000;

/**
 * The validator's verdicts on the rows it sees in the tables DuckDB read (the exceptions among
 * their rows), kept from the claims to the store for the first this many rows (in reading order:
 * the actions first, the costliest to validate again), some 3 KB each on the heap; the rows past
 * it are validated again. Scale 100's validator saw 65,000 rows before SQL worded warnings (13,000
 * actions, 56 µs each to validate; 51,000 collectifs, 19 µs), 21,000 since (nearly all kept).
 * All 65,000 kept, the peak rose by 90 to 190 MB; serialized
 * (v8, 1.3 KB a row), writing and reading them back took as long as validating again. A table
 * the validator reads whole (a workbook's sheet) keeps none: each of its rows is validated twice
 * anyway, and 20,000 of its verdicts held 200 MB more (scale 10's workbook: 764–791 → 982–1,002 MB).
 */
const KEPT_VERDICTS = 20_000;

/** The validator's verdicts kept between the claims and the store, by table and row. */
class Verdicts {
  private readonly kept: Map<number, ValidatedRow>[] = [];
  private count = 0;
  keep(table: number, row: ValidatedRow): void {
    if (this.count >= KEPT_VERDICTS) return;
    (this.kept[table] ??= new Map()).set(row.row, row);
    this.count++;
  }
  has(table: number, row: number): boolean {
    return this.kept[table]?.has(row) ?? false;
  }
  /** The verdict kept on this row, given once (then forgotten). */
  take(table: number, row: number): ValidatedRow | undefined {
    const verdict = this.kept[table]?.get(row);
    this.kept[table]?.delete(row);
    return verdict;
  }
}

/** The rows of a table SQL does not vouch for: the validator gives their keys. */
async function uncleanRows(engine: SqlEngine, t: IngestTable): Promise<void> {
  if (t.source === null) return;
  const rows = await engine.query(claimsSql.uncleanRowsSql(t.typed));
  t.unclean = rows.map((r) => r.ligne as number);
}

/** The tables SQL typed, with their typed rows. */
function typedTables(
  tables: IngestTable[],
): { typed: string; table: TableName; ordre: number; pruned: boolean }[] {
  return tables
    .filter((t) => t.source !== null)
    .map((t) => ({
      typed: t.typed,
      table: t.located.layout.table,
      ordre: t.ordre,
      pruned: t.inWarehouse,
    }));
}

/** Every row's key: SQL's read from the typed rows, the validator's in `cles`. */
function keysOf(tables: IngestTable[]): string {
  return claimsSql.allKeys(typedTables(tables));
}

/**
 * The validator's keys of one table's rows in `cles` (SQL's are read from the typed rows): the
 * rows SQL does not vouch for (all, for a table DuckDB did not read), as the validator reads them.
 */
async function validateUnclean(
  engine: SqlEngine,
  files: WorkFiles,
  t: IngestTable,
  ctx: ValidationContext,
  verdicts: Verdicts,
): Promise<void> {
  await uncleanRows(engine, t);
  const table = t.located.layout.table;
  const appender = await engine.appender("cles", workSql.KEYS_TYPES, workSql.WORK);
  for (const record of recordsToValidate(files, t, t.unclean)) {
    const row = validateRecord(record, t.located.layout, ctx);
    if (t.source !== null) verdicts.keep(t.ordre, row);
    appender.row([
      table,
      t.ordre,
      row.row,
      stringOrNull(row.values.campagne),
      stringOrNull(row.values.departement),
      ...claimsSql.keyParts(table, row.values),
      row.problems.length === 0,
    ]);
  }
  await appender.close();
}

/**
 * The validator's verdicts on the rows it sees (those of `rows` and the records kept for it), in
 * row order: given back when kept since the claims, else validated again (the plain lines of
 * those kept not read again).
 */
function* verdictsOf(
  files: WorkFiles,
  t: IngestTable,
  rows: number[],
  ctx: ValidationContext,
  verdicts: Verdicts,
): Generator<ValidatedRow> {
  const kept = rows.filter((row) => verdicts.has(t.ordre, row));
  const read = kept.length ? rows.filter((row) => !verdicts.has(t.ordre, row)) : rows;
  let k = 0;
  for (const record of recordsToValidate(files, t, read)) {
    while (k < kept.length && kept[k]! < record.row) yield verdicts.take(t.ordre, kept[k++]!)!;
    yield verdicts.take(t.ordre, record.row) ?? validateRecord(record, t.located.layout, ctx);
  }
  while (k < kept.length) yield verdicts.take(t.ordre, kept[k++]!)!;
}

async function readFacts(
  engine: SqlEngine,
  tables: IngestTable[],
): Promise<Map<string, ClaimFacts>> {
  const facts = new Map<string, ClaimFacts>();
  const fileOf = (ordre: number) => tables[ordre]!.located.source.file;
  const rows = await engine.query(`SELECT * FROM ${workSql.WORK}.faits`);
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

/**
 * The warnings of a table's rows SQL vouched for, into the warehouse: how many rows and warnings,
 * and the first `first` rows' (in row order).
 */
async function storeWarned(
  engine: SqlEngine,
  t: IngestTable,
  hash: string,
  first: number,
): Promise<{ rows: number; warnings: number; first: RowIssue[] }> {
  const { source, layout } = t.located;
  const { table } = layout;
  await engine.exec(insertSql.insertWarnedSql(t.typed, table, t.ordre, source.file, hash));
  const found = await engine.query(insertSql.warnedSql(t.typed, table, t.ordre, first));
  const issues: RowIssue[] = [];
  for (const w of found) {
    if (w.ligne === null || first <= 0) break;
    if (issues.at(-1)?.row !== w.ligne)
      issues.push({
        file: source.file,
        table,
        row: w.ligne as number,
        campagne: w.campagne as string | null,
        departement: w.departement as string | null,
        key: w.cle as string | null,
        problems: [],
      });
    issues.at(-1)!.problems.push({
      column: w.colonne as string,
      value: w.valeur as string,
      message: w.message as string,
    });
  }
  return { rows: Number(found[0]!.lignes), warnings: Number(found[0]!.total), first: issues };
}

/**
 * A table's pruned typed rows in the warehouse, stored: in the place of the warehouse's table
 * when nothing of it is left (its replaced slices deleted, nothing stored there yet by this
 * ingest), else copied into it.
 */
async function storePruned(engine: SqlEngine, t: IngestTable, placed: Set<string>): Promise<void> {
  const target = TABLES[t.located.layout.table].stored;
  const empty = (await engine.query(insertSql.emptySql(target)))[0]!.vide === true;
  if (empty && !placed.has(target)) {
    await engine.exec(insertSql.takePlaceSql(t.ordre, target));
    placed.add(target);
  } else await engine.exec(insertSql.copyPrunedSql(t.ordre, target));
}

/** Validates again the rows the validator sees, with their claims, and stores them by pages. */
async function storeValidated(
  engine: SqlEngine,
  files: WorkFiles,
  tables: IngestTable[],
  hashes: Map<string, string>,
  ctx: ValidationContext,
  result: IngestResult,
  keep: number,
  now: Date,
  verdicts: Verdicts,
  /** The warehouse tables whose place typed rows took, filled here. */
  placed: Set<string>,
): Promise<void> {
  const facts = await readFacts(engine, tables);
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
    let warned = { rows: 0, warnings: 0, first: [] as RowIssue[] };
    if (t.source !== null) {
      const unclean = new Set(t.unclean);
      const claimed = (await engine.query(claimsSql.claimedRowsSql(t.ordre)))
        .map((r) => r.ligne as number)
        // rows SQL vouched for only: the others (unclean, or read by the format's reader) come anyway
        .filter((row) => !unclean.has(row) && split!.lines.find(row) !== null);
      rows = [...t.unclean, ...claimed].sort((a, b) => a - b);
      if (t.inWarehouse) await storePruned(engine, t, placed);
      else await engine.exec(insertSql.insertCleanSql(t.typed, table, t.ordre, source.file));
      if (table === "Actions") {
        await engine.exec(insertSql.insertCleanPersonalSql(t.typed, t.ordre));
      }
      clean = split!.written - t.unclean.length - claimed.length;
      if (t.warns)
        warned = await storeWarned(
          engine,
          t,
          hashes.get(source.file) ?? "",
          keep - result.warnings.length,
        );
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
      warnings: warned.warnings,
    };
    result.totals.warnings += warned.rows;
    // the table's own warnings (unknown columns, no data row): reported and stored
    const notes = layoutWarnings(source, layout, summary.rows, t.stored.unheaded);
    summary.warnings += notes.length;
    result.totals.warnings += notes.length;
    for (const n of notes) keepIssue(result.warnings, n);
    const accepted: AcceptedRow[] = [];
    let page = { rejects: [] as RejectedRow[], warnings: notes };
    const flush = async () => {
      await appendBatch(engine, { [TABLES[table].stored]: accepted, ...page }, now, hashes);
      if ((table === "Actions" || table === "Collectifs") && accepted.length > 0)
        await appendAll(
          engine,
          insertSql.ACCEPTED,
          insertSql.ACCEPTED_TYPES,
          accepted.map((r) => [table, r.file, r.row]),
        );
      accepted.length = 0;
      page = { rejects: [], warnings: [] };
    };
    // SQL's warned rows and the validator's, listed in row order
    let w = 0;
    const keepWarned = (before: number) => {
      while (w < warned.first.length && warned.first[w]!.row < before)
        keepIssue(result.warnings, warned.first[w++]!);
    };
    let pending = 0;
    for (const row of verdictsOf(files, t, rows, ctx, verdicts)) {
      const extra = claimProblems(row, layout, facts.get(`${t.ordre}:${row.row}`) ?? {});
      const outcome = rowOutcome(source.file, layout, row, extra);
      if (outcome.warning) {
        keepWarned(row.row);
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
    keepWarned(Infinity);
    result.files.push(summary);
  }
  await appendBatch(engine, { files: result.files }, now, hashes);
}

async function dropWorkTables(engine: SqlEngine): Promise<void> {
  for (const { name } of await engine.query(workSql.WORK_TABLES_SQL))
    await engine.exec(workSql.dropWorkTableSql(name as string));
}

/** An ingest's files read, split and recognised: nothing written to the warehouse yet. */
export interface PreparedIngest {
  tables: IngestTable[];
  hashes: Map<string, string>;
  fileWarnings: RowIssue[];
  /** The work folder: the split files, the records kept for the validator, the work database. */
  work: string;
  files: WorkFiles;
}

/**
 * Reads the files of one ingest into `work` (split, or row by row) and
 * recognises their tables. Throws ExportRefusedError when a file cannot be
 * read, before anything is written to a database.
 */
export async function prepareIngest(
  files: WorkFiles,
  paths: string[],
  work: string,
  ctx: ValidationContext,
  /** Told of each file as it is read, it may return what hears the bytes read of it. */
  onFile?: (file: string) => ((read: number) => void) | undefined,
  /** Where the largest files may be scanned meanwhile (Node: a thread of their own). */
  elsewhere?: ScanElsewhere,
): Promise<PreparedIngest> {
  const { read, stored } = await readAll(files, paths, work, ctx.mapping, onFile, elsewhere);
  const fileWarnings: RowIssue[] = [];
  const located = inReadingOrder(locateTables(read, ctx, fileWarnings));
  const tables: IngestTable[] = located.map((l, ordre) => {
    const s = stored.get(l.source)!;
    const source =
      s.split && s.split.split.written > 0
        ? workSql.rawSource(s.split.path, l.source.delimiter!, l.layout.columns.length)
        : null;
    return {
      ordre,
      located: l,
      stored: s,
      source,
      typed: "",
      inWarehouse: false,
      warns: false,
      unclean: [],
    };
  });
  return {
    tables,
    hashes: new Map(read.map((f) => [f.file, f.hash])),
    fileWarnings,
    work,
    files,
  };
}

/**
 * Whether the prepared ingest is large: at least ONE_THREAD_BELOW plain lines. A small one's
 * queries run on one thread each, side by side; a large one's on all, DuckDB's allocator giving
 * back sooner what it freed (and, in Node, the heap kept small: heap.ts).
 */
export function isLarge(prepared: PreparedIngest): boolean {
  const lines = prepared.tables.reduce((n, t) => n + (t.stored.split?.split.written ?? 0), 0);
  return lines >= workSql.ONE_THREAD_BELOW;
}

/** A promise settled from outside; its rejection handled where it is awaited, or not at all. */
function awaited(): {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
} {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  promise.catch(() => {});
  return { promise, resolve, reject };
}

/**
 * A table's typed rows, into the warehouse when none of its fields is personal (insert-sql.ts
 * TYPED_IN_WAREHOUSE), else into its work table; `t.typed` then reads them.
 */
async function typeTable(
  on: SqlEngine,
  t: IngestTable,
  judged: Map<string, typedSql.Judged[]>,
): Promise<void> {
  const { layout, source } = t.located;
  const query = typedSql.typedQuery(
    t.source!,
    layout.table,
    layout.columns,
    judged,
    (field) => layout.headerOf.get(field) ?? field,
  );
  t.inWarehouse = insertSql.typedInWarehouse(layout.table);
  const typed = t.inWarehouse
    ? insertSql.warehouseTypedTable(t.ordre)
    : workSql.typedTable(t.ordre);
  await on.exec(
    t.inWarehouse
      ? insertSql.typedIntoWarehouseSql(query.sql, layout.table, t.ordre, source.file)
      : workSql.createAsSql(typed, query.sql),
  );
  t.typed = `SELECT * FROM ${typed}`;
  t.warns = query.warns;
}

/**
 * A table's typed rows in the warehouse, pruned to the rows SQL stores (insert-sql.ts pruneSql):
 * `t.typed` then reads its warned rows only.
 */
async function pruneTyped(engine: SqlEngine, t: IngestTable): Promise<void> {
  const { sql, warned } = insertSql.pruneSql(t.ordre, t.warns);
  await engine.exec(sql);
  t.typed = warned ?? "";
}

/**
 * The typed tables left in the warehouse: this ingest's, and any a killed one left (one of the
 * same name is replaced by the typing's `CREATE OR REPLACE`, the others go here, at the end).
 */
async function dropLeftTyped(engine: SqlEngine): Promise<void> {
  for (const { name } of await engine.query(insertSql.LEFT_TYPED_SQL))
    await engine.exec(`DROP TABLE IF EXISTS ${name as string}`);
}

/**
 * Each table typed once, into a table the claims and the store read (typeTable), on `lanes`
 * connections of their own side by side; meanwhile, on `engine`, the validator sees each typed
 * table's rows SQL does not vouch for, in reading order (its JavaScript on one core while DuckDB
 * types the next table on the others). An engine that does not fork types, then validates.
 * `mark` is told when the last table is typed. The judged values' verdicts (a few megabytes at
 * scale 100) live only through this call.
 */
async function typeAndValidate(
  engine: SqlEngine,
  lanes: number,
  files: WorkFiles,
  tables: IngestTable[],
  judged: Map<string, typedSql.Judged[]>,
  ctx: ValidationContext,
  mark: () => void,
): Promise<Verdicts> {
  const verdicts = new Verdicts();
  const split = tables.filter((t) => t.source !== null);
  const fork = engine.fork ? await engine.fork() : null;
  if (fork === null) {
    await sideBySide(engine, lanes, split, (t, on) => typeTable(on, t, judged));
    mark();
    for (const t of tables) await validateUnclean(engine, files, t, ctx, verdicts);
    return verdicts;
  }
  // each split table's typing, settled when its work table is written
  const typedOf = new Map(split.map((t) => [t, awaited()]));
  try {
    const typing = sideBySide(fork.engine, lanes, split, async (t, on) => {
      try {
        await typeTable(on, t, judged);
        typedOf.get(t)!.resolve();
      } catch (error) {
        typedOf.get(t)!.reject(error);
        throw error;
      }
    }).then(mark, (error: unknown) => {
      for (const typed of typedOf.values()) typed.reject(error);
      throw error;
    });
    const validating = (async () => {
      for (const t of tables) {
        await typedOf.get(t)?.promise;
        await validateUnclean(engine, files, t, ctx, verdicts);
      }
    })();
    // both settled before the work tables can be dropped; the first failure thrown
    const [typed, validated] = await Promise.allSettled([typing, validating]);
    if (typed.status === "rejected") throw typed.reason;
    if (validated.status === "rejected") throw validated.reason;
    return verdicts;
  } finally {
    fork.close();
  }
}

/**
 * Validates and stores a prepared ingest, in one transaction that replaces
 * its (campagne, département) slices.
 */
export async function storeIngest(
  engine: SqlEngine,
  prepared: PreparedIngest,
  ctx: ValidationContext,
  options: IngestOptions,
): Promise<IngestResult> {
  const { tables, hashes, fileWarnings, files } = prepared;
  const mark = options.mark ?? (() => {});
  await engine.exec(workSql.INGEST_SETTINGS);
  const small = !isLarge(prepared);
  // the threads the engine had, given back after (null: left as they were); a small export's
  // independent queries (each table's typing) then run side by side
  const threads =
    engine.runtime === "node" && small
      ? Number((await engine.query(workSql.THREADS_SQL))[0]!.n)
      : null;
  const large = engine.runtime === "node" && !small;
  if (large) await engine.exec(workSql.LARGE_SETTINGS);
  const lanes = threads ?? 1;
  await engine.exec(
    workSql.attachWorkSql(small ? workSql.IN_MEMORY : files.workDatabase(prepared.work)),
  );
  try {
    if (threads !== null) await engine.exec(workSql.setThreadsSql(1));
    mark("transcode");
    const judged = await judgeValues(engine, tables, ctx);
    const verdicts = await typeAndValidate(engine, lanes, files, tables, judged, ctx, () =>
      mark("read"),
    );
    await engine.exec(claimsSql.claimsSql(keysOf(tables)));
    mark("validate");
    const result: IngestResult = {
      files: [],
      rejects: [],
      warnings: fileWarnings.slice(0, options.keep ?? 1000),
      totals: { rejects: 0, warnings: fileWarnings.length },
      slices: [],
      listSlices: [],
    };
    await engine.exec(CREATE_IMPORT_TABLES);
    await engine.exec(insertSql.CREATE_ACCEPTED_SQL);
    // the slices from every row's key, before the typed rows in the warehouse are pruned
    await engine.exec(claimsSql.slicesSql(keysOf(tables)));
    for (const t of tables) if (t.inWarehouse) await pruneTyped(engine, t);
    // the warehouse tables whose place the typed rows took
    const placed = new Set<string>();
    await inTransaction(engine, async () => {
      await deleteReplaced(
        engine,
        [...hashes.values()].filter((h) => h !== ""),
      );
      await storeValidated(
        engine,
        files,
        tables,
        hashes,
        ctx,
        result,
        options.keep ?? 1000,
        options.now,
        verdicts,
        placed,
      );
      await appendBatch(engine, { warnings: fileWarnings }, options.now, hashes);
      mark("store");
      result.slices = (await engine.query(claimsSql.READ_SLICES_SQL)) as unknown as Slice[];
      result.listSlices = (await engine.query(
        claimsSql.READ_LIST_SLICES_SQL,
      )) as unknown as SideSlice[];
      await evaluateRules(
        engine,
        result.slices,
        options.referentiel,
        "import_tranches",
        insertSql.ruleSources(typedTables(tables), placed),
      );
    });
    mark("rules");
    return result;
  } finally {
    // only to spare the detach its checkpoint: the detach says what went wrong, if anything
    await dropWorkTables(engine).catch(() => {});
    await dropLeftTyped(engine).catch(() => {});
    await engine.exec(workSql.DETACH_WORK_SQL);
    await engine.exec(workSql.RESET_SETTINGS);
    if (large) await engine.exec(workSql.RESET_LARGE_SETTINGS);
    if (threads !== null) await engine.exec(workSql.setThreadsSql(threads));
  }
}
