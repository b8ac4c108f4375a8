// The end of personal data: the personal cells of campagnes before a given one
// are erased, and the database file is rewritten so that their bytes are gone
// from it (DuckDB leaves deleted values in freed blocks otherwise).
import type { DuckDBConnection } from "@duckdb/node-api";
import { renameSync, rmSync } from "node:fs";
import { PERSONAL_FIELDS } from "./schema.js";
import { sqlIdentifier, sqlString } from "./sql-text.js";

/** Rows purged: of a campagne before `before`, or of no readable campagne (a reject). */
const PURGED = (before: string) => `campagne < ${sqlString(before)} OR campagne IS NULL`;

export function countPurgedSql(before: string): string {
  const cells = [...PERSONAL_FIELDS.map((f) => f.name), "cellules_masquees"]
    .map((name) => `(${name} IS NOT NULL)::INTEGER`)
    .join(" + ");
  return `SELECT count(*)::INTEGER AS lignes, coalesce(sum(${cells}), 0)::INTEGER AS cellules,
  count(*) FILTER (WHERE campagne IS NULL)::INTEGER AS sans_campagne
FROM donnees_personnelles WHERE ${PURGED(before)}`;
}

export function deletePurgedSql(before: string): string {
  return `DELETE FROM donnees_personnelles WHERE ${PURGED(before)}`;
}

export interface PurgeCount {
  lignes: number;
  cellules: number;
  sans_campagne: number;
}

export async function purgePersonal(
  connection: DuckDBConnection,
  before: string,
): Promise<PurgeCount> {
  const count = (
    await connection.runAndReadAll(countPurgedSql(before))
  ).getRowObjectsJson()[0] as unknown as PurgeCount;
  await connection.run(deletePurgedSql(before));
  return count;
}

/**
 * Rewrites the database file through a copy: freed blocks (and the erased
 * values in them) do not follow. Call with the warehouse closed in between:
 * `copy` runs on an open connection, `swap` once it is closed.
 */
export async function copyDatabase(connection: DuckDBConnection, target: string): Promise<void> {
  rmSync(target, { force: true });
  const current = (
    await connection.runAndReadAll("SELECT current_database() AS d")
  ).getRows()[0]![0];
  await connection.run(`ATTACH ${sqlString(target)} AS copie`);
  await connection.run(`COPY FROM DATABASE ${sqlIdentifier(String(current))} TO copie`);
  await connection.run("DETACH copie");
}

export function swapDatabase(copy: string, db: string): void {
  rmSync(`${db}.wal`, { force: true });
  renameSync(copy, db);
}
