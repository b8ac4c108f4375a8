// Field visits and good practices on the built sites (spec/suivi.md), where a
// committee secretary, Cnaf staff and a parent meet them: the bilan's two
// sections in both builds, the actions to visit first, the practices page and
// its filters from the home page, and no visit text or internal practice in
// any file of the public build.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { downloadedText, openPage, type Watched } from "./helpers/browser.js";
import { siteSession } from "./helpers/site-session.js";
import { files, INTERNAL_PRACTICE, PUBLIC_PRACTICE, VISIT_TEXT } from "./helpers/sites.js";

const session = siteSession();

const open = (url: string, site = "site", width = 1280): Promise<Watched> =>
  openPage(session.browser, session.served.url(site, url), { width, height: 900 });

const newest = () => String(session.sites.indicators.at(-1)!.campagne);
const row = (departement: string) =>
  session.sites.indicators.find((r) => r.campagne === newest() && r.departement === departement)!;

describe("a département's bilan", () => {
  it("internal, on a phone: reached by its name, its visits with their texts and suites, its practices", async () => {
    const w = await open("/", "site", 390);
    // the national overview: how many départements record visits and practices
    const national = await w.page
      .locator("section.suivi", { hasText: "Visites de terrain et bonnes pratiques" })
      .innerText();
    const visiting = session.sites.indicators.filter(
      (r) => r.campagne === newest() && r.departement !== "FR" && r.visites !== null,
    ).length;
    expect(national).toMatch(
      new RegExp(
        `${visiting} départements sur \\d+ ont enregistré des visites de terrain en ${newest()}`,
      ),
    );
    await w.page.locator("#choix-departement-saisie").fill("lozere");
    await w.page.keyboard.press("Enter");
    await w.page.waitForURL(/departement\/48/);
    await w.page.waitForFunction(() => !document.querySelector("observablehq-loading"));
    const visites = w.page.locator("section.suivi", { hasText: "Visites de terrain" });
    const text = await visites.innerText();
    // Lozère's one visit (test/helpers/sites.ts), of its one action: 1 of 1
    expect(text).toContain("1 visite de terrain, qui a porté sur 1 action du questionnaire");
    expect(text).toContain(VISIT_TEXT);
    expect(text).toMatch(/Point d'alerte\s+1/);
    expect(text).toContain("Toutes les actions de la campagne ont reçu une visite récente.");
    const pratiques = await w.page.locator("section.suivi", { hasText: "Bonnes pratiques" });
    expect(await pratiques.innerText()).toContain(INTERNAL_PRACTICE);
    expect(await pratiques.innerText()).toContain("Diffusion : Interne");
    // the description is text: its markup shown, never run
    expect(await pratiques.locator(".pratique-description img").count()).toBe(0);
    expect(await w.page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await w.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    await w.page.close();
  });

  it("internal: the actions to visit first, non-conformes first, as a list to download", async () => {
    const code = ["59", "62", "13", "75", "69"].find((c) => (row(c).actions as number) > 2)!;
    const w = await open(`/departement/${code}`);
    const heading = w.page.getByRole("heading", { name: "Les actions à visiter en priorité" });
    await heading.scrollIntoViewIfNeeded();
    const table = w.page.locator("table", { hasText: "à visiter, campagne" });
    const priorities = await table.locator("tbody tr td:nth-child(4)").allTextContents();
    expect(priorities.length).toBeGreaterThan(0);
    const rank = ["non conforme", "porteur dans sa première campagne"];
    const order = priorities.map((p) => (rank.includes(p) ? rank.indexOf(p) : 2));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const download = w.page.waitForEvent("download");
    await w.page
      .getByRole("button", { name: "Télécharger la liste à planifier (CSV pour tableur)" })
      .click();
    const csv = await downloadedText(await download);
    expect(csv.split(/\r?\n/)[0]).toContain("N° dossier;Porteur;Action;Priorité;Conforme");
    await w.page.close();
  });

  it("public: the counts and the public practices, never a visit's text, suite, or an internal practice", async () => {
    const w = await open("/departement/48", "public");
    const visites = await w.page
      .locator("section.suivi", { hasText: "Visites de terrain" })
      .innerText();
    expect(visites).toContain("1 visite de terrain");
    expect(visites).not.toContain(VISIT_TEXT);
    expect(visites).not.toContain("Point d'alerte");
    expect(visites).not.toContain("à visiter");
    const pratiques = await w.page
      .locator("section.suivi", { hasText: "Bonnes pratiques" })
      .innerText();
    expect(pratiques).toContain(PUBLIC_PRACTICE.titre);
    expect(pratiques).toContain(
      '<img src=z onerror="window.__pwned=5"> chaque mardi.\nDeuxième ligne.',
    );
    expect(pratiques).not.toContain(INTERNAL_PRACTICE);
    expect(await w.page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    await w.page.close();
  });
});

describe("the good-practices page", () => {
  it("from the home page: every public practice, filtered by axis, level, département and words; each leads to its bilan and its places", async () => {
    const w = await open("/", "public");
    await w.page.getByRole("link", { name: "Bonnes pratiques" }).first().click();
    await w.page.waitForURL(/pratiques/);
    await w.page.waitForFunction(() => !document.querySelector("observablehq-loading"));
    const status = w.page.locator(".compte");
    const all = row("FR").pratiques_publiques as number;
    expect(await status.innerText()).toBe(`${all} pratiques sur ${all}.`);
    // an internal practice is on no page of the public build
    expect(await w.page.locator("body").innerText()).not.toContain(INTERNAL_PRACTICE);
    await w.page.getByLabel("Axe").selectOption({ label: "Parents" });
    await expect.poll(() => status.innerText()).not.toBe(`${all} pratiques sur ${all}.`);
    for (const tags of await w.page.locator(".pratique-tags").allInnerTexts())
      expect(tags).toMatch(/Axes : .*Parents/);
    await w.page.getByLabel("Axe").selectOption({ label: "Tous les axes" });
    await w.page.getByLabel("Mots du titre ou de la description").fill("JARDIN mende");
    await expect.poll(() => status.innerText()).toBe(`1 pratique sur ${all}.`);
    expect(w.page.url()).toContain("q=JARDIN+mende");
    const card = w.page.locator(".pratique");
    expect(await card.locator("h3").innerText()).toBe(PUBLIC_PRACTICE.titre);
    expect(
      await card.getByRole("link", { name: "lieux du porteur sur la carte" }).getAttribute("href"),
    ).toMatch(/carte\?q=/);
    await card.getByRole("link", { name: "bilan Lozère (48)" }).click();
    await w.page.waitForURL(/departement\/48/);
    await w.page.close();
  });

  it("filters by level and département from its address, and says when none matches", async () => {
    const w = await open("/pratiques?niveau=lycee&departement=48", "site", 390);
    expect(await w.page.locator(".compte").innerText()).toMatch(
      /^0 pratique sur \d+\. Aucune ne correspond/,
    );
    expect(await w.page.getByLabel("Niveau").inputValue()).not.toBe("");
    await w.page.close();
  });
});

describe("the public build's files", () => {
  it("hold no visit's text and no internal practice, which the internal build has", () => {
    const holds = (dir: string, text: string) =>
      files(dir).some((f) => readFileSync(f).includes(text));
    for (const text of [VISIT_TEXT, INTERNAL_PRACTICE]) {
      expect(holds(session.sites.site, text), text).toBe(true);
      expect(holds(session.sites.publicSite, text), text).toBe(false);
    }
    expect(holds(session.sites.publicSite, PUBLIC_PRACTICE.titre)).toBe(true);
  });
});
