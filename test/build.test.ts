// A build works in a folder of its own and writes only its output: it leaves
// `src/` as it was (no file added, ignored or not), two builds started at once
// into two folders give what the same builds give one after the other, and a
// build refused or failed leaves the previous site as it was.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../loaders/configuration.js";
import { builtSites, buildOne, files, SITE_FOLDERS, type BuiltSites } from "./helpers/sites.js";
import { cli, tempDir } from "./helpers/warehouse.js";

let sites: BuiltSites;

/** Every file under src/, ignored ones included. */
function sourceFiles(): string[] {
  return execFileSync("git", ["ls-files", "--others", "--cached", "src"], { cwd: PROJECT_ROOT })
    .toString()
    .split("\n")
    .filter(Boolean)
    .sort();
}

/** A built site's files and their bytes, by path inside it. */
function contents(dir: string): Map<string, string> {
  return new Map(
    files(dir)
      .map((f) => [path.relative(dir, f), readFileSync(f).toString("base64")] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

beforeAll(async () => {
  sites = await builtSites();
}, 900_000);

describe("a build", () => {
  it("built at once with another, gives what it gives alone; src/ is left as it was; keeps what it did not write", async () => {
    const before = sourceFiles();
    // the shared sites were built at once, the internal and the public build side by side
    // (test/helpers/sites.ts): the internal one, built again alone, is the same byte for byte
    const alone = path.join(tempDir(), "interne");
    // built over a previous site beside which someone put files: they are kept, and said
    cpSync(sites.publicSite, alone, { recursive: true });
    mkdirSync(path.join(alone, "serveur"));
    writeFileSync(path.join(alone, "robots.txt"), "User-agent: *\n");
    writeFileSync(path.join(alone, "serveur", "nginx.conf"), "gzip on;\n");
    const built = await buildOne(sites.dir, "interne", alone);
    expect(built.status, built.stderr).toBe(0);
    expect(built.stdout).toContain(
      "gardés (la construction ne les a pas écrits) : robots.txt, serveur/nginx.conf",
    );
    expect(readFileSync(path.join(alone, "robots.txt"), "utf8")).toBe("User-agent: *\n");
    expect(readFileSync(path.join(alone, "serveur", "nginx.conf"), "utf8")).toBe("gzip on;\n");
    const atOnce = contents(path.join(sites.dir, SITE_FOLDERS.interne));
    const oneByOne = contents(alone);
    oneByOne.delete("robots.txt");
    oneByOne.delete(path.join("serveur", "nginx.conf"));
    expect([...oneByOne.keys()]).toEqual([...atOnce.keys()]);
    for (const [file, bytes] of oneByOne) expect(bytes, file).toBe(atOnce.get(file));
    expect(sourceFiles()).toEqual(before);
  }, 240_000);

  it("refused, leaves the previous site as it was; into a file, says so in French", async () => {
    // a copy of a built site, as the previous one
    const out = path.join(tempDir(), "site");
    cpSync(sites.publicSite, out, { recursive: true });
    const db = path.join(tempDir(), "absente.duckdb");
    const previous = contents(out);
    const refused = await cli("build", "--db", db, "--out", out);
    expect(refused.status).not.toBe(0);
    expect(contents(out)).toEqual(previous);
    const file = path.join(tempDir(), "un-fichier");
    writeFileSync(file, "");
    const intoFile = await cli("build", "--db", sites.db, "--out", file);
    expect(intoFile.status).not.toBe(0);
    expect(intoFile.stderr).toContain("est un fichier, pas un dossier");
    expect(intoFile.stderr).not.toMatch(/ENOTDIR|interne inattendue/);
    expect(readFileSync(file, "utf8")).toBe("");
  }, 120_000);
});
