// The bilan site, built from a small sample: offline, in French, accessible,
// showing the figures `clas indicators` prints.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatChart, formatIndicator } from "../src/lib/format.js";
import { META_BY_KEY } from "../src/lib/indicateurs.js";
import { accessibility, launch, openPage, watchedPage, type Watched } from "./helpers/browser.js";
import { CONTROLLED, PUBLIC_COLUMNS } from "../loaders/publish/audience.js";
import { EXAMPLE_EXPORT } from "../loaders/cli/commands.js";
import { cli, query, tempDir } from "./helpers/warehouse.js";
import {
  builtSites,
  files,
  HOSTILE_LIEU,
  HOSTILE_PORTEUR,
  HOSTILE_VALUE,
  publishedPlaces,
  limitedSite,
  serveSites,
} from "./helpers/sites.js";

type Row = Record<string, string | number | null>;

let out: string;
let publicOut: string;
let db: string;
let indicators: Row[];
let served: Awaited<ReturnType<typeof serveSites>>;
let browser: BrowserContext;

beforeAll(async () => {
  const sites = await builtSites();
  ({ db, indicators } = sites);
  out = sites.site;
  publicOut = sites.publicSite;
  served = await serveSites(sites);
  browser = await launch();
}, 900_000);

afterAll(async () => {
  await browser?.close();
  served?.close();
});

const last = () => indicators.at(-1)!.campagne as string;
const row = (departement: string, campagne = last()): Row =>
  indicators.find((r) => r.campagne === campagne && r.departement === departement) ?? {};
const shown = (key: string, value: unknown) =>
  formatIndicator(value as number | null, META_BY_KEY.get(key)!.kind);

/** Files chosen again on the check page: its status emptied, then the new check's read. */
async function checkAgain(w: Watched, files: string[]): Promise<void> {
  await w.page.evaluate(() => {
    document.querySelector("#verification-etat")!.textContent = "";
  });
  await w.page.getByLabel("Fichiers de l'export").setInputFiles(files);
  await w.page.waitForFunction(
    () => document.querySelector("#verification-etat")?.textContent?.includes("lignes lues"),
    null,
    { timeout: 60_000 },
  );
}

describe("the built site", () => {
  it("has the overview, 101 département pages, the comparison and data-quality pages, all in French", () => {
    const html = files(out).filter((f) => f.endsWith(".html"));
    expect(html.filter((f) => f.includes(`${path.sep}departement${path.sep}`))).toHaveLength(101);
    for (const page of ["index.html", "comparer.html", "qualite.html"])
      expect(html).toContain(path.join(out, page));
    for (const f of html) expect(readFileSync(f, "utf8"), f).toContain('<html lang="fr">');
  });

  it("refers to no other host: no CDN, no external font, no extension download", () => {
    // what would make a browser request another host: src attributes, <link href> and CSS url()
    // in pages and stylesheets, module imports and fetches in scripts (library strings
    // such as licence links or error-message URLs are not requests)
    const REQUESTS = [
      /\bsrc\s*=\s*["']((?:https?:)?\/\/[^"']+)/gi,
      /<link\b[^>]*\bhref\s*=\s*["']((?:https?:)?\/\/[^"']+)/gi,
      /url\(\s*["']?((?:https?:)?\/\/[^"')]+)/gi,
      /(?:\bfrom|\bimport\s*\(?)\s*["'`]((?:https?:)?\/\/[^"'`]+)/gi,
      /fetch\(\s*["'`]((?:https?:)?\/\/[^"'`]+)/gi,
    ];
    const external: string[] = [];
    for (const site of [out, publicOut]) {
      for (const f of files(site)) {
        if (!/\.(html|js|mjs|css)$/.test(f)) continue;
        const text = readFileSync(f, "utf8");
        for (const re of REQUESTS) {
          for (const m of text.matchAll(re)) {
            if (/^(https?:)?\/\/www\.w3\.org\//.test(m[1]!)) continue;
            external.push(`${path.relative(site, f)}: ${m[1]}`);
          }
        }
      }
    }
    expect(external).toEqual([]);
  });

  it("serves the database's figures", () => {
    const published = JSON.parse(
      readFileSync(
        files(out).find((f) => /indicateurs\.[a-f0-9]+\.json$/.test(f))!,
        "utf8",
      ),
    );
    // the indicators, and the rates the site adds beside them
    expect(published.parDepartement.map(({ enfants_pour_10000: _, ...r }: Row) => r)).toEqual(
      indicators,
    );
  });

  it("publishes no personal data", () => {
    for (const f of files(out)) {
      const text = readFileSync(f, "utf8");
      expect(text, f).not.toMatch(/@[a-z0-9-]+\.example\.org/);
      expect(text, f).not.toMatch(/0\d \d\d \d\d \d\d \d\d/);
    }
  });
});

function open(url: string, site = "site"): Promise<Watched> {
  return openPage(browser, served.url(site, url));
}

function onlyOwnHost(w: Watched): string[] {
  return w.requests.filter(
    (r) =>
      !r.startsWith(served.url("site", "/")) &&
      !r.startsWith(served.url("public", "/")) &&
      !r.startsWith("data:") &&
      !r.startsWith("blob:"),
  );
}

describe("in the browser", () => {
  it("the overview shows France's key figures as clas indicators prints them", async () => {
    const w = await open("/");
    const fr = row("FR");
    for (const key of ["porteurs", "actions", "collectifs", "enfants", "familles", "montant_ps"]) {
      const text = await w.page.locator(`[data-indicateur="${key}"] .big`).textContent();
      // a card shows money in a few characters (« 3 M€ »); the tables, to the cent
      expect(text, key).toBe(formatChart(fr[key] as number, META_BY_KEY.get(key)!.kind));
    }
    expect(await w.page.locator(".choropleth svg").count()).toBe(6 + 1); // metropole, 5 insets, legend
    expect(w.errors).toEqual([]);
    expect(onlyOwnHost(w)).toEqual([]);
    // axe-core on this page: site-navigation.test.ts's visit of every page (5 s here)
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
    const w = await open("/comparer?d=01,02,03");
    const table = w.page.locator("table.clas-table").first();
    await expect
      .poll(async () => (await table.locator("thead th").allTextContents()).slice(1))
      .toEqual(["Ain (01)", "Aisne (02)", "Allier (03)"]);
    const enfants = table
      .locator("tr", { has: w.page.locator("th", { hasText: /^Enfants$/ }) })
      .locator("td");
    expect(await enfants.allTextContents()).toEqual(
      ["01", "02", "03"].map((c) => shown("enfants", row(c).enfants ?? null)),
    );
    await w.page.getByLabel("Départements comme le mien").check();
    await expect
      .poll(async () => (await table.locator("thead th").allTextContents()).length)
      .toBeGreaterThan(4);
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

  // printed on A4: test/bilan.test.ts prints Nord's and Creuse's bilans and reads them
});

function dataFile(dir: string, name: string): unknown {
  const file = files(dir).find((f) => new RegExp(`${name}\\.[a-f0-9]+\\.json$`).test(f));
  return JSON.parse(readFileSync(file!, "utf8"));
}

describe("the public build", () => {
  it("has the map and the aggregates, not the internal pages", () => {
    const html = files(publicOut)
      .filter((f) => f.endsWith(".html"))
      .map((f) => path.relative(publicOut, f));
    expect(html).toContain("carte.html");
    expect(html).toContain("index.html");
    expect(html).not.toContain("qualite.html");
    for (const f of files(publicOut).filter((f) => /actions\/[^/]+\.json$/.test(f))) {
      expect(JSON.parse(readFileSync(f, "utf8")), f).toEqual([]);
    }
  });

  it("contains no personal data and no family's home", async () => {
    const people = (await query(
      db,
      // accepted actions' (a shifted rejected row's cells are checked in test/regression/damaged-export.test.ts)
      "SELECT coordinateur_nom n, contact_courriel c, contact_telephone t FROM donnees_personnelles WHERE rejet_id IS NULL",
    )) as { n: string | null; c: string | null; t: string | null }[];
    const homes = (await query(
      db,
      "SELECT DISTINCT adresse, lieu_nom FROM collectifs WHERE lieu_type = 'Domicile des familles' AND adresse IS NOT NULL",
    )) as { adresse: string; lieu_nom: string }[];
    expect(people.length).toBeGreaterThan(10);
    expect(homes.map((h) => h.adresse)).toContain("99 chemin du Domicile Secret");
    const secrets = [
      ...people.flatMap((p) => [p.n, p.c, p.t]).filter((v): v is string => !!v),
      ...homes.flatMap((h) => [h.adresse, h.lieu_nom]),
    ];
    // every file the build wrote; the libraries copied from node_modules (`_npm/`, 38 MB of
    // the 53, DuckDB-Wasm's WebAssembly mostly) hold nothing of the data
    const built = files(publicOut).filter((f) => !path.relative(publicOut, f).startsWith("_npm"));
    expect(built.length).toBeGreaterThan(500);
    // one assertion a file (an assertion a secret and a file took 10 s)
    for (const f of built) {
      const text = readFileSync(f, "utf8");
      expect(
        secrets.filter((secret) => text.includes(secret)),
        `${path.relative(publicOut, f)} holds`,
      ).toEqual([]);
      expect(text, f).not.toMatch(/@[a-z0-9-]+\.(example\.org|test)/);
    }
  });

  it("publishes the explicit columns, and no count of children, families or parents from 1 to 10", () => {
    const data = dataFile(publicOut, "indicateurs") as { parDepartement: Row[]; parRegion: Row[] };
    const rows = [...data.parDepartement, ...data.parRegion];
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(PUBLIC_COLUMNS);
      for (const key of CONTROLLED) {
        const v = row[key];
        expect(
          v === "secret" || v === 0 || (typeof v === "number" && v > 10),
          `${row.departement} ${key} = ${v}`,
        ).toBe(true);
      }
    }
    // Lozère's 17 children are 9 + 8: the count is above 10, each collectif's below: only totals are published
    const lozere = data.parDepartement.find(
      (r) => r.departement === "48" && r.campagne === last(),
    )!;
    expect(lozere.enfants).toBe(17);
    expect(lozere.enfants_elementaire).toBe(17);
    expect(lozere.filles).toBe("secret");
    expect(lozere.familles === "secret" || (lozere.familles as number) > 10).toBe(true);
  });
});

describe("an internal build for some départements", () => {
  it("has their pages and their actions only", async () => {
    // the shared internal build limited to some départements (test/helpers/sites.ts)
    const limited = await limitedSite();
    const pages = files(path.join(limited, "departement")).map((f) => path.basename(f));
    expect(pages.sort()).toEqual(["23.html", "2A.html", "78.html"]);
    const quality = dataFile(limited, "qualite") as { rejets: Row[] };
    const departements = new Set(quality.rejets.map((r) => r.departement));
    expect(departements.size).toBeGreaterThan(0);
    for (const d of departements) expect(["23", "78", "2A"]).toContain(d);
    for (const f of files(limited).filter((f) => /actions\/[^/]+\.json$/.test(f))) {
      const code = path.basename(f).split(".")[0]!;
      const actions = JSON.parse(readFileSync(f, "utf8")) as unknown[];
      if (!["23", "78", "2A"].includes(code)) expect(actions, code).toEqual([]);
    }
  });

  it("refuses an unknown département or a limited public build", async () => {
    expect((await cli("build", "--db", db, "--departement", "99")).stderr).toContain(
      "département inconnu : 99",
    );
    expect(
      (await cli("build", "--db", db, "--audience", "public", "--departement", "78")).status,
    ).toBe(2);
  });
});

describe("checking an export in the browser", () => {
  it("on a phone's network: under 1 MB before a file, then the engine's progress; the whole panel takes the drop", async () => {
    const w = await watchedPage(browser);
    await w.page.setViewportSize({ width: 390, height: 844 });
    const cdp = await w.page.context().newCDPSession(w.page);
    // a mid-range phone on a mobile network: 4× slower CPU, 9 Mbit/s, 40 ms
    const throttle = async (on: boolean) => {
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: on ? 4 : 1 });
      await cdp.send("Network.enable");
      await cdp.send("Network.emulateNetworkConditions", {
        offline: false,
        latency: on ? 40 : 0,
        downloadThroughput: on ? (9e6 / 8) | 0 : -1,
        uploadThroughput: on ? (2e6 / 8) | 0 : -1,
      });
    };
    await throttle(true);
    let bytes = 0;
    w.page.on("response", (r) => {
      void r
        .body()
        .then((b) => (bytes += b.length))
        .catch(() => {});
    });
    await w.page.goto(served.url("site", "/verifier"), { waitUntil: "networkidle" });
    await w.page.waitForSelector("#verification-etat");
    // nothing of the engine before a file: the page weighs what its text and form need
    expect(w.requests.filter((r) => /duckdb|verification|reference\./.test(r))).toEqual([]);
    expect(bytes).toBeLessThan(1_000_000);
    // the panel, not only its file input, takes the files dropped on it
    const panel = w.page.locator("form.depot");
    const [box, input] = [
      await panel.boundingBox(),
      await w.page.getByLabel("Fichiers de l'export").boundingBox(),
    ];
    expect(box!.height).toBeGreaterThan(input!.height * 3);
    const contents = EXAMPLE_EXPORT.map((f) => [path.basename(f), readFileSync(f, "latin1")]);
    await panel.evaluate((form, files) => {
      const data = new DataTransfer();
      for (const [name, text] of files)
        data.items.add(new File([Uint8Array.from(text!, (c) => c.charCodeAt(0))], name!));
      form.dispatchEvent(new DragEvent("dragenter", { dataTransfer: data, bubbles: true }));
      form.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true }));
    }, contents);
    // the engine comes with a progress bar that says how far it is
    const progress = w.page.locator("#verification-avancement");
    await expect
      .poll(() => progress.innerText(), { timeout: 20_000 })
      .toMatch(/^Préparation de la vérification \(une seule fois\) : .* sur .*Mo/);
    await throttle(false);
    await w.page.waitForFunction(
      () => document.querySelector("#verification-etat")?.textContent?.includes("lignes lues"),
      null,
      { timeout: 60_000 },
    );
    expect(await progress.isHidden()).toBe(true);
    expect(await w.page.locator("#verification-etat").innerText()).toMatch(/^20 lignes lues/);
    // the keyboard path: the file input is reached with Tab, and the panel shows it has the focus
    await w.page.getByLabel("Fichiers de l'export").focus();
    expect(await panel.evaluate((f) => getComputedStyle(f).outlineStyle)).toBe("solid");
    // a refusal's message wraps inside its box, however long its words
    await w.page.getByLabel("Fichiers de l'export").setInputFiles({
      name: `${"tres-long-nom-de-fichier-".repeat(8)}.csv`,
      mimeType: "text/csv",
      buffer: Buffer.from("ceci;n'est;pas;un;export\n1;2;3;4;5\n"),
    });
    const refusal = w.page.locator(".refus");
    await refusal.waitFor({ timeout: 30_000 });
    expect(
      await refusal.evaluate((r) =>
        Array.from(r.querySelectorAll("pre")).every((p) => p.scrollWidth <= p.clientWidth),
      ),
    ).toBe(true);
    expect(await w.page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
    expect(w.errors).toEqual([]);
    await w.page.close();
  }, 120_000);

  it("shows what clas check, clas explain and clas indicators print, with no request after the drop; then a whole export with its list of agreed actions, visits and practices, their indicators", async () => {
    // the page knows the files by their names only: the CLI's messages name them by the path it was given
    const folder = `${path.dirname(EXAMPLE_EXPORT[0]!)}/`;
    const printed = (await cli("check", "--format", "json", ...EXAMPLE_EXPORT)).stdout.replaceAll(
      folder,
      "",
    );
    const check = JSON.parse(printed) as {
      rejects: {
        file: string;
        row: number;
        key: string | null;
        problems: { column: string; value: string; message: string }[];
      }[];
    };
    const checkDb = path.join(tempDir(), "exemple.duckdb");
    await cli("ingest", "--db", checkDb, ...EXAMPLE_EXPORT);
    const expected = JSON.parse(
      (await cli("indicators", "--db", checkDb, "--format", "json")).stdout,
    ) as Row[];
    const w = await open("/verifier");
    await w.page.waitForSelector("#verification-etat");
    // a French file button (test/regression/stumbles.test.ts's porteur, checked here: one engine)
    expect(await w.page.locator(".depot-bouton").innerText()).toBe("Choisir les fichiers…");
    const before = w.requests.length;
    await w.page.getByLabel("Fichiers de l'export").setInputFiles(EXAMPLE_EXPORT);
    await w.page.waitForFunction(
      () => document.querySelector("#verification-etat")?.textContent?.includes("lignes lues"),
      null,
      { timeout: 60_000 },
    );
    // a status that follows the files, in plurals
    expect(await w.page.getByText("Aucun fichier déposé.").count()).toBe(0);
    expect(await w.page.locator("#verification-etat").innerText()).toMatch(
      /^20 lignes lues en [\d,]+ s, 5 lignes rejetées, 4 avertissements\.$/,
    );
    // the problem next to its line; the rejected rows downloadable
    const headers = await w.page
      .locator("table", { hasText: "Problèmes des lignes rejetées" })
      .locator("thead th")
      .allTextContents();
    expect(headers.slice(0, 2)).toEqual(["Fichier, ligne", "Problème"]);
    expect(
      await w.page.getByRole("button", { name: /Télécharger les lignes rejetées/ }).count(),
    ).toBe(1);
    // the indicators named by département, not by code
    const columns = await w.page
      .locator("table", { hasText: "Indicateurs par département" })
      .locator("thead th")
      .allTextContents();
    expect(columns.some((h) => /^Yvelines \d{4}-\d{4}$/.test(h))).toBe(true);
    expect(columns.some((h) => /^\d{2,3} \d{4}-\d{4}$/.test(h))).toBe(false);
    // rejected rows: the same rows, columns, values and messages as clas check (the problem
    // beside its line)
    const rejected = await w.page
      .locator("table.clas-table", {
        has: w.page.locator("caption", { hasText: "lignes rejetées" }),
      })
      .locator("tbody tr")
      .evaluateAll((rows) => rows.map((r) => Array.from(r.children, (c) => c.textContent)));
    expect(rejected).toEqual(
      check.rejects.flatMap((r) =>
        r.problems.map((p) => [
          `${path.basename(r.file)}, ligne ${r.row}`,
          p.message,
          p.column,
          p.value,
          r.key ?? "—",
        ]),
      ),
    );
    // each action's conformity and rule results, as clas explain
    for (const id of ["A-2A-001", "A-31-001", "A-44-001", "A-69-001", "A-78-001", "A-974-001"]) {
      const [e] = JSON.parse(
        (await cli("explain", "--db", checkDb, "--format", "json", id)).stdout,
      );
      const details = w.page.locator(`details[data-action="${id}"]`);
      await details.locator("summary").click();
      await details.locator("tbody tr").first().waitFor(); // the rules are drawn when opened
      expect(await details.locator("summary").textContent()).toContain(
        e.conforme ? ": conforme" : ": non conforme",
      );
      const results = await details
        .locator("tbody tr")
        .evaluateAll((rows) => rows.map((r) => r.children[1]!.textContent));
      expect(results).toEqual(
        e.rules.map((r: { passed: boolean | null }) =>
          r.passed === null ? "sans objet" : r.passed ? "respectée" : "NON respectée",
        ),
      );
    }
    // each rule shows the values it read (not « C5 : non »), the failing ones marked
    const gratuite = w.page
      .locator('details[data-action="A-44-001"] tbody tr')
      .filter({ hasText: "participation demandée aux familles" });
    expect(await gratuite.locator("td strong").first().innerText()).toBe("NON respectée");
    expect(await gratuite.locator(".valeurs-lues li.echec").innerText()).toMatch(
      /^NON participation annuelle d'une famille : 45,00\s€$/,
    );
    // the indicators the file would produce
    const table = w.page.locator("table.clas-table", {
      has: w.page.locator("caption", { hasText: "Indicateurs par département" }),
    });
    for (const key of [
      "actions",
      "enfants",
      "lieux",
      "budget_total",
      "taux_conformite",
      "lignes_rejetees",
    ]) {
      const cells = await table
        .locator("tr", {
          has: w.page.locator("th", { hasText: new RegExp(`^${META_BY_KEY.get(key)!.label}$`) }),
        })
        .locator("td")
        .allTextContents();
      expect(cells, key).toEqual(expected.map((r) => shown(key, r[key])));
    }
    // nothing of the file left the page: after the drop, only the engine's own files came
    // from the site (its WebAssembly, modules and reference data), and blob: URLs
    const site = served.url("site", "/");
    const after = w.requests.slice(before).filter((r) => !r.startsWith("blob:"));
    expect(after.filter((r) => !r.startsWith(site))).toEqual([]);
    expect(
      after.filter(
        (r) =>
          !/^\/(_npm|_import|_file\/data\/(reference|verification)\.)/.test(
            r.slice(site.length - 1),
          ),
      ),
    ).toEqual([]);
    // the same files chosen again (corrected since, say) are checked again, and ask
    // nothing more of the site: the engine is kept
    const again = w.requests.length;
    await checkAgain(w, EXAMPLE_EXPORT);
    expect(await w.page.locator(".depot-choisis").innerText()).toBe(
      "Fichiers choisis : actions.csv, collectifs.csv",
    );
    expect(w.requests.slice(again).filter((r) => !r.startsWith("blob:"))).toEqual([]);
    expect(await accessibility(w)).toEqual([]);
    // then a whole export of a campagne, with the list of agreed actions, the visits and
    // the practices beside it: each file recognised, their indicators as clas indicators
    // gives them, and still nothing more asked of the site
    const campagne = last();
    const exported = ["actions", "collectifs", "agrements", "visites", "pratiques"].map((t) =>
      path.join(path.dirname(db), "export", `${t}-${campagne}.csv`),
    );
    const exportDb = path.join(tempDir(), "verif.duckdb");
    expect((await cli("ingest", "--db", exportDb, ...exported)).status).toBe(0);
    const fromExport = JSON.parse(
      (await cli("indicators", "--db", exportDb, "--format", "json")).stdout,
    ) as Row[];
    const third = w.requests.length;
    await checkAgain(w, exported);
    const read = await w.page
      .locator("table.clas-table", { has: w.page.locator("caption", { hasText: "Fichiers lus" }) })
      .locator("tbody tr")
      .evaluateAll((rows) =>
        rows.map((r) => [r.children[0]!.textContent, r.children[1]!.textContent]),
      );
    expect(read).toContainEqual([`agrements-${campagne}.csv`, "Agréments"]);
    expect(read).toContainEqual([`visites-${campagne}.csv`, "Visites"]);
    expect(read).toContainEqual([`pratiques-${campagne}.csv`, "Pratiques"]);
    for (const key of [
      "actions_agreees",
      "actions_agreees_repondu",
      "taux_reponse",
      "actions_hors_liste",
      "visites",
      "taux_visite",
      "pratiques_publiques",
    ]) {
      const meta = META_BY_KEY.get(key)!;
      const cells = await table
        .locator("tr", {
          has: w.page.locator("th", {
            hasText: new RegExp(`^${meta.label.replace(/[()]/g, "\\$&")}$`),
          }),
        })
        .locator("td")
        .allTextContents();
      expect(cells, key).toEqual(
        fromExport.filter((r) => r.campagne === campagne).map((r) => shown(key, r[key])),
      );
    }
    expect(w.requests.slice(third).filter((r) => !r.startsWith("blob:"))).toEqual([]);
    expect(w.errors).toEqual([]);
    await w.page.close();
  }, 120_000);
});

describe("names from porteurs' files", () => {
  const pwned = (w: Watched) =>
    w.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned ?? null);

  it("show as text on the pages, in the tables and in the map's popup, and never run", async () => {
    for (const [url, site, text] of [
      ["/departement/48", "site", HOSTILE_PORTEUR],
      ["/qualite", "site", HOSTILE_VALUE],
      ["/carte", "public", HOSTILE_LIEU],
    ] as const) {
      const w = await open(url, site);
      // the map's list shows the places in view: the hostile one once the map is on it (below)
      if (url !== "/carte")
        await w.page.waitForFunction((t) => document.body.innerText.includes(t), text, {
          timeout: 20_000,
        });
      expect(await pwned(w), url).toBeNull();
      expect(await w.page.locator("main img[src=x], main img[src=y]").count(), url).toBe(0);
      if (url === "/carte") {
        // the place's popup, opened by a click on its point
        const place = publishedPlaces(publicOut).find((p) => p.nom === HOSTILE_LIEU)!;
        expect(place).toBeDefined();
        await w.page.waitForFunction(() =>
          (window as unknown as { clasCarte?: { loaded(): boolean } }).clasCarte?.loaded(),
        );
        const point = await w.page.evaluate(
          async ([lon, lat]) => {
            // eslint-disable-next-line @typescript-eslint/no-explicit-any -- MapLibre's map, untyped here
            const map = (window as unknown as { clasCarte: any }).clasCarte;
            map.jumpTo({ center: [lon, lat], zoom: 16 });
            await new Promise((r) => map.once("idle", r));
            const p = map.project([lon, lat]);
            // the map sits below the search form: bring it into the window first
            map.getCanvas().scrollIntoView({ block: "center" });
            const box = map.getCanvas().getBoundingClientRect();
            return { x: box.left + p.x, y: box.top + p.y };
          },
          [place.lon, place.lat],
        );
        await w.page.mouse.click(point.x, point.y);
        const popup = w.page.locator(".maplibregl-popup-content");
        await popup.waitFor({ timeout: 10_000 });
        expect(await popup.innerText()).toContain(HOSTILE_LIEU);
        expect(await popup.innerText()).toContain(HOSTILE_PORTEUR);
        // and in the list beside the map, which follows the map's view
        await w.page.waitForFunction(
          (t) => document.querySelector(".liste-lieux")?.textContent?.includes(t),
          HOSTILE_LIEU,
          { timeout: 10_000 },
        );
        expect(await pwned(w)).toBeNull();
      }
      expect(w.errors, url).toEqual([]);
      await w.page.close();
    }
  }, 90_000);
});
