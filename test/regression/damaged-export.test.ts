// An export in which every row is damaged in one of the ways people's files
// are (test/helpers/damaged.ts: shifted rows, quotes left open, CR-only and
// LF files, a sep= line, personal columns in the middle, cut rows, a
// workbook): its personal cells are kept in donnees_personnelles (nothing
// lost), and found in no other table, no message, and no file of either build.
// The shared test sites (test/helpers/sites.ts) are built with it.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Row } from "../helpers/export.js";
import { filesText, leaks, personalCells, tablesText } from "../helpers/personal.js";
import { builtSites } from "../helpers/sites.js";
import { cli, query } from "../helpers/warehouse.js";

describe("an export whose every row is damaged", () => {
  it("keeps its personal cells in their table, and nowhere else", async () => {
    const sites = await builtSites();
    const { files, people, output } = JSON.parse(
      readFileSync(path.join(sites.dir, "abime", "resultat.json"), "utf8"),
    ) as { files: string[]; people: Row[]; output: string };
    const check = await cli("check", "--format", "json", ...files);
    const text = await cli("check", ...files);
    const secrets = [...personalCells(people), "perdu@asso-0.example.org"];
    expect(secrets.length).toBeGreaterThan(100);

    // nothing lost: every personal cell is kept in its table (or among a row's masked cells)
    const kept = JSON.stringify(await query(sites.db, "SELECT * FROM donnees_personnelles"));
    for (const p of people)
      for (const cell of personalCells([p]).filter((c) => /\D/.test(c)))
        expect(kept, p.id_action).toContain(cell);

    const places = {
      ...(await tablesText(sites.db)),
      "ingest (sortie)": output,
      "check --format json": check.stdout + check.stderr,
      check: text.stdout + text.stderr,
      ...Object.fromEntries(
        Object.entries(await filesText(sites.site)).map(([k, v]) => [`interne/${k}`, v]),
      ),
      ...Object.fromEntries(
        Object.entries(await filesText(sites.publicSite)).map(([k, v]) => [`public/${k}`, v]),
      ),
    };
    expect(leaks(places, secrets)).toEqual([]);
    // the test looks where the rows are: rejects and warnings were stored, the quality page built
    expect((await query(sites.db, "SELECT count(*)::INTEGER n FROM rejets"))[0]!.n).toBeGreaterThan(
      20,
    );
    expect(Object.keys(places).some((k) => k.includes("qualite"))).toBe(true);
  }, 900_000);
});
