// Personal cells (coordinator, e-mail, phone) live in donnees_personnelles
// only: never in a reject, a warning, a message, or a copy left on disk.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { createWorkDir } from "../../loaders/ingest/workdir.js";
import { action, collectif, cp1252, toCsv, type Row } from "../helpers/export.js";
import { leaks, personalCells, tablesText } from "../helpers/personal.js";
import { runCli } from "../helpers/process.js";
import { cli, largeExport, query, tempDir } from "../helpers/warehouse.js";

const CONTACT = {
  coordinateur_nom: "Gwenaëlle Kerbrat-Quéré",
  contact_courriel: "g.kerbrat@centre-mureaux.example.org",
  contact_telephone: "06 47 18 92 53",
};

/** An export of one action row written as given (`line` edits the row's text). */
function writeRaw(dir: string, row: Row, line: (text: string) => string): string[] {
  const [header, body] = toCsv("Actions", [row]).split("\r\n");
  const a = path.join(dir, "actions.csv");
  const c = path.join(dir, "collectifs.csv");
  writeFileSync(a, cp1252(`${header}\r\n${line(body!)}\r\n`));
  writeFileSync(c, cp1252(toCsv("Collectifs", [collectif({ id_action: row.id_action! })])));
  return [a, c];
}

async function everywhereButPersonal(db: string, output: string): Promise<string[]> {
  return leaks({ ...(await tablesText(db)), output }, personalCells([CONTACT]));
}

describe("personal cells quoted in no message", () => {
  it("a porteur name holding an unquoted « ; » shifts its row: its phone is in no reject", async () => {
    const dir = tempDir();
    const row = action({ id_action: "A1", porteur_nom: "Centre social; Les Mureaux", ...CONTACT });
    const files = writeRaw(dir, row, (t) =>
      t.replace('"Centre social; Les Mureaux"', "Centre social; Les Mureaux"),
    );
    const db = path.join(dir, "clas.duckdb");
    const result = await cli("ingest", "--db", db, ...files);
    expect(result.status, result.stderr).toBe(0);
    const check = await cli("check", "--format", "json", ...files);
    // the row is rejected for its extra cell, and nothing lost: the cells are kept apart
    expect(result.stdout).toContain("cellules en trop");
    expect(await everywhereButPersonal(db, result.stdout + result.stderr + check.stdout)).toEqual(
      [],
    );
    const kept = JSON.stringify(await query(db, "SELECT * FROM donnees_personnelles"));
    for (const cell of Object.values(CONTACT)) expect(kept).toContain(cell);
  });

  it("a quote left open does not quote the whole line, which holds the personal cells", async () => {
    const dir = tempDir();
    const row = action({ id_action: "A1", porteur_nom: "Centre social", ...CONTACT });
    // the contact columns early in the line, as some exports place them
    const fields = Object.keys(row).filter((h) => !(h in CONTACT));
    const order = [...fields.slice(0, 5), ...Object.keys(CONTACT), ...fields.slice(5)];
    const csv = toCsv("Actions", [row], { fields: order }).replace(
      ";Centre social;",
      ';"Centre social;',
    );
    const a = path.join(dir, "actions.csv");
    writeFileSync(a, cp1252(csv));
    const c = path.join(dir, "collectifs.csv");
    writeFileSync(c, cp1252(toCsv("Collectifs", [collectif()])));
    const db = path.join(dir, "clas.duckdb");
    const result = await cli("ingest", "--db", db, a, c);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("(ligne entière)");
    expect(await everywhereButPersonal(db, result.stdout + result.stderr)).toEqual([]);
  });

  it("a row shifted by two cells masks two places after each personal column", async () => {
    const dir = tempDir();
    // personal columns in the middle: a shift moves them onto other columns
    const row = action({ id_action: "A1", porteur_nom: "Centre; social; Les Mureaux", ...CONTACT });
    const header = Object.keys(row);
    const order = [
      ...header.filter((h) => !(h in CONTACT)).slice(0, 10),
      ...Object.keys(CONTACT),
      ...header.filter((h) => !(h in CONTACT)).slice(10),
    ];
    const csv = toCsv("Actions", [row], { fields: order }).replace(
      '"Centre; social; Les Mureaux"',
      "Centre; social; Les Mureaux",
    );
    const a = path.join(dir, "actions.csv");
    writeFileSync(a, cp1252(csv));
    const c = path.join(dir, "collectifs.csv");
    writeFileSync(c, cp1252(toCsv("Collectifs", [collectif()])));
    const db = path.join(dir, "clas.duckdb");
    const result = await cli("ingest", "--db", db, a, c);
    expect(result.status, result.stderr).toBe(0);
    expect(await everywhereButPersonal(db, result.stdout + result.stderr)).toEqual([]);
  });
});

describe("the ingest's copies of an export", () => {
  it("are written beside the database, never in the system's temporary folder", async () => {
    const dir = tempDir();
    const tmp = path.join(dir, "tmp-systeme");
    mkdirSync(tmp);
    const db = path.join(dir, "base", "clas.duckdb");
    const files = largeExport(dir, 4000, 4);
    // caught in the act: killed once its copies are written
    const killed = await runCli(["ingest", "--db", db, ...files], {
      env: { TMPDIR: tmp },
      started: (child) => {
        child.stderr!.on("data", (d) => {
          if (String(d).includes("écriture")) child.kill("SIGKILL");
        });
      },
    });
    expect(killed.signal).toBe("SIGKILL");
    // (tsx, which runs the command here, keeps its compile cache there)
    expect(readdirSync(tmp).filter((f) => !f.startsWith("tsx-"))).toEqual([]);
    expect(readdirSync(`${db}.tmp`).filter((f) => f.startsWith("import-"))).toHaveLength(1);
    // and a run to its end leaves nothing anywhere
    const result = await runCli(["ingest", "--db", db, ...files], { env: { TMPDIR: tmp } });
    expect(result.status, result.stderr).toBe(0);
    expect(readdirSync(tmp).filter((f) => !f.startsWith("tsx-"))).toEqual([]);
    expect(readdirSync(path.dirname(db))).toEqual(["clas.duckdb"]);
  }, 60_000);

  it("a killed ingest's copies are removed by the next ingest, and by purge-personal, saying so", async () => {
    const dir = tempDir();
    const db = path.join(dir, "clas.duckdb");
    const files = largeExport(dir, 4000, 4);
    expect((await cli("ingest", "--db", db, ...files)).status).toBe(0);
    for (const command of [
      ["ingest", "--db", db, ...files],
      ["purge-personal", "--db", db, "--before", "2020-2021"],
    ]) {
      // an ingest killed once its copies are written
      const killed = await runCli(["ingest", "--db", db, ...files], {
        started: (child) => {
          child.stderr!.on("data", (d) => {
            if (String(d).includes("écriture")) child.kill("SIGKILL");
          });
        },
      });
      expect(killed.signal).toBe("SIGKILL");
      const left = readdirSync(`${db}.tmp`).filter((f) => f.startsWith("import-"));
      expect(left.length).toBeGreaterThan(0);
      const next = await runCli(command);
      expect(next.status, next.stderr).toBe(0);
      expect(next.stderr).toContain(
        "Fichiers temporaires laissés par un import interrompu supprimés",
      );
      expect(existsSync(`${db}.tmp`) ? readdirSync(`${db}.tmp`) : []).toEqual([]);
    }
  }, 120_000);

  // in this process, with the exit caught: deterministic, where a signal sent to a child at
  // some point of its ingest raced with its end under load (the database's side is the
  // transaction's, held by the kill -9 trials above)
  it("SIGINT and SIGTERM remove them and exit with 130 and 143", () => {
    for (const [signal, code] of [
      ["SIGINT", 130],
      ["SIGTERM", 143],
    ] as const) {
      const root = path.join(tempDir(), "clas.duckdb.tmp");
      const work = createWorkDir(root, "import");
      writeFileSync(path.join(work.path, "actions.csv"), "Zoé Confidentielle");
      const exit = vi.spyOn(process, "exit").mockImplementation((() => undefined) as never);
      try {
        process.emit(signal, signal);
        expect(exit).toHaveBeenCalledWith(code);
      } finally {
        exit.mockRestore();
      }
      expect(existsSync(work.path)).toBe(false);
    }
  });
});
