// Appending an ingest's rows to the warehouse: accepted rows, personal data
// (in its own table only), rejects with their problems, warnings, files; and
// deleting first what the ingest replaces.
import type { FieldDef } from "../export/fields.js";
import type { AcceptedRow, Batch, RowIssue } from "../export/types.js";
import { MASKED_CELLS } from "../export/masking.js";
import { appendAll, type Cell, type ColumnType, type SqlEngine } from "./engine.js";
import { DELETE_REPLACED, PERSONAL_FIELDS, sqlType, STORED_FIELDS } from "./schema.js";

const text = (n: number): ColumnType[] => Array.from({ length: n }, () => "VARCHAR");

/** The column types of a table of accepted rows: its fields, then `fichier`, `ligne`. */
function rowTypes(fields: readonly FieldDef[]): ColumnType[] {
  return [...fields.map((f) => sqlType(f) as ColumnType), "VARCHAR", "INTEGER"];
}

function* acceptedRows(rows: AcceptedRow[], fields: readonly FieldDef[]): Generator<Cell[]> {
  for (const row of rows) {
    yield [...fields.map((f) => (row.values[f.name] ?? null) as Cell), row.file, row.row];
  }
}

function hasPersonal(personal: Record<string, string | null>): boolean {
  return personal[MASKED_CELLS] != null || PERSONAL_FIELDS.some((f) => personal[f.name] != null);
}

export function rejetId(hash: string, table: string, row: number): string {
  return `${hash.slice(0, 16)}:${table}:${row}`;
}

const ISSUE_TYPES: ColumnType[] = [...text(3), "INTEGER", ...text(3), "INTEGER", ...text(3)];

function* issueRows(issues: RowIssue[], hashOf: (file: string) => string): Generator<Cell[]> {
  for (const issue of issues) {
    for (const [rank, p] of issue.problems.entries()) {
      yield [
        hashOf(issue.file),
        issue.file,
        issue.table,
        issue.row,
        issue.campagne,
        issue.departement,
        issue.key,
        rank + 1,
        p.column,
        p.value,
        p.message,
      ];
    }
  }
}

/** Deletes what the import replaces: its slices (already in `import_tranches`) and its files. */
export async function deleteReplaced(engine: SqlEngine, hashes: string[]): Promise<void> {
  await appendAll(
    engine,
    "import_fichiers",
    ["VARCHAR"],
    [...new Set(hashes)].map((h) => [h]),
  );
  await engine.exec(DELETE_REPLACED);
}

/** What an append holds: any of a batch's accepted rows, rejects, warnings and files. */
export type Appended = Partial<
  Pick<
    Batch,
    | "files"
    | "actions"
    | "collectifs"
    | "agrements"
    | "visites"
    | "pratiques"
    | "rejects"
    | "warnings"
  >
>;

/** Appends accepted rows, personal data, rejects, warnings and files. */
export async function appendBatch(
  engine: SqlEngine,
  appended: Appended,
  now: Date,
  hashes: Map<string, string>,
): Promise<void> {
  const batch = {
    files: [],
    actions: [],
    collectifs: [],
    agrements: [],
    visites: [],
    pratiques: [],
    rejects: [],
    warnings: [],
    ...appended,
  };
  const hashOf = (file: string) => hashes.get(file) ?? "";
  for (const table of ["actions", "collectifs", "agrements", "visites", "pratiques"] as const) {
    const fields = STORED_FIELDS[table];
    if (batch[table].length > 0)
      await appendAll(engine, table, rowTypes(fields), acceptedRows(batch[table], fields));
  }
  const personal: Cell[][] = [];
  for (const row of batch.actions) {
    if (!hasPersonal(row.personal)) continue;
    personal.push([
      row.values.campagne as string,
      row.values.departement as string,
      row.values.id_action as string,
      null,
      ...PERSONAL_FIELDS.map((f) => row.personal[f.name] ?? null),
      null,
    ]);
  }
  for (const r of batch.rejects) {
    if (!hasPersonal(r.personal)) continue;
    personal.push([
      r.campagne,
      r.departement,
      (r.cells.id_action ?? "") || null,
      rejetId(hashOf(r.file), r.table, r.row),
      ...PERSONAL_FIELDS.map((f) => r.personal[f.name] ?? null),
      r.personal[MASKED_CELLS] ?? null,
    ]);
  }
  if (personal.length > 0)
    await appendAll(engine, "donnees_personnelles", text(PERSONAL_FIELDS.length + 5), personal);
  if (batch.rejects.length > 0) {
    await appendAll(
      engine,
      "rejets",
      [...text(4), "INTEGER", ...text(4)],
      batch.rejects.map((r) => [
        rejetId(hashOf(r.file), r.table, r.row),
        hashOf(r.file),
        r.file,
        r.table,
        r.row,
        r.campagne,
        r.departement,
        r.key,
        JSON.stringify(r.cells),
      ]),
    );
    await appendAll(
      engine,
      "rejet_problemes",
      ["VARCHAR", "INTEGER", ...text(3)],
      batch.rejects.flatMap((r) =>
        r.problems.map((p, i) => [
          rejetId(hashOf(r.file), r.table, r.row),
          i + 1,
          p.column,
          p.value,
          p.message,
        ]),
      ),
    );
  }
  if (batch.warnings.length > 0)
    await appendAll(engine, "avertissements", ISSUE_TYPES, issueRows(batch.warnings, hashOf));
  if (batch.files.length > 0) {
    await appendAll(
      engine,
      "fichiers",
      [...text(6), "INTEGER", "INTEGER", "INTEGER", "INTEGER", "TIMESTAMP"],
      batch.files.map((f) => [
        f.hash,
        f.file,
        f.table,
        f.sheet,
        f.encoding,
        f.delimiter,
        f.rows,
        f.accepted,
        f.rejected,
        f.warnings,
        now,
      ]),
    );
  }
}
