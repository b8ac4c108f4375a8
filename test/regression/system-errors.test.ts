// What the system does to a command: a folder that does not exist, pipes,
// a full disk, a read-only folder, a damaged or immutable database, a reader
// that stops early, a mistyped option. One French line that says what to do,
// status 1 (2 for usage), and the database as it was.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { EXAMPLE_EXPORT } from "../../loaders/cli/commands.js";
import { readDepartements } from "../../loaders/geo/load.js";
import { action, collectif } from "../helpers/export.js";
import { CAN_BREAK_DISKS, mountTmpfs, remount, setImmutable, unmount } from "../helpers/mounts.js";
import { cliShell, runCli, runCommand } from "../helpers/process.js";
import { cli, dump, largeExport, tempDir, writeExport } from "../helpers/warehouse.js";

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

/** One line, in French: no stack trace, no English from Node or DuckDB. */
function oneFrenchLine(stderr: string): void {
  expect(stderr.trim().split("\n")).toHaveLength(1);
  expect(stderr).not.toMatch(
    /\bat .*\.(ts|js):\d+|Error:|No such|Permission denied|not a valid|IO Error/,
  );
}

describe("nothing written when refused", () => {
  it("a refused ingest into a --db path that does not exist creates no file and no folder", async () => {
    const dir = tempDir();
    const db = path.join(dir, "nouveau", "base", "clas.duckdb");
    const [actions] = writeExport(dir, [action()], [collectif()]);
    const result = await cli("ingest", "--db", db, actions!);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("table Collectifs absente");
    expect(existsSync(path.join(dir, "nouveau"))).toBe(false);
  });
});

describe("pipes", () => {
  it("a named pipe is read once, whoever writes it", async () => {
    const dir = tempDir();
    const [a, c] = writeExport(dir, [action()], [collectif()]);
    const fifo = path.join(dir, "actions.fifo");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const writer = runCommand("sh", ["-c", `cat "${a}" > "${fifo}"`]);
    const result = await runCli(["check", "--format", "json", fifo, c!]);
    await writer;
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).files[0]).toMatchObject({ file: fifo, rows: 1, accepted: 1 });
  });

  it("a process substitution <(…) is read once, not refused as empty", async () => {
    const dir = tempDir();
    const [a, c] = writeExport(dir, [action()], [collectif()]);
    const result = await runCommand("bash", [
      "-c",
      cliShell(`check --format json <(cat "${a}") <(cat "${c}")`),
    ]);
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { files: { rows: number; accepted: number }[] };
    expect(report.files.map((f) => [f.rows, f.accepted])).toEqual([
      [1, 1],
      [1, 1],
    ]);
  });

  it("a named pipe nobody writes is given up, never waited on forever", async () => {
    const dir = tempDir();
    const [, c] = writeExport(dir, [action()], [collectif()]);
    const fifo = path.join(dir, "personne.fifo");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const result = await runCli(["check", fifo, c!]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${fifo} : fichier vide`);
  }, 30_000);

  it("a device is refused with its reason", async () => {
    const dir = tempDir();
    const [a, c] = writeExport(dir, [action()], [collectif()]);
    const result = await cli("check", a!, c!, "/dev/zero");
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("/dev/zero : ni un fichier ni un tube");
  });
});

describe.runIf(CAN_BREAK_DISKS)("disks that fail (as root)", () => {
  it("a full disk: one French line, and the database as it was", async () => {
    const dir = tempDir();
    const disk = path.join(dir, "disque");
    expect(mountTmpfs(disk, "6m")).toBe(true);
    cleanups.push(() => unmount(disk));
    const db = path.join(disk, "clas.duckdb");
    expect((await cli("ingest", "--db", db, ...EXAMPLE_EXPORT)).status).toBe(0);
    const before = await dump(db);
    const result = await runCli(["ingest", "--db", db, ...largeExport(dir, 6000, 4)]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("espace disque insuffisant");
    oneFrenchLine(
      result.stderr
        .split("\n")
        .filter((l) => !l.startsWith("lecture"))
        .join("\n"),
    );
    expect(await dump(db)).toEqual(before);
  }, 60_000);

  it("a read-only folder: one French line, and the database as it was", async () => {
    const dir = tempDir();
    const disk = path.join(dir, "disque");
    expect(mountTmpfs(disk, "20m")).toBe(true);
    cleanups.push(() => unmount(disk));
    const db = path.join(disk, "clas.duckdb");
    expect((await cli("ingest", "--db", db, ...EXAMPLE_EXPORT)).status).toBe(0);
    const before = await dump(db);
    expect(remount(disk, true)).toBe(true);
    const result = await runCli(["ingest", "--db", db, ...EXAMPLE_EXPORT]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("écriture ou lecture refusée");
    oneFrenchLine(result.stderr);
    expect(remount(disk, false)).toBe(true);
    expect(await dump(db)).toEqual(before);
  }, 60_000);

  it("an immutable database file: one French line, and the file as it was", async () => {
    const dir = tempDir();
    const db = path.join(dir, "clas.duckdb");
    expect((await cli("ingest", "--db", db, ...EXAMPLE_EXPORT)).status).toBe(0);
    const before = await dump(db);
    expect(setImmutable(db, true)).toBe(true);
    cleanups.push(() => setImmutable(db, false));
    const result = await runCli(["ingest", "--db", db, ...EXAMPLE_EXPORT]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("écriture ou lecture refusée");
    oneFrenchLine(result.stderr);
    setImmutable(db, false);
    expect(await dump(db)).toEqual(before);
  });
});

describe("a damaged database, a reader that stops, a mistyped command", () => {
  it("a damaged database file: restore it or ingest again", async () => {
    const dir = tempDir();
    const db = path.join(dir, "clas.duckdb");
    writeFileSync(db, Buffer.alloc(64 * 1024, 0x5a));
    for (const args of [
      ["ingest", "--db", db, ...EXAMPLE_EXPORT],
      ["indicators", "--db", db, "--format", "json"],
    ]) {
      const result = await runCli(args);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain("base de données endommagée ou illisible");
      expect(result.stderr).toContain("la restaurer depuis une copie");
      oneFrenchLine(result.stderr);
    }
  });

  it("clas indicators | head: the reader stopping early is no error", async () => {
    const dir = tempDir();
    const db = path.join(dir, "clas.duckdb");
    const departements = await readDepartements();
    // one action per département: output much longer than a pipe's buffer
    const actions = departements.map((d, i) => action({ id_action: `A${i}`, departement: d.code }));
    const files = writeExport(dir, actions, [
      collectif({ id_action: "A0", departement: departements[0]!.code }),
    ]);
    expect((await cli("ingest", "--db", db, ...files)).status).toBe(0);
    const copy = path.join(dir, "copie.duckdb");
    copyFileSync(db, copy);
    const result = await runCommand("bash", [
      "-c",
      cliShell(
        `indicators --db "${copy}" --format json | head -c 10 > /dev/null; exit \${PIPESTATUS[0]}`,
      ),
    ]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("an unknown option, a missing value: in French, status 2", async () => {
    const unknown = await cli("ingest", "--inconnue", "x.csv");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr.split("\n")[0]).toBe("ingest : option inconnue : --inconnue");
    const missing = await cli("indicators", "--db");
    expect(missing.status).toBe(2);
    expect(missing.stderr.split("\n")[0]).toBe(
      "indicators : l'option --db attend une valeur (ex. --db VALEUR)",
    );
  });
});
