// The ingest's work database and DuckDB's reader: the settings its queries
// need, the database its own tables live in (`valeurs`, `cles`, `faits`), and
// the reader over the split file of a CSV.
import type { ColumnType } from "../warehouse/engine.js";
import { sqlString } from "../warehouse/sql-text.js";

/**
 * What the ingest's queries need of DuckDB (the memory limit is the warehouse's, see db.ts).
 * `in_clause` off: a field's few judged values, written in the typed query as `IN (…)` lists,
 * are compared in the expression rather than turned into a join each (measured in Node, the
 * typed actions' query: 68–76 ms → 32–34 ms on a 2-row file, where planning the joins was most
 * of it; 1.23–1.44 s → 1.02–1.16 s on 43,000 actions; the whole store 5.8–6.9 s → 4.9–5.7 s).
 */
export const INGEST_SETTINGS = `SET preserve_insertion_order = false; SET disabled_optimizers = 'join_order,build_side_probe_side,in_clause';`;
/**
 * Below this many plain lines, the ingest's queries run on one thread: each is short, and
 * two threads spend more on meeting than they gain (measured in Node, the ingest alone:
 * 26,230 lines 1.06–1.17 s on one thread, 1.15–1.27 s on two; 262,300 lines 6.7–8.1 s on
 * one, 6.3–6.9 s on two). The independent ones (each table's typing; its distinct cells too,
 * before the byte scan gathered them) then run side by side on as many connections as DuckDB
 * had threads (engine.ts sideBySide): the scale-1 read stage 363–475 ms → 229–329 ms. Above, side by side they would outgrow the
 * memory limit (scale 100: DuckDB out of memory). DuckDB-Wasm runs on one thread anyway.
 */
export const ONE_THREAD_BELOW = 100_000;
export const THREADS_SQL = "SELECT current_setting('threads')::INTEGER AS n";
export const setThreadsSql = (n: number) => `SET threads = ${n};`;
/** Undoes INGEST_SETTINGS only: the warehouse's memory limit stays (see db.ts). */
export const RESET_SETTINGS = "RESET preserve_insertion_order; RESET disabled_optimizers;";
/**
 * From ONE_THREAD_BELOW plain lines up, in Node: DuckDB's allocator gives back what it freed
 * sooner than by default (128 MB a thread after a task, 512 MB after a bulk deallocation, no
 * background thread). At scale 100 (the pipeline alone, its maximum resident memory): 0.71–0.86 GB
 * over seventeen runs with the heap kept small too (heap.ts), 0.73–0.92 GB over seven with the
 * heap alone, 0.85–1.07 GB with neither. It costs time: the read stage about 0.5 s longer (the
 * whole 0.5–0.8 s, within the runs' spread). Not below: the national sample took 0.04 s more.
 */
export const LARGE_SETTINGS = `SET allocator_flush_threshold = '16MB';
SET allocator_bulk_deallocation_flush_threshold = '32MB';
SET allocator_background_threads = true;`;
export const RESET_LARGE_SETTINGS =
  "RESET allocator_flush_threshold; RESET allocator_bulk_deallocation_flush_threshold; RESET allocator_background_threads;";

/**
 * The ingest's own tables (values judged, typed rows, keys, claims) live in a database of their
 * own: a large export's in a file in the ingest's temporary folder, which DuckDB can write out
 * when memory runs short (temporary tables cannot); a small export's (below ONE_THREAD_BELOW
 * plain lines) in memory, where nothing is compressed, written or checkpointed (the national
 * sample: 26 paired runs, the pipeline's mean 0.90 → 0.86 s, the read stage 0.30 → 0.27 s).
 */
export const WORK = "travail";
/** Where a small export's work tables live (and the page's, memory-files.ts). */
export const IN_MEMORY = ":memory:";
export function attachWorkSql(file: string): string {
  return `ATTACH ${sqlString(file)} AS ${WORK}`;
}
export const DETACH_WORK_SQL = `DETACH DATABASE IF EXISTS ${WORK}`;
/**
 * The work database's tables, dropped before it is detached: detaching checkpoints the file,
 * and writing out tables about to be deleted cost 0.2 s of the main job's ingest.
 */
export const WORK_TABLES_SQL = `SELECT table_name AS name FROM duckdb_tables() WHERE database_name = '${WORK}'`;
export function dropWorkTableSql(name: string): string {
  return `DROP TABLE IF EXISTS ${WORK}.${name}`;
}

/**
 * Longest line given to DuckDB's reader (its buffers are 16 times this);
 * longer lines are read by the format's reader.
 */
export const MAX_LINE_BYTES = 2 * 1024 * 1024;

/** DuckDB's reader over the split file of a CSV: `ligne`, then one text column per header column (`c0`…). */
export function rawSource(file: string, delimiter: string, columns: number): string {
  const types = [
    `'ligne': 'INTEGER'`,
    ...Array.from({ length: columns }, (_, i) => `'c${i}': 'VARCHAR'`),
  ];
  return `read_csv(${sqlString(file)}, header = false, auto_detect = false,
  delim = ${sqlString(delimiter)}, quote = '"', escape = '"', new_line = '\\n',
  max_line_size = ${MAX_LINE_BYTES}, columns = {${types.join(", ")}})`;
}

/** The work table of the typed rows of the ingest's `ordre`-th table (typedSql.typedQuery). */
export function typedTable(ordre: number): string {
  return `${WORK}.types_${ordre}`;
}

export function createAsSql(table: string, query: string): string {
  return `CREATE OR REPLACE TABLE ${table} AS ${query}`;
}

/** The column types of `valeurs` and `cles`, for the appender. */
export const VALUES_TYPES: ColumnType[] = [
  "VARCHAR",
  "VARCHAR",
  "VARCHAR",
  "BOOLEAN",
  "VARCHAR",
  "VARCHAR",
];
export const KEYS_TYPES: ColumnType[] = [
  "VARCHAR",
  "INTEGER",
  "INTEGER",
  "VARCHAR",
  "VARCHAR",
  "VARCHAR",
  "VARCHAR",
  "BOOLEAN",
];

export const CREATE_VALUES = `
CREATE OR REPLACE TABLE ${WORK}.valeurs (
  champ VARCHAR, texte VARCHAR, valeur VARCHAR, propre BOOLEAN, avertissement VARCHAR,
  departement VARCHAR
);
CREATE OR REPLACE TABLE ${WORK}.cles (
  table_export VARCHAR, ordre INTEGER, ligne INTEGER, campagne VARCHAR, departement VARCHAR,
  id_action VARCHAR, id_collectif VARCHAR, valide BOOLEAN
);`;
