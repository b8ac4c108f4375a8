// The bilan site, built from a small sample: offline, in French, accessible,
// showing the figures `clas indicators` prints.
import AxeBuilder from "axe-core";
import { mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import path from "node:path";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveSite } from "../loaders/site/serve.js";
import { formatIndicator } from "../src/lib/format.js";
import { META_BY_KEY } from "../src/lib/indicateurs.js";
import { launch, watchedPage, type Watched } from "./helpers/browser.js";
import { cli, tempDir } from "./helpers/warehouse.js";

type Row = Record<string, string | number | null>;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

let out: string;
let indicators: Row[];
let server: Server;
let base: string;
let browser: BrowserContext;

beforeAll(async () => {
  const dir = tempDir();
  const db = path.join(dir, "clas.duckdb");
  const sample = await cli(
    "sample",
    "--scale",
    "0.03",
    "--campagnes",
    "2",
    "--out",
    path.join(dir, "export"),
  );
  const exportFiles = sample.stdout.trim().split("\n").slice(1);
  expect((await cli("ingest", "--db", db, ...exportFiles)).status).toBe(0);
  indicators = JSON.parse((await cli("indicators", "--db", db, "--format", "json")).stdout);
  // a stale loader output left from an earlier build must not be served
  const stale = path.join("src/.observablehq/cache/data/indicateurs.json");
  mkdirSync(path.dirname(stale), { recursive: true });
  writeFileSync(stale, JSON.stringify({ perime: true }));
  const future = new Date(Date.now() + 3600_000);
  utimesSync(stale, future, future);
  out = path.join(dir, "site");
  const built = await cli("build", "--db", db, "--out", out);
  expect(built.status, built.stderr).toBe(0);
  server = await serveSite(out, 0);
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  browser = await launch();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
});

const last = () => indicators.at(-1)!.campagne as string;
const row = (departement: string, campagne = last()): Row =>
  indicators.find((r) => r.campagne === campagne && r.departement === departement) ?? {};
const shown = (key: string, value: unknown) =>
  formatIndicator(value as number | null, META_BY_KEY.get(key)!.kind);

describe("the built site", () => {
  it("has the overview, 101 département pages, the comparison and data-quality pages, all in French", () => {
    const html = files(out).filter((f) => f.endsWith(".html"));
    expect(html.filter((f) => f.includes(`${path.sep}departement${path.sep}`))).toHaveLength(101);
    for (const page of ["index.html", "comparer.html", "qualite.html"])
      expect(html).toContain(path.join(out, page));
    for (const f of html) expect(readFileSync(f, "utf8"), f).toContain('<html lang="fr">');
  });

  it("refers to no other host: no CDN, no external font, no extension download", () => {
    const external: string[] = [];
    for (const f of files(out)) {
      if (!/\.(html|js|css|json)$/.test(f)) continue;
      const text = readFileSync(f, "utf8");
      for (const m of text.matchAll(/(?:https?:)?\/\/[a-z0-9-]+(?:\.[a-z0-9-]+)+[^\s"'`)]*/gi)) {
        // identifiers, not requests: XML namespaces, and the example domain of invented e-mails
        if (/^(https?:)?\/\/(www\.w3\.org|example\.org)\//.test(m[0])) continue;
        external.push(`${path.relative(out, f)}: ${m[0]}`);
      }
    }
    expect(external).toEqual([]);
  });

  it("serves the database's figures, never a stale loader output", () => {
    const published = JSON.parse(
      readFileSync(
        files(out).find((f) => /indicateurs\.[a-f0-9]+\.json$/.test(f))!,
        "utf8",
      ),
    );
    expect(published.perime).toBeUndefined();
    expect(published.parDepartement).toEqual(indicators);
  });

  it("publishes no personal data", () => {
    for (const f of files(out)) {
      const text = readFileSync(f, "utf8");
      expect(text, f).not.toMatch(/@[a-z0-9-]+\.example\.org/);
      expect(text, f).not.toMatch(/0\d \d\d \d\d \d\d \d\d/);
    }
  });
});

async function open(url: string): Promise<Watched> {
  const w = await watchedPage(browser);
  await w.page.goto(base + url, { waitUntil: "networkidle" });
  await w.page.waitForFunction(() => !document.querySelector(".observablehq--loading"));
  return w;
}

async function accessibility(w: Watched): Promise<string[]> {
  await w.page.addScriptTag({ content: AxeBuilder.source });
  const result = await w.page.evaluate(() =>
    (window as unknown as { axe: typeof AxeBuilder }).axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] },
    }),
  );
  return result.violations.map((v) => `${v.id}: ${v.nodes.length} × ${v.help}`);
}

function onlyOwnHost(w: Watched): string[] {
  return w.requests.filter(
    (r) => !r.startsWith(base) && !r.startsWith("data:") && !r.startsWith("blob:"),
  );
}

describe("in the browser", () => {
  it("the overview shows France's key figures as clas indicators prints them", async () => {
    const w = await open("/");
    const fr = row("FR");
    for (const key of ["porteurs", "actions", "collectifs", "enfants", "familles", "montant_ps"]) {
      const text = await w.page.locator(`[data-indicateur="${key}"] .big`).textContent();
      expect(text, key).toBe(shown(key, fr[key]));
    }
    expect(await w.page.locator(".choropleth svg").count()).toBe(6 + 1); // metropole, 5 insets, legend
    expect(w.errors).toEqual([]);
    expect(onlyOwnHost(w)).toEqual([]);
    expect(await accessibility(w)).toEqual([]);
    await w.page.close();
  });

  it("a département page shows its figures, France's, and its actions", async () => {
    const w = await open("/departement/78");
    const dep = row("78");
    const fr = row("FR");
    const table = w.page.locator("table.clas-table").first();
    for (const key of ["actions", "enfants", "taux_conformite", "budget_total"]) {
      const cells = table
        .locator("tr", {
          has: w.page.locator("th", { hasText: new RegExp(`^${META_BY_KEY.get(key)!.label}$`) }),
        })
        .locator("td");
      expect(await cells.nth(0).textContent(), key).toBe(shown(key, dep[key]));
      expect(await cells.nth(3).textContent(), key).toBe(shown(key, fr[key]));
    }
    await expect(
      w.page.locator("caption", { hasText: `${dep.actions} actions, campagne ${last()}` }).count(),
    ).resolves.toBe(1);
    expect(w.errors).toEqual([]);
    expect(onlyOwnHost(w)).toEqual([]);
    expect(await accessibility(w)).toEqual([]);
    await w.page.close();
  });

  it("the comparison page shows the chosen départements side by side", async () => {
    const w = await open("/comparer");
    const table = w.page.locator("table.clas-table").first();
    const header = await table.locator("thead th").allTextContents();
    expect(header.slice(1)).toEqual(["01 Ain", "02 Aisne", "03 Allier"]);
    const enfants = table
      .locator("tr", { has: w.page.locator("th", { hasText: /^Enfants$/ }) })
      .locator("td");
    expect(await enfants.allTextContents()).toEqual(
      ["01", "02", "03"].map((c) => shown("enfants", row(c).enfants ?? null)),
    );
    await w.page.getByLabel("Départements comme le mien").check();
    await w.page.waitForTimeout(300);
    expect((await table.locator("thead th").allTextContents()).length).toBeGreaterThan(3);
    expect(w.errors).toEqual([]);
    expect(await accessibility(w)).toEqual([]);
    await w.page.close();
  });

  it("the data-quality page lists rejected rows and never personal cells", async () => {
    const w = await open("/qualite");
    const text = await w.page.locator("main").textContent();
    expect(text).toContain("Lignes rejetées par département et motif");
    expect(text).not.toMatch(/@[a-z0-9-]+\.example\.org/);
    expect(w.errors).toEqual([]);
    await w.page.close();
  });

  it("prints a département's bilan on A4", async () => {
    const w = await open("/departement/78");
    const pdf = await w.page.pdf({ format: "A4", printBackground: true });
    expect(pdf.subarray(0, 4).toString()).toBe("%PDF");
    await w.page.close();
  });
});
