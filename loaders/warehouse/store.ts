// One batch into the warehouse, in one transaction: the batch's slices and
// files are replaced whole, or nothing changes.
import {
  BOOLEAN,
  DATE,
  DECIMAL,
  DOUBLE,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBTimestampValue,
  INTEGER,
  VARCHAR,
  type DuckDBAppender,
  type DuckDBConnection,
  type DuckDBType,
} from "@duckdb/node-api";
import type { FieldDef } from "../export/fields.js";
import { MASKED_CELLS } from "../export/validate.js";
import type { AcceptedRow, Batch, RowIssue, Slice, Value } from "../export/types.js";
import { evaluateRulesSql, SEUILS_COLUMNS } from "../referentiel/compile.js";
import { seuilsRow, type Referentiel } from "../referentiel/seuils.js";
import {
  ALL_SLICES,
  CREATE_IMPORT_TABLES,
  DELETE_REPLACED,
  PERSONAL_FIELDS,
  STORED_FIELDS,
  sqlType,
} from "./schema.js";

const MONEY = DECIMAL(18, 2);
/** The DuckDB type of each column type the schema writes. */
const DUCKDB_TYPES: Record<string, DuckDBType> = {
  BOOLEAN,
  DATE,
  DOUBLE,
  INTEGER,
  VARCHAR,
  "DECIMAL(18,2)": MONEY,
};

/** A text cell, NULL when absent (DuckDB's `appendValue` with its type). */
function appendText(a: DuckDBAppender, v: string | null | undefined): void {
  a.appendValue(v ?? null, VARCHAR);
}

function appendInt(a: DuckDBAppender, v: number | null | undefined): void {
  a.appendValue(v ?? null, INTEGER);
}

function daysSinceEpoch(iso: string): number {
  return (
    Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) /
    86_400_000
  );
}

/** A field's cell in its column's type: dates as days, money as cents in DECIMAL(18,2). */
function appendField(a: DuckDBAppender, field: FieldDef, v: Value | undefined): void {
  const type = sqlType(field);
  if (v === null || v === undefined) return a.appendValue(null, DUCKDB_TYPES[type] ?? VARCHAR);
  switch (type) {
    case "DATE":
      return a.appendValue(new DuckDBDateValue(daysSinceEpoch(v as string)), DATE);
    case "DECIMAL(18,2)":
      return a.appendValue(new DuckDBDecimalValue(v as bigint, 18, 2), MONEY);
    case "BOOLEAN":
    case "INTEGER":
    case "DOUBLE":
      return a.appendValue(v as boolean | number, DUCKDB_TYPES[type]);
    default:
      return a.appendValue(String(v), VARCHAR);
  }
}

async function appendRows(
  connection: DuckDBConnection,
  table: string,
  rows: Iterable<(a: DuckDBAppender) => void>,
): Promise<void> {
  const appender = await connection.createAppender(table);
  for (const write of rows) {
    write(appender);
    appender.endRow();
  }
  appender.flushSync();
  appender.closeSync();
}

function* acceptedRows(rows: AcceptedRow[], fields: readonly FieldDef[]) {
  for (const row of rows) {
    yield (a: DuckDBAppender) => {
      for (const f of fields) appendField(a, f, row.values[f.name]);
      appendText(a, row.file);
      appendInt(a, row.row);
    };
  }
}

function hasPersonal(personal: Record<string, string | null>): boolean {
  return personal[MASKED_CELLS] != null || PERSONAL_FIELDS.some((f) => personal[f.name] != null);
}

export function rejetId(hash: string, table: string, row: number): string {
  return `${hash.slice(0, 16)}:${table}:${row}`;
}

function* issueRows(issues: RowIssue[], hashOf: (file: string) => string) {
  for (const issue of issues) {
    for (const [rank, p] of issue.problems.entries()) {
      yield (a: DuckDBAppender) => {
        appendText(a, hashOf(issue.file));
        appendText(a, issue.file);
        appendText(a, issue.table);
        appendInt(a, issue.row);
        appendText(a, issue.campagne);
        appendText(a, issue.departement);
        appendText(a, issue.key);
        appendInt(a, rank + 1);
        appendText(a, p.column);
        appendText(a, p.value);
        appendText(a, p.message);
      };
    }
  }
}

export interface StoreOptions {
  /** The ingest's time, recorded with each file. */
  now: Date;
  /** The thresholds the rules are evaluated with. */
  referentiel: Referentiel;
  /** Called when a stage ends (`store`, then `rules`): the benchmark times them. */
  mark?: (stage: "store" | "rules") => void;
}

/** Fills `seuils` for the slices of `scope` and evaluates every rule on them. */
export async function evaluateRules(
  connection: DuckDBConnection,
  slices: Slice[],
  referentiel: Referentiel,
  scope: string,
): Promise<void> {
  await appendRows(
    connection,
    "seuils",
    slices.map((slice) => (a: DuckDBAppender) => {
      const row = seuilsRow(referentiel, slice.campagne, slice.departement);
      for (const c of SEUILS_COLUMNS) {
        const v = row[c.name];
        a.appendValue(
          c.type === "INTEGER" || c.type === "DOUBLE" ? (v as number) : String(v),
          DUCKDB_TYPES[c.type] ?? VARCHAR,
        );
      }
    }),
  );
  await connection.run(evaluateRulesSql(scope));
}

/** Runs `work` in a transaction: committed whole, or rolled back on any error. */
export async function inTransaction<T>(
  connection: DuckDBConnection,
  work: () => Promise<T>,
): Promise<T> {
  await connection.run("BEGIN TRANSACTION");
  try {
    const result = await work();
    await connection.run("COMMIT");
    return result;
  } catch (error) {
    await connection.run("ROLLBACK");
    throw error;
  }
}

/** Deletes what the import replaces: its slices (already in `import_tranches`) and its files. */
export async function deleteReplaced(
  connection: DuckDBConnection,
  hashes: string[],
): Promise<void> {
  await appendRows(
    connection,
    "import_fichiers",
    [...new Set(hashes)].map((h) => (a: DuckDBAppender) => a.appendVarchar(h)),
  );
  await connection.run(DELETE_REPLACED);
}

/** What an append holds: any of a batch's accepted rows, rejects, warnings and files. */
export type Appended = Partial<
  Pick<Batch, "files" | "actions" | "collectifs" | "agrements" | "rejects" | "warnings">
>;

/** Appends a batch's accepted rows, personal data, rejects, warnings and files. */
export async function appendBatch(
  connection: DuckDBConnection,
  appended: Appended,
  now: Date,
  hashes = new Map((appended.files ?? []).map((f) => [f.file, f.hash])),
): Promise<void> {
  const batch = {
    files: [],
    actions: [],
    collectifs: [],
    agrements: [],
    rejects: [],
    warnings: [],
    ...appended,
  };
  const hashOf = (file: string) => hashes.get(file) ?? "";
  for (const table of ["actions", "collectifs", "agrements"] as const) {
    if (batch[table].length > 0)
      await appendRows(connection, table, acceptedRows(batch[table], STORED_FIELDS[table]));
  }
  const personal: ((a: DuckDBAppender) => void)[] = [];
  for (const row of batch.actions) {
    if (!hasPersonal(row.personal)) continue;
    personal.push((a) => {
      appendText(a, row.values.campagne as string);
      appendText(a, row.values.departement as string);
      appendText(a, row.values.id_action as string);
      appendText(a, null);
      for (const f of PERSONAL_FIELDS) appendText(a, row.personal[f.name]);
      appendText(a, null);
    });
  }
  for (const r of batch.rejects) {
    if (!hasPersonal(r.personal)) continue;
    personal.push((a) => {
      appendText(a, r.campagne);
      appendText(a, r.departement);
      appendText(a, (r.cells.id_action ?? "") || null);
      appendText(a, rejetId(hashOf(r.file), r.table, r.row));
      for (const f of PERSONAL_FIELDS) appendText(a, r.personal[f.name]);
      appendText(a, r.personal[MASKED_CELLS]);
    });
  }
  await appendRows(connection, "donnees_personnelles", personal);
  await appendRows(
    connection,
    "rejets",
    batch.rejects.map((r) => (a: DuckDBAppender) => {
      appendText(a, rejetId(hashOf(r.file), r.table, r.row));
      appendText(a, hashOf(r.file));
      appendText(a, r.file);
      appendText(a, r.table);
      appendInt(a, r.row);
      appendText(a, r.campagne);
      appendText(a, r.departement);
      appendText(a, r.key);
      appendText(a, JSON.stringify(r.cells));
    }),
  );
  await appendRows(
    connection,
    "rejet_problemes",
    batch.rejects.flatMap((r) =>
      r.problems.map((p, i) => (a: DuckDBAppender) => {
        appendText(a, rejetId(hashOf(r.file), r.table, r.row));
        appendInt(a, i + 1);
        appendText(a, p.column);
        appendText(a, p.value);
        appendText(a, p.message);
      }),
    ),
  );
  await appendRows(connection, "avertissements", issueRows(batch.warnings, hashOf));
  const micros = BigInt(now.getTime()) * 1000n;
  await appendRows(
    connection,
    "fichiers",
    batch.files.map((f) => (a: DuckDBAppender) => {
      appendText(a, f.hash);
      appendText(a, f.file);
      appendText(a, f.table);
      appendText(a, f.sheet);
      appendText(a, f.encoding);
      appendText(a, f.delimiter);
      appendInt(a, f.rows);
      appendInt(a, f.accepted);
      appendInt(a, f.rejected);
      appendInt(a, f.warnings);
      a.appendTimestamp(new DuckDBTimestampValue(micros));
    }),
  );
}

/** A batch read in JavaScript (the whole-file path: `clas check`, tests) into the warehouse. */
export async function storeBatch(
  connection: DuckDBConnection,
  batch: Batch,
  options: StoreOptions,
): Promise<void> {
  await connection.run(CREATE_IMPORT_TABLES);
  await inTransaction(connection, async () => {
    for (const [table, slices] of [
      ["import_tranches", batch.slices],
      ["import_listes", batch.listSlices],
    ] as const) {
      await appendRows(
        connection,
        table,
        slices.map((s) => (a: DuckDBAppender) => {
          a.appendVarchar(s.campagne);
          a.appendVarchar(s.departement);
        }),
      );
    }
    await deleteReplaced(
      connection,
      batch.files.map((f) => f.hash),
    );
    await appendBatch(connection, batch, options.now);
    options.mark?.("store");
    await evaluateRules(connection, batch.slices, options.referentiel, "import_tranches");
  });
  options.mark?.("rules");
}

/** Re-evaluates every rule on every slice of the warehouse (after a change of thresholds). */
export async function reevaluateAll(
  connection: DuckDBConnection,
  referentiel: Referentiel,
): Promise<number> {
  const slices = (
    await connection.runAndReadAll(ALL_SLICES)
  ).getRowObjectsJson() as unknown as Slice[];
  await connection.run(
    "CREATE OR REPLACE TEMP TABLE import_tranches (campagne VARCHAR, departement VARCHAR)",
  );
  await connection.run("BEGIN TRANSACTION");
  try {
    await connection.run(`INSERT INTO import_tranches ${ALL_SLICES}`);
    await connection.run("DELETE FROM seuils");
    await evaluateRules(connection, slices, referentiel, "import_tranches");
    await connection.run("COMMIT");
  } catch (error) {
    await connection.run("ROLLBACK");
    throw error;
  }
  return slices.length;
}
