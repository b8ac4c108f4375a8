// The site as its users meet it: reached from any page (the département
// picker, the clickable map, linked names, a helpful « page introuvable »),
// shareable (every selection in the URL, the back button undoing it), right on
// screen (one colour scale for the map and its insets, ranks among published
// values), on a phone (no sideways scroll), in French to the last word, with
// downloads that open well in a French spreadsheet.
import type { BrowserContext, Download } from "playwright-core";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classes, classOf } from "../src/lib/classes.js";
import {
  accessibility,
  downloadedText,
  launch,
  openPage,
  watchedPage,
  type Watched,
} from "./helpers/browser.js";
import { builtSites, files, serveSites, type BuiltSites } from "./helpers/sites.js";

type Row = Record<string, string | number | null>;

let sites: BuiltSites;
let served: Awaited<ReturnType<typeof serveSites>>;
let browser: BrowserContext;

beforeAll(async () => {
  sites = await builtSites();
  served = await serveSites(sites);
  browser = await launch();
}, 900_000);

afterAll(async () => {
  await browser?.close();
  served?.close();
});

function open(url: string, site = "site", width = 1280): Promise<Watched> {
  return openPage(browser, served.url(site, url), { width, height: 900 });
}

/** The public build's indicators, as its pages have them (secrets included). */
function publicIndicators(): {
  parDepartement: Row[];
  departements: { code: string; nom: string }[];
} {
  const file = files(sites.publicSite).find((f) => /indicateurs\.[a-f0-9]+\.json$/.test(f))!;
  return JSON.parse(readFileSync(file, "utf8"));
}

const PAGES = [
  "/",
  "/departement/59",
  "/comparer",
  "/carte",
  "/pratiques",
  "/verifier",
  "/methodologie",
  "/accessibilite",
  "/mentions-legales",
  "/nulle-part",
];
/** Pages whose text is the same in both builds (the Méthodologie's is not: its secrets). */
const STATIC_PAGES = ["/accessibilite", "/mentions-legales", "/nulle-part"];

// The overviews as they open, each shared by the tests that read it, or act on it last (an
// overview's load costs Chromium 1.5 s of the processor): the internal one, and the public one
// with its distribution by level.
const overviews = new Map<string, Promise<Watched>>();
function overview(site: "site" | "public"): Promise<Watched> {
  if (!overviews.has(site))
    overviews.set(site, open(site === "site" ? "/" : "/?repartition=niveau", site));
  return overviews.get(site)!;
}
afterAll(async () => {
  for (const w of overviews.values()) await (await w).page.close();
});

describe("reaching a département's bilan", () => {
  it("the picker of every page takes a name or a code, accents and case ignored", async () => {
    // from the comparison page, then from each bilan reached: a page's picker leads to the next
    const w = await open("/comparer");
    for (const [typed, code, nom] of [
      ["2a", "2A", "Corse-du-Sud"],
      ["ardeche", "07", "Ardèche"],
      ["974", "974", "La Réunion"],
      ["  NORD ", "59", "Nord"],
    ]) {
      await w.page.getByLabel("Bilan d'un département", { exact: true }).fill(typed!);
      await w.page.keyboard.press("Enter");
      await w.page.waitForURL(new RegExp(`/departement/${code}$`));
      await w.page.waitForFunction(
        (n) => document.querySelector("h1")?.textContent?.includes(n),
        nom!,
      );
      expect(await w.page.title()).toBe(`${nom} (${code}) : bilan annuel des Clas | Clas Bilan`);
      expect(await w.page.locator("h1").textContent()).toContain(`${nom} (${code})`);
    }
    await w.page.close();
  });

  it("an ambiguous or unknown name says so next to the field", async () => {
    // the picker is in every page's header: a light page
    const w = await open("/methodologie");
    await w.page.getByLabel("Bilan d'un département", { exact: true }).fill("haute sa");
    await w.page.keyboard.press("Enter");
    const message = w.page.locator(".choix-departement-message");
    await expect.poll(() => message.textContent()).toContain("Haute-Saône (70), Haute-Savoie (74)");
    await w.page.getByLabel("Bilan d'un département", { exact: true }).fill("atlantide");
    await w.page.keyboard.press("Enter");
    await expect
      .poll(() => message.textContent())
      .toContain("Aucun département ne correspond à « atlantide »");
    await w.page.close();
  });

  it("/departement/2a leads to /departement/2A; an unknown page is a styled « page introuvable »", async () => {
    // the « page introuvable » sends the reader on as it runs: waited for by its address, not
    // as a page that stays (its scripts' context goes with the redirect)
    const w = await watchedPage(browser);
    await w.page.goto(served.url("site", "/departement/2a"));
    await w.page.waitForURL(/\/departement\/2A$/);
    await expect.poll(() => w.page.title()).toContain("Corse-du-Sud (2A)");
    await w.page.close();
    const lost = await open("/nulle-part");
    expect(await lost.page.locator("h1").textContent()).toBe("Page introuvable");
    expect(await lost.page.locator("#observablehq-sidebar a").count()).toBeGreaterThan(4);
    expect(await lost.page.getByLabel("Bilan d'un département", { exact: true }).count()).toBe(1);
    await lost.page.close();
  });

  it("the map of départements and every table link to the départements' bilans", async () => {
    const w = await open("/");
    expect(await w.page.locator('main table a[href*="/departement/"]').count()).toBeGreaterThan(0);
    await w.page.locator('.choropleth path[aria-label^="Nord (59)"]').first().click();
    await w.page.waitForURL(/\/departement\/59$/);
    await w.page.close();
    for (const url of ["/comparer", "/qualite"]) {
      const p = await open(url);
      const links = await p.page.locator('main table a[href*="/departement/"]').count();
      expect(links, url).toBeGreaterThan(0);
      await p.page.close();
    }
  });
});

describe("right on screen", () => {
  it("the overseas insets share the map's colour scale and its legend", async () => {
    // the map shows the conformity rate when the address names no indicator
    const w = await overview("site");
    expect(
      await w.page
        .getByLabel("Indicateur", { exact: true })
        .locator("option:checked")
        .textContent(),
    ).toMatch(/^Actions conformes au référentiel/);
    const rows = sites.indicators.filter(
      (r) => r.campagne === sites.indicators.at(-1)!.campagne && r.departement !== "FR",
    );
    const values = rows
      .map((r) => r.taux_conformite)
      .filter((v): v is number => typeof v === "number");
    const limits = classes(values);
    expect(limits.length).toBeGreaterThan(1);
    // the legend's swatches, one per class, in order
    const swatches = await w.page
      .locator(".choropleth-legende rect")
      .evaluateAll((rects) => rects.map((r) => r.getAttribute("fill")));
    expect(swatches).toHaveLength(limits.length + 1);
    let checked = 0;
    for (const code of ["971", "972", "973", "974", "976"]) {
      const value = rows.find((r) => r.departement === code)?.taux_conformite;
      if (typeof value !== "number") continue;
      const fill = await w.page
        .locator(`.inset[data-code="${code}"] path`)
        .first()
        .getAttribute("fill");
      expect(fill, code).toBe(swatches[classOf(limits, value)]);
      checked++;
    }
    expect(checked).toBeGreaterThan(1);
  });

  it("the public pages rank published values only, « 92e sur 95 », and a secret cell has no rank", async () => {
    const data = publicIndicators();
    const campagne = data.parDepartement.at(-1)!.campagne;
    const rows = data.parDepartement.filter(
      (r) => r.campagne === campagne && r.departement !== "FR",
    );
    const published = rows.filter((r) => typeof r.enfants === "number");
    const secret = rows.find((r) => r.enfants === "secret");
    expect(secret, "a secret count in the public sample").toBeDefined();
    const top = [...published].sort((a, b) => (b.enfants as number) - (a.enfants as number))[0]!;
    const rankOf = async (code: string) => {
      const w = await open(`/departement/${code}`, "public");
      const cells = w.page
        .locator("table.clas-table tr", { has: w.page.locator("th", { hasText: /^Enfants$/ }) })
        .first()
        .locator("td");
      // the table is drawn once the page's data has come: wait for it, then read it
      await cells.first().waitFor();
      const texts = await cells.allTextContents();
      await w.page.close();
      return texts;
    };
    expect((await rankOf(String(top.departement)))[1]).toBe(`1er sur ${published.length}`);
    const hidden = await rankOf(String(secret!.departement));
    expect(hidden[0]).toBe("secret statistique");
    expect(hidden[1]).toBe("—");
  });

  it("the public overview shows the levels it may show, and says why the rest is hidden", async () => {
    const w = await overview("public");
    const figure = w.page.locator("figure.graphique", { hasText: "Niveau scolaire (enfants)" });
    expect(await figure.locator("svg").count()).toBeGreaterThan(0);
    const text = await w.page.locator("main").innerText();
    expect(text).toMatch(
      /Part des filles parmi les enfants des collectifs qui la renseignent : \d/,
    );
  });

  it("the comparison takes 2 to 6 départements, not 7", async () => {
    const w = await open("/comparer?d=01,02,03,04,05,06,07");
    await expect(
      w.page.locator("[role=alert]", { hasText: "6 départements au plus" }).count(),
    ).resolves.toBe(1);
    expect(await w.page.locator("main table").count()).toBe(0);
    await w.page.close();
  });

  it("the overview follows the main figures over the campagnes, from zero", async () => {
    const w = await overview("site");
    const figure = w.page.locator("figure.graphique", {
      hasText: "Les principaux chiffres de la France, par campagne",
    });
    expect(await figure.locator(".petit-multiple svg").count()).toBe(6);
    await expect(figure.textContent()).resolves.toContain("l'axe vertical part de zéro");
  });
});

describe("shareable", () => {
  it("a URL reopens a comparison of a campagne, and « back » undoes a selection", async () => {
    const first = String(sites.indicators[0]!.campagne);
    const w = await open(`/comparer?campagne=${first}&d=59,62`);
    const table = w.page.locator("main table.clas-table").first();
    expect(await table.locator("thead th").allTextContents()).toEqual([
      "Indicateur",
      "Nord (59)",
      "Pas-de-Calais (62)",
    ]);
    const chosen = () =>
      w.page.getByLabel("Campagne", { exact: true }).locator("option:checked").textContent();
    expect(await chosen()).toBe(first);
    const last = String(sites.indicators.at(-1)!.campagne);
    await w.page.getByLabel("Campagne", { exact: true }).selectOption({ label: last });
    await w.page.waitForURL(new RegExp(`campagne=${last}`));
    await w.page.goBack();
    await w.page.waitForURL(new RegExp(`campagne=${first}`));
    await expect.poll(chosen).toBe(first);
    await w.page.close();
  });

  it("the overview's indicator and the data-quality filters live in the URL", async () => {
    const w = await open("/?indicateur=part_caf");
    await expect(
      w.page
        .locator("figure.graphique figcaption", { hasText: /^Part Caf par département/ })
        .count(),
    ).resolves.toBe(1);
    await w.page.close();
    const q = await open("/qualite?departement=48");
    expect(await q.page.getByLabel("Département", { exact: true }).inputValue()).not.toBe("");
    await q.page.close();
  });
});

describe("on a phone, in French, accessible", () => {
  // one visit of each page for the three checks: a page load costs a second or more
  it("no English word is left on any page, in text or in labels; axe-core finds nothing, best practices (landmarks, labels) included; every page's footer says the source, the dates, the licence, and links the three pages; narrowed to 390 pixels, no page scrolls sideways", async () => {
    const ENGLISH =
      /\b(Next|Previous|Toggle|Zoom in|Zoom out|Search|Loading|Copy|Sort|Download|Results?|Close|Map|Show|Hide|Error|undefined|NaN|null)\b/;
    const visit = async ([site, url]: [string, string]) => {
      // wide enough for every part of a page to show (the table of contents)
      const w = await open(url, site, 1600);
      const texts = await w.page.evaluate(() => [
        document.body.innerText,
        ...Array.from(
          document.querySelectorAll("[title],[aria-label],[placeholder],[alt]"),
        ).flatMap((e) =>
          ["title", "aria-label", "placeholder", "alt"].map((a) => e.getAttribute(a) ?? ""),
        ),
        document.title,
      ]);
      for (const t of texts)
        expect(t.match(ENGLISH)?.[0] ?? null, `${site}${url}: « ${t.slice(0, 80)} »`).toBeNull();
      // what a public statistics site says at the foot of every page: source, dates, licence,
      // the three pages; the internal build says it is internal, there and in a banner
      const footer = await w.page.locator("#observablehq-footer").innerText();
      expect(footer, `${site}${url}`).toMatch(
        /Source : questionnaires d'activité des Clas, campagnes? .*données extraites le .*site construit le/,
      );
      expect(footer, `${site}${url}`).toContain("Licence Ouverte 2.0");
      for (const name of ["Méthodologie", "Accessibilité", "Mentions légales"])
        expect(footer, `${site}${url}`).toContain(name);
      const banner = w.page.locator(".bandeau-interne");
      if (site === "site") {
        expect(await banner.innerText(), `${site}${url}`).toContain("Usage interne");
        expect(footer, `${site}${url}`).toContain("Usage interne");
      } else expect(await banner.count(), `${site}${url}`).toBe(0);
      // axe on every internal page and on a public bilan (the public pages are the same pages)
      if (site === "site" || url === "/departement/48")
        expect(await accessibility(w), `${site}${url}`).toEqual([]);
      // a phone's width, as a window narrowed or a phone turned: the page redraws to fit
      await w.page.setViewportSize({ width: 390, height: 900 });
      const width = await w.page
        .waitForFunction(() => document.documentElement.scrollWidth <= 390, null, {
          timeout: 5_000,
        })
        .then(
          () => 390,
          () => w.page.evaluate(() => document.documentElement.scrollWidth),
        );
      expect(width, `${site}${url} à 390 pixels`).toBeLessThanOrEqual(390);
      await w.page.close();
    };
    // the public build's pages but those whose text is the internal one's, in the same chrome
    // (the public chrome is read on the other public pages)
    const visits: [string, string][] = [
      ...PAGES.map((p): [string, string] => ["site", p]),
      ["site", "/qualite"],
      ...PAGES.filter((p) => !STATIC_PAGES.includes(p)).map((p): [string, string] => ["public", p]),
      ["public", "/departement/48"],
      ["public", "/donnees"],
    ];
    // three tabs at a time: a page mostly waits on its files and on Chromium's drawing
    for (let i = 0; i < visits.length; i += 3) await Promise.all(visits.slice(i, i + 3).map(visit));
  }, 300_000);

  it("a skip link leads to the content; sortable headers work with the keyboard", async () => {
    // the overview the tests above only read: nothing of it focused or sorted yet
    const w = await overview("site");
    await w.page.keyboard.press("Tab");
    expect(await w.page.evaluate(() => document.activeElement?.textContent)).toBe(
      "Aller au contenu",
    );
    const header = w.page.locator("table.triable th button", { hasText: /^Enfants$/ });
    await header.focus();
    await w.page.keyboard.press("Enter");
    expect(await header.locator("xpath=..").getAttribute("aria-sort")).toBe("descending");
    const first = await w.page
      .locator("table.triable tbody tr")
      .first()
      .locator("td")
      .nth(5)
      .textContent();
    await w.page.keyboard.press("Enter");
    expect(await header.locator("xpath=..").getAttribute("aria-sort")).toBe("ascending");
    expect(
      await w.page.locator("table.triable tbody tr").first().locator("td").nth(5).textContent(),
    ).not.toBe(first);
  });
});

describe("what a public statistics site shows", () => {
  it("the Méthodologie page defines every indicator, where the site's indicator names lead", async () => {
    const w = await open("/departement/59");
    await w.page
      .locator("main table a", { hasText: /^Heures-enfants$/ })
      .first()
      .click();
    await w.page.waitForURL(/methodologie#indicateur-heures-enfants$/);
    const definition = await w.page.locator("#indicateur-heures-enfants + dd").textContent();
    expect(definition).toContain("nombre d'enfants");
    const rules = await w.page.locator("main table").first().innerText();
    expect(rules).toContain("de 8 à 12 enfants");
    expect(await w.page.locator("main").innerText()).toContain("Le secret statistique");
    await w.page.close();
  });

  it("a download opens well in a French spreadsheet: human headers, codes as text, rates in %, secrets said", async () => {
    const w = await overview("public");
    const [download] = await Promise.all([
      w.page.waitForEvent("download"),
      w.page
        .getByRole("button", { name: "Télécharger tous les indicateurs (CSV pour tableur)" })
        .click(),
    ]);
    const text = await downloadedText(download as Download);
    const [header, ...lines] = text
      .replace(/^\ufeff/, "")
      .trim()
      .split("\r\n");
    const columns = header!.split(";");
    expect(columns.slice(0, 3)).toEqual(["Campagne", "Code", "Département"]);
    expect(columns).toContain("Actions conformes au référentiel (%)");
    expect(columns).toContain("Coût total (€)");
    expect(columns.at(-1)).toBe("Secret statistique");
    // a code with its leading zero, as text
    const zero = lines.find((l) => /^="0\d"$/.test(l.split(";")[1]!));
    expect(zero).toBeDefined();
    const rate = zero!.split(";")[columns.indexOf("Actions conformes au référentiel (%)")]!;
    expect(rate).toMatch(/^\d{1,3},\d$|^$/);
    const withSecret = lines.find((l) => l.split(";").at(-1)!.startsWith("valeurs masquées"));
    expect(withSecret).toBeDefined();
    expect(withSecret!.split(";")).not.toContain("secret");
  });
});
