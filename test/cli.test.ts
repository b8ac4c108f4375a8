import path from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { bundleCli, isFresh } from "../loaders/cli/launch.mjs";
import { commands, EXAMPLE_EXPORT } from "../loaders/cli/commands.js";
import { buildDate, ensureSample, MAIN_SAMPLE } from "../loaders/cli/commands/site.js";
import { ingestProgress } from "../loaders/cli/commands/ingest.js";
import { terminalProgress, progressLine } from "../loaders/cli/progress.js";
import { PROJECT_ROOT } from "../loaders/configuration.js";
import { runCommand } from "./helpers/process.js";
import { action, collectif } from "./helpers/export.js";
import { cli, tempDir, writeExport } from "./helpers/warehouse.js";

describe("clas check", () => {
  it("--format json prints the spec's object, exactly", async () => {
    const dir = tempDir();
    const files = writeExport(
      dir,
      [action(), action({ id_action: "A2", familles: "-2", departement: "2b" })],
      [collectif({ filles: "12" }), collectif({ id_collectif: "" })],
    );
    const result = await cli("check", "--format", "json", ...files);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      files: [
        {
          file: files[0],
          table: "Actions",
          encoding: "windows-1252",
          delimiter: ";",
          rows: 2,
          accepted: 1,
          rejected: 1,
        },
        {
          file: files[1],
          table: "Collectifs",
          encoding: "windows-1252",
          delimiter: ";",
          rows: 2,
          accepted: 1,
          rejected: 1,
        },
      ],
      rejects: [
        {
          file: files[0],
          table: "Actions",
          row: 3,
          campagne: "2024-2025",
          departement: "2B",
          key: "A2",
          problems: [
            {
              column: "Familles",
              value: "-2",
              message: "valeur négative : un nombre positif ou nul est attendu",
            },
          ],
        },
        {
          file: files[1],
          table: "Collectifs",
          row: 3,
          campagne: "2024-2025",
          departement: "78",
          key: "A1/",
          problems: [
            { column: "N° collectif", value: "", message: "valeur obligatoire manquante" },
          ],
        },
      ],
      warnings: [
        {
          file: files[1],
          table: "Collectifs",
          row: 2,
          campagne: "2024-2025",
          departement: "78",
          key: "A1/C1",
          problems: [
            {
              column: "dont filles",
              value: "12",
              message: "« dont filles » (12) dépasse « Enfants inscrits » (10) ; valeur ignorée",
            },
          ],
        },
      ],
    });
    expect(Object.keys(JSON.parse(result.stdout).files[0])).toEqual([
      "file",
      "table",
      "encoding",
      "delimiter",
      "rows",
      "accepted",
      "rejected",
    ]);
  });

  it("prints readable French text by default and writes nothing", async () => {
    const result = await cli("check", ...EXAMPLE_EXPORT);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Lignes rejetées (5) :");
    expect(result.stdout).toContain(
      "ligne 8 (A-13-001) — Date de fin « 31/02/2025 » : date inexistante",
    );
  });

  it("exits non-zero with a reason when a file cannot be read", async () => {
    const dir = tempDir();
    const result = await cli("check", path.join(dir, "nope.csv"), EXAMPLE_EXPORT[1]!);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("nope.csv : fichier introuvable");
    expect(result.stdout).toBe("");
  });

  it("refuses a bad --format", async () => {
    expect((await cli("check", "--format", "xml", ...EXAMPLE_EXPORT)).status).toBe(2);
  });
});

describe("clas (usage)", () => {
  it("an unknown command prints the usage and fails", async () => {
    const result = await cli("frobnicate");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("commande inconnue : frobnicate");
  });

  it("every command explains itself: --help lists every option it takes, in French", async () => {
    for (const [name, command] of Object.entries(commands)) {
      for (const flag of ["--help", "-h"]) {
        const result = await cli(name, flag);
        expect(result.status, `${name} ${flag}`).toBe(0);
        expect(result.stdout).toMatch(new RegExp(`^Usage : clas ${name} `));
        expect(result.stderr).toBe("");
        for (const option of Object.keys(command.options))
          expect(result.stdout, `${name} --${option}`).toMatch(
            new RegExp(`^  --${option}( |$)`, "m"),
          );
      }
      // and the usage line names every option, and only those
      const usageLine = (await cli(name, "--help")).stdout.split("\n")[0]!;
      expect([...usageLine.matchAll(/--([a-z-]+)/g)].map((m) => m[1]).sort(), name).toEqual(
        Object.keys(command.options).sort(),
      );
    }
    // the options formerly hidden
    const build = (await cli("build", "--help")).stdout;
    expect(build).toMatch(/--audience interne\|public/);
    expect(build).toMatch(/--departement CODE/);
    expect((await cli("ingest", "--help")).stdout).toMatch(/--geocode ban/);
    const all = await cli("--help");
    expect(all.status).toBe(0);
    for (const name of Object.keys(commands))
      expect(all.stdout).toMatch(new RegExp(`^  ${name} `, "m"));
    // a value outside an option's choices is refused before the command runs, in French
    const outside = await cli("build", "--audience", "tous");
    expect(outside.status).toBe(2);
    expect(outside.stderr).toMatch(
      /^build : --audience « tous » inattendu : attendu interne ou public\n\nUsage : clas build /,
    );
    // a wrong option shows the command's own help
    const wrong = await cli("build", "--nope");
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/^build : option inconnue : --nope\n\nUsage : clas build /);
  });

  it("runs as `npx clas`: the package's bin", async () => {
    const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8"));
    expect(pkg.bin).toEqual({ clas: "bin/clas.js" });
    const result = await runCommand(process.execPath, [
      "bin/clas.js",
      "check",
      "--format",
      "json",
      ...EXAMPLE_EXPORT,
    ]);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).files).toHaveLength(2);
  });

  it("starts from a bundle of the sources, made again when one of them is newer", async () => {
    const dir = tempDir();
    // the bundle's sources, as esbuild read them (the bundle itself is the one `npx clas` runs,
    // above); written beside the launcher's, removed after
    const bundle = path.join(
      PROJECT_ROOT,
      "node_modules",
      ".cache",
      "clas-cli",
      `essai-${process.pid}.mjs`,
    );
    onTestFinished(() => rmSync(bundle, { force: true }));
    const sources = await bundleCli(bundle);
    expect(sources).toContain(path.join(PROJECT_ROOT, "loaders", "cli", "main.ts"));
    expect(sources).toContain(path.join(PROJECT_ROOT, "loaders", "ingest", "ingest.ts"));
    expect(sources).toContain(path.join(PROJECT_ROOT, "src", "lib", "format.ts"));
    // fresh while every source is older than it; stale once one is newer, or gone
    const list = path.join(dir, "sources.json");
    const source = path.join(dir, "source.ts");
    writeFileSync(source, "");
    writeFileSync(list, JSON.stringify([source]));
    const past = new Date(Date.now() - 60_000);
    utimesSync(source, past, past);
    expect(isFresh(bundle, list)).toBe(true);
    utimesSync(source, new Date(Date.now() + 60_000), new Date(Date.now() + 60_000));
    expect(isFresh(bundle, list)).toBe(false);
    writeFileSync(list, JSON.stringify([path.join(dir, "absent.ts")]));
    expect(isFresh(bundle, list)).toBe(false);
    // no list of sources, or no bundle: made again
    expect(isFresh(bundle, path.join(dir, "absente.json"))).toBe(false);
    expect(isFresh(path.join(dir, "absent.mjs"), list)).toBe(false);
  });

  it("ingest without files fails with a reason", async () => {
    const result = await cli("ingest", "--db", path.join(tempDir(), "x.duckdb"));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("aucun fichier");
  });
});

describe("mapping file", () => {
  it("a user's mapping adds header and value aliases without touching code", async () => {
    const dir = tempDir();
    const files = writeExport(
      dir,
      [action({ type_structure: "Espace de vie sociale" })],
      [collectif()],
    );
    const mapping = path.join(dir, "mapping.json");
    const { writeFileSync, readFileSync } = await import("node:fs");
    writeFileSync(
      mapping,
      JSON.stringify({
        headers: { porteur_nom: ["Raison sociale"] },
        values: { type_structure: { EVS: "Autre", "Espace de vie sociale": "Autre" } },
      }),
    );
    writeFileSync(
      files[0]!,
      readFileSync(files[0]!, "latin1").replace("Porteur;", "Raison sociale;"),
      "latin1",
    );
    const without = JSON.parse((await cli("check", "--format", "json", ...files)).stdout || "null");
    expect(without).toBeNull(); // « Porteur » is missing: the file is refused
    const result = await cli("check", "--format", "json", "--mapping", mapping, ...files);
    expect(JSON.parse(result.stdout).rejects).toEqual([]);
  });

  it("a malformed mapping file is a clear error", async () => {
    const dir = tempDir();
    const mapping = path.join(dir, "mapping.json");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(mapping, JSON.stringify({ headers: { porteur: ["x"] } }));
    const result = await cli("check", "--mapping", mapping, ...EXAMPLE_EXPORT);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`${mapping} : headers : champ inconnu « porteur »\n`);
  });
});

describe("reference geodata", () => {
  it("a missing geodata folder is a clear error naming the file and CLAS_GEO_DIR", async () => {
    const saved = process.env.CLAS_GEO_DIR;
    process.env.CLAS_GEO_DIR = path.join(tempDir(), "absent");
    try {
      const result = await cli("check", ...EXAMPLE_EXPORT);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(
        /^données géographiques de référence introuvables : .*absent\/communes-cog2026-centroides-densite\.csv \(définir CLAS_GEO_DIR/,
      );
    } finally {
      if (saved === undefined) delete process.env.CLAS_GEO_DIR;
      else process.env.CLAS_GEO_DIR = saved;
    }
  });
});

describe("clas main", () => {
  it("ingests the user's exports when there are some", async () => {
    const dir = tempDir();
    const exportsDir = path.join(dir, "exports");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(exportsDir);
    writeExport(exportsDir, [action()], [collectif()]);
    const result = await cli(
      "main",
      "--no-site",
      "--db",
      path.join(dir, "clas.duckdb"),
      "--exports",
      exportsDir,
      "--sample",
      path.join(dir, "sample"),
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Import des exports de ${exportsDir}/`);
    expect(result.stdout).toContain("1 ligne lue, 1 acceptée");
  });

  it("else writes the national sample (three campagnes) once and ingests it", async () => {
    const dir = tempDir();
    const args = [
      "--no-site",
      "--db",
      path.join(dir, "clas.duckdb"),
      "--exports",
      path.join(dir, "none"),
      "--sample",
      path.join(dir, "sample"),
    ];
    const first = await cli("main", ...args);
    expect(first.status).toBe(0);
    expect(first.stderr).toContain("génération de l'échantillon national");
    expect(first.stdout).toContain("campagnes 2022-2023, 2023-2024, 2024-2025, 101 départements");
    // the next main job finds the same sample there: read as it is, not written again
    const sample = path.join(dir, "sample");
    const written = readdirSync(sample).filter((f) => f.endsWith(".csv"));
    const before = written.map((f) => statSync(path.join(sample, f)).mtimeMs);
    let said = "";
    const effects = {
      stdout: () => {},
      stderr: (t: string) => void (said += t),
      now: () => new Date(),
    };
    const again = await ensureSample(sample, MAIN_SAMPLE, effects);
    expect(again.map((f) => path.basename(f))).toEqual([...written].sort());
    expect(said).not.toContain("génération");
    expect(written.map((f) => statSync(path.join(sample, f)).mtimeMs)).toEqual(before);
  }, 120_000);
});

describe("the build's date", () => {
  it("is SOURCE_DATE_EPOCH's day when set (reproducible builds), else today; a wrong one is said", () => {
    const effects = { stdout: () => {}, stderr: () => {}, now: () => new Date("2026-12-07") };
    expect(buildDate(effects, { SOURCE_DATE_EPOCH: "1751328000" }).toISOString()).toBe(
      "2025-07-01T00:00:00.000Z",
    );
    expect(buildDate(effects, {}).toISOString()).toBe("2026-12-07T00:00:00.000Z");
    expect(() => buildDate(effects, { SOURCE_DATE_EPOCH: "demain" })).toThrow(
      "SOURCE_DATE_EPOCH vaut « demain » : un nombre entier de secondes depuis le 1er janvier 1970 est attendu",
    );
  });
});

describe("the progress bar", () => {
  it("adds up the bytes read of files read side by side (the largest on a thread)", () => {
    const dir = tempDir();
    const a = path.join(dir, "a.csv");
    const b = path.join(dir, "b.csv");
    writeFileSync(a, "x".repeat(1_000));
    writeFileSync(b, "x".repeat(3_000));
    const seen: number[] = [];
    const progress = ingestProgress({ stage() {}, advance: (n) => seen.push(n), end() {} }, [a, b]);
    const readA = progress.onFile(a);
    const readB = progress.onFile(b);
    readB(2_000);
    readA(500);
    readB(3_000);
    readA(1_000);
    expect(seen).toEqual([2_000, 2_500, 3_500, 4_000]);
  });

  const terminal = (isTTY: boolean) => {
    const written: string[] = [];
    return { isTTY, columns: 100, write: (t: string) => written.push(t), written };
  };

  it("is drawn on a terminal only, after two seconds, and cleared at the end", () => {
    let now = 0;
    const tty = terminal(true);
    const progress = terminalProgress(tty, () => now);
    progress.stage("lecture des fichiers", 4_000_000, "octets");
    progress.advance(1_000_000);
    expect(tty.written).toEqual([]); // a quick run stays quiet
    now = 2_500;
    progress.advance(2_000_000);
    expect(tty.written).toHaveLength(1);
    expect(tty.written[0]).toBe(
      `\r\x1b[K[${"█".repeat(12)}${"░".repeat(12)}] 50 % lecture des fichiers · 2\u00a0Mo sur 4\u00a0Mo · 2 s`,
    );
    now = 2_550;
    progress.advance(2_100_000); // at most ten redraws a second
    expect(tty.written).toHaveLength(1);
    progress.stage("validation des lignes");
    expect(tty.written.at(-1)).toBe("\r\x1b[Kvalidation des lignes… 2 s");
    progress.end();
    expect(tty.written.at(-1)).toBe("\r\x1b[K");

    const pipe = terminal(false);
    const quiet = terminalProgress(pipe, () => (now += 5_000));
    quiet.stage("lecture des fichiers", 10, "fichiers");
    quiet.advance(5);
    quiet.end();
    expect(pipe.written).toEqual([]);
  });

  it("says rows and counts in French", () => {
    expect(progressLine("échantillon national", 13_000, 26_000, "lignes", 3.7)).toBe(
      "[████████████░░░░░░░░░░░░] 50 % échantillon national · 13\u202f000 lignes sur 26\u202f000 lignes · 3 s",
    );
    expect(progressLine("bilans en PDF", 0, undefined, "bilans", 0)).toBe("bilans en PDF… 0 s");
  });
});
