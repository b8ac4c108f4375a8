import { DuckDBInstance } from "@duckdb/node-api";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { run } from "../../loaders/cli/main.js";
import type { Effects } from "../../loaders/cli/commands.js";
import { action, collectif, cp1252, toCsv, type Row } from "./export.js";

export const TABLES = [
  "actions",
  "collectifs",
  "donnees_personnelles",
  "rejets",
  "rejet_problemes",
  "avertissements",
  "fichiers",
  "meta",
  "agrements",
];

export { removeTempDirs, tempDir } from "./temp.js";

/** Every table's rows, sorted, as JSON: two equal dumps are two equal databases. */
export async function dump(db: string): Promise<Record<string, unknown[]>> {
  const instance = await DuckDBInstance.create(db);
  const c = await instance.connect();
  const out: Record<string, unknown[]> = {};
  for (const t of TABLES)
    out[t] = (await c.runAndReadAll(`SELECT * FROM ${t} ORDER BY ALL`)).getRowObjectsJson();
  c.closeSync();
  instance.closeSync();
  return out;
}

/** A query's rows, the database opened read-only (the shared sites' is read by several tests at once). */
export async function query(db: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(db, { access_mode: "READ_ONLY" });
  const c = await instance.connect();
  const rows = (await c.runAndReadAll(sql)).getRowObjectsJson();
  c.closeSync();
  instance.closeSync();
  return rows as Record<string, unknown>[];
}

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in this process with captured output and a pinned clock. */
export async function cli(...argv: string[]): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const effects: Effects = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    now: () => new Date("2025-07-01T12:00:00Z"),
  };
  const status = await run(argv, effects);
  return { status, stdout, stderr };
}

/** Writes an export (Windows-1252, `;`) into dir and returns its two paths. */
export function writeExport(
  dir: string,
  actions: Row[],
  collectifs: Row[],
  name = "export",
): string[] {
  const a = path.join(dir, `${name}-actions.csv`);
  const c = path.join(dir, `${name}-collectifs.csv`);
  writeFileSync(a, cp1252(toCsv("Actions", actions)));
  writeFileSync(c, cp1252(toCsv("Collectifs", collectifs)));
  return [a, c];
}

/** A large export over two départements, for atomicity tests. */
export function largeExport(dir: string, actions: number, perAction: number): string[] {
  const as: Row[] = [];
  const cs: Row[] = [];
  for (let i = 0; i < actions; i++) {
    const dep = i % 2 === 0 ? { departement: "78" } : { departement: "44" };
    const commune = i % 2 === 0 ? "78440" : "44109";
    as.push(action({ ...dep, id_action: `L${i}` }));
    for (let j = 0; j < perAction; j++) {
      cs.push(
        collectif({ ...dep, id_action: `L${i}`, id_collectif: `C${j}`, code_insee: commune }),
      );
    }
  }
  return writeExport(dir, as, cs, "large");
}
