import { spawn } from "node:child_process";
import { copyFileSync } from "node:fs";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { EXAMPLE_EXPORT } from "../loaders/cli/commands.js";
import { action, collectif } from "./helpers/export.js";
import { CLI_ENTRY } from "./helpers/process.js";
import { cli, dump, largeExport, query, tempDir, writeExport } from "./helpers/warehouse.js";

describe("ingest", () => {
  it("stores accepted rows typed, rejects with every problem, warnings, and files", async () => {
    const db = path.join(tempDir(), "clas.duckdb");
    const result = await cli("ingest", "--db", db, ...EXAMPLE_EXPORT);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("8 lignes lues, 6 acceptées, 2 rejetées");
    expect(result.stdout).toContain("12 lignes lues, 9 acceptées, 3 rejetées, 4 avertissements");
    const counts = await query(
      db,
      `SELECT (SELECT count(*) FROM actions)::INT a, (SELECT count(*) FROM collectifs)::INT c,
              (SELECT count(*) FROM rejets)::INT r, (SELECT count(*) FROM avertissements)::INT w`,
    );
    expect(counts).toEqual([{ a: 6, c: 9, r: 5, w: 4 }]);
    const money = await query(
      db,
      "SELECT budget_total::VARCHAR b, typeof(budget_total) t FROM actions WHERE id_action = 'A-78-001'",
    );
    expect(money).toEqual([{ b: "24500.00", t: "DECIMAL(18,2)" }]);
    const problem = await query(
      db,
      "SELECT r.fichier, r.ligne, r.cle, p.colonne, p.valeur, p.message FROM rejets r JOIN rejet_problemes p USING (rejet_id) WHERE r.cle = 'A-13-001'",
    );
    expect(problem).toEqual([
      {
        fichier: EXAMPLE_EXPORT[0],
        ligne: 8,
        cle: "A-13-001",
        colonne: "Date de fin",
        valeur: "31/02/2025",
        message: "date inexistante",
      },
    ]);
  });

  it("keeps personal data apart, rejected rows included, and nowhere else", async () => {
    const db = path.join(tempDir(), "clas.duckdb");
    await cli("ingest", "--db", db, ...EXAMPLE_EXPORT);
    const personal = await query(
      db,
      "SELECT id_action, rejet_id IS NOT NULL rejete, coordinateur_nom FROM donnees_personnelles ORDER BY ALL",
    );
    expect(personal).toContainEqual({
      id_action: "A-78-001",
      rejete: false,
      coordinateur_nom: "Marie Dupont",
    });
    expect(personal).toContainEqual({
      id_action: "A-13-001",
      rejete: true,
      coordinateur_nom: "Luc Petit",
    });
    const all = JSON.stringify(await dump(db).then(({ donnees_personnelles: _, ...rest }) => rest));
    for (const value of [
      "Marie Dupont",
      "m.dupont@example.org",
      "01 23 45 67 89",
      "Luc Petit",
      "l.petit@example.org",
    ]) {
      expect(all).not.toContain(value);
    }
  });

  it("ingesting the same files twice gives the same database", async () => {
    const db = path.join(tempDir(), "clas.duckdb");
    await cli("ingest", "--db", db, ...EXAMPLE_EXPORT);
    const first = await dump(db);
    await cli("ingest", "--db", db, ...EXAMPLE_EXPORT);
    expect(await dump(db)).toEqual(first);
  });

  it("rejects that belong to no slice are replaced with the file that read them", async () => {
    const dir = tempDir();
    const db = path.join(dir, "clas.duckdb");
    const files = writeExport(
      dir,
      [
        action(),
        action({ id_action: "A2", departement: "99" }),
        action({ id_action: "A3", campagne: "2024" }),
      ],
      [collectif()],
    );
    await cli("ingest", "--db", db, ...files);
    const first = await dump(db);
    expect(first.rejets).toHaveLength(2);
    await cli("ingest", "--db", db, ...files);
    expect(await dump(db)).toEqual(first);
  });

  it("replaces exactly the slices present in the files", async () => {
    const dir = tempDir();
    const db = path.join(dir, "clas.duckdb");
    const first = writeExport(
      dir,
      [action(), action({ departement: "44", id_action: "B1" })],
      [collectif(), collectif({ departement: "44", id_action: "B1", code_insee: "44109" })],
      "v1",
    );
    await cli("ingest", "--db", db, ...first);
    const second = writeExport(
      dir,
      [action({ id_action: "A2" })],
      [collectif({ id_action: "A2" })],
      "v2",
    );
    await cli("ingest", "--db", db, ...second);
    const rows = await query(db, "SELECT departement, id_action FROM actions ORDER BY ALL");
    expect(rows).toEqual([
      { departement: "44", id_action: "B1" },
      { departement: "78", id_action: "A2" },
    ]);
  });

  it("writes a new database in DuckDB 1.3's storage format; one written before keeps its own and takes new rows", async () => {
    const dir = tempDir();
    const format = async (db: string) =>
      (await query(db, "SELECT tags FROM duckdb_databases() WHERE NOT internal"))[0]!.tags;
    const db = path.join(dir, "clas.duckdb");
    expect((await cli("ingest", "--db", db, ...EXAMPLE_EXPORT)).status).toBe(0);
    expect(await format(db)).toEqual([{ key: "storage_version", value: "v1.3.0+" }]);
    // a warehouse DuckDB wrote in its default format (1.0), as every version before did
    const earlier = path.join(dir, "avant.duckdb");
    (await DuckDBInstance.create(earlier)).closeSync();
    expect((await cli("ingest", "--db", earlier, ...EXAMPLE_EXPORT)).status).toBe(0);
    expect(await format(earlier)).toEqual([{ key: "storage_version", value: "v1.0.0+" }]);
    expect(await dump(earlier)).toEqual(await dump(db));
    // the purge rewrites the file: in the new format
    expect((await cli("purge-personal", "--db", earlier, "--before", "2020-2021")).status).toBe(0);
    expect(await format(earlier)).toEqual([{ key: "storage_version", value: "v1.3.0+" }]);
  });

  it("a refused export leaves the database untouched, with a non-zero status and every reason", async () => {
    const dir = tempDir();
    const db = path.join(dir, "clas.duckdb");
    await cli("ingest", "--db", db, ...EXAMPLE_EXPORT);
    const before = await dump(db);
    const bad = writeExport(dir, [action({ id_action: "NEW" })], [collectif()]);
    const result = await cli("ingest", "--db", db, bad[0]!, path.join(dir, "absent.csv"));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("export refusé, rien n'a été importé");
    expect(result.stderr).toContain("absent.csv : fichier introuvable");
    expect(await dump(db)).toEqual(before);
  });

  it("a second ingest while the database is held open is refused with a clear message", async () => {
    const dir = tempDir();
    const db = path.join(dir, "clas.duckdb");
    await cli("ingest", "--db", db, ...EXAMPLE_EXPORT);
    const child = spawn(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `
      const { DuckDBInstance } = await import("@duckdb/node-api");
      const i = await DuckDBInstance.create(${JSON.stringify(db)});
      await i.connect();
      console.log("held");
      setTimeout(() => {}, 20000);
    `,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    await new Promise<void>((resolve) => child.stdout.on("data", () => resolve()));
    try {
      const result = await cli("ingest", "--db", db, ...EXAMPLE_EXPORT);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain("déjà ouverte par un autre processus");
    } finally {
      child.kill("SIGKILL");
    }
  });
});

function ingestProcess(db: string, files: string[]) {
  const child = spawn(process.execPath, [CLI_ENTRY, "ingest", "--db", db, ...files], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  const writing = new Promise<number>((resolve) =>
    child.stderr.on("data", (d) => String(d).includes("écriture") && resolve(performance.now())),
  );
  const exited = new Promise<number>((resolve) =>
    child.on("close", () => resolve(performance.now())),
  );
  return { child, writing, exited };
}

describe("atomicity", () => {
  it("kill -9 during an ingest leaves the database as it was before (or, once committed, after)", async () => {
    const dir = tempDir();
    const original = path.join(dir, "before.duckdb");
    await cli("ingest", "--db", original, ...EXAMPLE_EXPORT);
    const before = await dump(original);
    const files = largeExport(dir, 4_000, 3);
    // one uninterrupted run measures how long the writing lasts, and gives the state after
    const full = path.join(dir, "after.duckdb");
    copyFileSync(original, full);
    const run = ingestProcess(full, files);
    const writingTime = (await run.exited) - (await run.writing);
    const withoutTime = (d: Record<string, unknown[]>): Record<string, unknown[]> => ({
      ...d,
      fichiers: (d.fichiers as Record<string, unknown>[]).map(({ importe_le: _, ...f }) => f),
    });
    const after = withoutTime(await dump(full));
    // the large export replaces the slices 78 and 44 and leaves the others
    const kept = (before.actions as { departement: string }[]).filter(
      (a) => !["78", "44"].includes(a.departement),
    );
    expect(after.actions).toHaveLength(4_000 + kept.length);
    let killedBefore = 0;
    // trials from the moment the writing starts (a kill then lands before the commit, however
    // loaded the machine) to a little past the end (the commit made)
    const fractions = [0, 0.15, 0.5, 1.1];
    for (const fraction of fractions) {
      const db = path.join(dir, `trial-${fraction}.duckdb`);
      copyFileSync(original, db);
      const trial = ingestProcess(db, files);
      await trial.writing;
      await new Promise((r) => setTimeout(r, fraction * writingTime));
      trial.child.kill("SIGKILL");
      await trial.exited;
      const state = withoutTime(await dump(db));
      if (JSON.stringify(state) === JSON.stringify(withoutTime(before))) killedBefore++;
      else expect(state).toEqual(after);
    }
    // the kills that landed mid-write left the database exactly as before
    expect(killedBefore).toBeGreaterThan(0);
  }, 300_000);
});
