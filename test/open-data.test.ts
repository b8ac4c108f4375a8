// The public build's open data (#26): every file valid against its own schema
// with the Frictionless Data library, the indicators equal to `clas indicators`
// on every non-secret value and no secret recoverable by difference, the
// Parquet and the CSV the same rows, the places those of the map, the export
// format's schemas passing the example export and failing rejected rows; and
// the page /donnees, from the home page, at both widths.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import datapackage, { type CastError } from "datapackage";
import { describe, expect, it } from "vitest";
import { EXAMPLE_EXPORT } from "../loaders/cli/commands.js";
import { exportSchemaFiles } from "../loaders/publish/open-data.js";
import { decodeWindows1252 } from "../loaders/read/windows1252.js";
import { accessibility, openPage } from "./helpers/browser.js";
import { siteSession } from "./helpers/site-session.js";
import { files } from "./helpers/sites.js";
import { cli, tempDir } from "./helpers/warehouse.js";

const session = siteSession();
const donnees = () => path.join(session.sites.publicSite, "donnees");

type Row = Record<string, unknown>;

async function resource(name: string): Promise<Row[]> {
  const pkg = await datapackage.Package.load(path.join(donnees(), "datapackage.json"), {
    basePath: donnees(),
  });
  return pkg.getResource(name)!.read({ keyed: true, cast: true });
}

describe("the files of donnees/", () => {
  it("are a valid Data Package whose every file passes its own schema, as the descriptor says", async () => {
    const pkg = await datapackage.Package.load(path.join(donnees(), "datapackage.json"), {
      basePath: donnees(),
    });
    expect(pkg.errors.map(String)).toEqual([]);
    expect(pkg.valid).toBe(true);
    const descriptor = JSON.parse(readFileSync(path.join(donnees(), "datapackage.json"), "utf8"));
    expect(descriptor.licenses[0].name).toBe("etalab-2.0");
    expect(descriptor.sources[0].title).toBe("Caf — questionnaires d'activité des Clas");
    for (const r of pkg.resources) {
      expect(r.errors.map(String), r.name).toEqual([]);
      const meta = descriptor.resources.find((d: Row) => d.name === r.name);
      const bytes = readFileSync(path.join(donnees(), meta.path));
      expect(bytes.byteLength, r.name).toBe(meta.bytes);
      if (!r.tabular) continue;
      // every row type-checked against the schema's types and constraints
      const rows = await r.read({ keyed: true, cast: true }).catch((e: CastError) => {
        throw new Error(
          `${r.name} : ${e.message} ${(e.errors ?? [])
            .slice(0, 5)
            .map((x) => x.message)
            .join(" ; ")}`,
        );
      });
      expect(rows.length, r.name).toBe(meta.rows);
    }
    const geo = JSON.parse(readFileSync(path.join(donnees(), "lieux.geojson"), "utf8"));
    expect(geo.features.length).toBe(
      descriptor.resources.find((d: Row) => d.name === "lieux").rows,
    );
    for (const f of geo.features) expect(f.geometry.coordinates.every(Number.isFinite)).toBe(true);
  });

  it("the indicators are clas indicators' on every non-secret value, a secret an empty cell the row names", async () => {
    const rows = await resource("indicateurs");
    const header = readFileSync(path.join(donnees(), "indicateurs.csv"), "utf8").split("\r\n")[0]!;
    // internal indicators are not published
    for (const key of ["visites_alerte", "pratiques", "lignes_rejetees"])
      expect(header.split(",")).not.toContain(key);
    const computed = new Map(
      session.sites.indicators.map((r) => [`${r.campagne}|${r.departement}`, r]),
    );
    let secrets = 0;
    for (const row of rows) {
      const truth = computed.get(`${row.campagne}|${row.departement}`)!;
      expect(truth, `${row.campagne} ${row.departement}`).toBeDefined();
      const secret = String(row.valeurs_secretes ?? "")
        .split("|")
        .filter(Boolean);
      secrets += secret.length;
      for (const [key, value] of Object.entries(row)) {
        if (["campagne", "departement", "departement_nom", "valeurs_secretes"].includes(key))
          continue;
        if (!(key in truth)) continue; // the site's own rates (enfants_pour_10000)
        if (secret.includes(key)) expect(value, `${row.departement} ${key}`).toBeNull();
        else if (typeof truth[key] === "number")
          expect(value as number, `${row.departement} ${key}`).toBeCloseTo(truth[key] as number, 6);
        else expect(value, `${row.departement} ${key}`).toBeNull();
      }
    }
    // Lozère's 9 children (test/helpers/sites.ts): the comparison holds secret cells
    expect(secrets).toBeGreaterThan(0);
  });

  it("no secret value is recovered by difference: France minus its départements, or a value derived from a secret", async () => {
    const rows = await resource("indicateurs");
    const secretOf = (r: Row) =>
      String(r.valeurs_secretes ?? "")
        .split("|")
        .filter(Boolean);
    for (const campagne of new Set(rows.map((r) => String(r.campagne)))) {
      const deps = rows.filter((r) => r.campagne === campagne && r.departement !== "FR");
      const fr = rows.find((r) => r.campagne === campagne && r.departement === "FR")!;
      for (const key of new Set(deps.flatMap(secretOf))) {
        const hidden = deps.filter((r) => secretOf(r).includes(key)).length;
        // one hidden département and France published: France minus the others would give it
        expect(hidden > 1 || secretOf(fr).includes(key), `${campagne} ${key}`).toBe(true);
      }
    }
    // values computed from the children's count are hidden with it
    for (const r of rows.filter((r) => secretOf(r).includes("enfants")))
      for (const derived of ["heures_enfants", "cout_par_enfant", "enfants_par_collectif"])
        expect(secretOf(r), `${r.departement} ${derived}`).toContain(derived);
  });

  it("the Parquet file holds the CSV's rows", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const c = await instance.connect();
    try {
      const csv = path.join(donnees(), "indicateurs.csv");
      const parquet = path.join(donnees(), "indicateurs.parquet");
      const diff = await c.runAndReadAll(
        `SELECT count(*)::INT FROM ((SELECT * FROM read_parquet('${parquet}') EXCEPT ALL SELECT * FROM read_csv('${csv}', header = true, all_varchar = false)) UNION ALL (SELECT * FROM read_csv('${csv}', header = true) EXCEPT ALL SELECT * FROM read_parquet('${parquet}')))`,
      );
      expect(diff.getRows()[0]![0]).toBe(0);
      const n = await c.runAndReadAll(`SELECT count(*)::INT FROM read_parquet('${parquet}')`);
      expect(n.getRows()[0]![0]).toBeGreaterThan(100);
    } finally {
      c.closeSync();
    }
  });

  it("the places are the map's, never a family's home, with stable identifiers", async () => {
    const places = await resource("lieux");
    const map = files(session.sites.publicSite).find((f) => /lieux\.[a-f0-9]+\.json$/.test(f))!;
    const points = JSON.parse(readFileSync(map, "utf8"));
    expect(places.length).toBe(points.points.x.length);
    const communes = (list: string[]) => [...list].sort().join(" ");
    expect(communes(places.map((p) => String(p.code_insee)))).toBe(
      communes(points.points.c.map((i: number) => points.communes[i])),
    );
    expect(new Set(places.map((p) => p.id)).size).toBe(places.length);
    for (const f of files(donnees())) {
      const text = readFileSync(f, "latin1");
      for (const secret of [
        "Domicile Secret",
        "Confidentielle",
        "zoe@lozere.test",
        "04 66 00 00 01",
      ])
        expect(text.includes(secret), `${f} ${secret}`).toBe(false);
    }
  });
});

describe("the export format as Table Schemas", () => {
  it("are those of docs/schemas/, generated from export/fields.ts", () => {
    for (const [name, schema] of exportSchemaFiles()) {
      const published = JSON.parse(readFileSync(path.join(donnees(), "schemas", name), "utf8"));
      const documented = JSON.parse(
        readFileSync(path.join(import.meta.dirname, "../docs/schemas", name), "utf8"),
      );
      expect(published).toEqual(schema);
      expect(documented, `docs/schemas/${name} : npm run schemas`).toEqual(schema);
    }
  });

  it("pass the rows of the example export the ingest accepts as they are, and fail those it refuses for what a schema says", async () => {
    const dir = tempDir();
    const schemas = new Map(exportSchemaFiles());
    /** The schema's messages on a header and one row. */
    const check = async (text: string, schema: string) => {
      const name = `${Math.random().toString(36).slice(2)}.csv`;
      writeFileSync(path.join(dir, name), text);
      const r = await datapackage.Resource.load(
        { path: name, schema: schemas.get(schema), dialect: { delimiter: ";" }, encoding: "utf-8" },
        { basePath: dir },
      );
      return r.read({ keyed: true, cast: true }).then(
        () => [],
        (e: CastError) => (e.errors ?? [e]).map((x) => x.message),
      );
    };
    // what the ingest decides of the example (clas check): rows rejected, rows with a warning
    const report = JSON.parse((await cli("check", ...EXAMPLE_EXPORT, "--format", "json")).stdout);
    const flagged = new Set(
      [...report.rejects, ...report.warnings].map((r: Row) => `${r.table} ${r.row}`),
    );
    const failing: Record<string, string[]> = {};
    for (const [file, table, schema] of [
      [EXAMPLE_EXPORT[0]!, "Actions", "export-actions.json"],
      [EXAMPLE_EXPORT[1]!, "Collectifs", "export-collectifs.json"],
    ] as const) {
      const [header, ...lines] = decodeWindows1252(readFileSync(file)).trimEnd().split("\r\n");
      for (const [i, line] of lines.entries()) {
        const errors = await check(`${header}\r\n${line}\r\n`, schema);
        // every row the ingest takes as it is passes its schema
        if (!flagged.has(`${table} ${i + 2}`)) expect(errors, `${table} ${i + 2}`).toEqual([]);
        if (errors.length) failing[`${table} ${i + 2}`] = errors;
      }
    }
    // the one row refused (negative children) or warned (a four-digit postcode) for what a
    // schema can say; the others are refused for what it cannot (dates in order, duplicates,
    // an unknown action, girls above children, coordinates outside France)
    expect(Object.keys(failing)).toEqual(["Collectifs 13"]);
    expect(failing["Collectifs 13"]!.join(" ")).toMatch(/Enfants inscrits.*Code postal/);
  });
});

describe("the page Données ouvertes", () => {
  it("from the home page, at 1,280 and 390 pixels: each file with its size, rows, licence and schema; the dictionary; how to cite", async () => {
    const w = await openPage(session.browser, session.served.url("public", "/"));
    await w.page.getByRole("link", { name: "Données ouvertes" }).first().click();
    await w.page.waitForURL(/donnees/);
    await w.page.waitForFunction(() => !document.querySelector("observablehq-loading"));
    expect(await accessibility(w)).toEqual([]);
    await w.page.setViewportSize({ width: 390, height: 900 });
    const table = w.page.locator("table", { hasText: "Données ouvertes des Clas" });
    expect(await table.locator("tbody tr").count()).toBe(5);
    const text = await w.page.locator("main").innerText();
    expect(text).toContain("Licence Ouverte / Open Licence 2.0");
    expect(text).toMatch(/Source : Caf, bilans des Clas, campagne \d{4}-\d{4} — Licence Ouverte/);
    expect(text).toContain("valeurs_secretes");
    expect(await w.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    const href = await table.getByRole("link", { name: "lieux.csv" }).getAttribute("href");
    const response = await w.page.request.get(new URL(href!, w.page.url()).href);
    expect(response.status()).toBe(200);
    await w.page.close();
  });
});
