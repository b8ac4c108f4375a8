// A département's bilan as its committee publishes it: the response to the
// questionnaire first, what happened in sentences, the committee's words in
// their place, the quality page's lists; printed by Chromium to A4, a real
// document (first page, page count, no text under 8 pt, a title).
import { existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { BrowserContext, Download } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { printBilans } from "../loaders/site/pdf.js";
import { serveSite } from "../loaders/site/serve.js";
import { formatNumber } from "../src/lib/format.js";
import { downloadedText, launch, openPage, watchedPage, type Watched } from "./helpers/browser.js";
import { builtSites, limitedSite, serveSites, type BuiltSites } from "./helpers/sites.js";
import { query, tempDir } from "./helpers/warehouse.js";

type Row = Record<string, string | number | null>;

let sites: BuiltSites;
let served: Awaited<ReturnType<typeof serveSites>>;
let browser: BrowserContext;
let campagne: string;

beforeAll(async () => {
  sites = await builtSites();
  served = await serveSites(sites);
  browser = await launch();
  campagne = String(sites.indicators.at(-1)!.campagne);
}, 900_000);

afterAll(async () => {
  await browser?.close();
  served?.close();
});

function open(url: string, site = "site"): Promise<Watched> {
  return openPage(browser, served.url(site, url));
}

const row = (departement: string): Row =>
  sites.indicators.find((r) => r.campagne === campagne && r.departement === departement)!;

describe("a département's page, as a bilan", () => {
  it("opens with the response to the questionnaire, then what happened, in sentences", async () => {
    const nord = row("59");
    expect(typeof nord.structures_agreees).toBe("number");
    const w = await open("/departement/59");
    const essentiel = w.page.locator("section.essentiel");
    const response = await essentiel.locator(".reponse").innerText();
    expect(response).toBe(
      `${formatNumber(nord.structures_repondu as number)} structure${(nord.structures_repondu as number) > 1 ? "s" : ""} sur ${formatNumber(nord.structures_agreees as number)} ${(nord.structures_repondu as number) > 1 ? "ont" : "a"} répondu au questionnaire (${Math.round((nord.taux_reponse_structures as number) * 100)}\u00a0%), soit ${formatNumber(nord.actions_agreees_repondu as number)} actions agréées sur ${formatNumber(nord.actions_agreees as number)} (${Math.round((nord.taux_reponse as number) * 100)}\u00a0%).`,
    );
    const summary = await essentiel.locator(".resume").allTextContents();
    expect(summary[0]).toMatch(
      new RegExp(
        `^En ${campagne}, .* structures? (a|ont) mené .* actions? Clas dans le Nord, pour .* enfants?( \\([+−][^)]* sur un an\\))? de .* familles?`,
      ),
    );
    expect(summary[1]).toMatch(
      /des actions sont conformes au référentiel national \(région Hauts-de-France : .* ; France : .*\)\.$/,
    );
    expect(w.errors).toEqual([]);
    await w.page.close();
  });

  it("shows the committee's words in their place: Markdown only, public when it says so", async () => {
    const w = await open("/departement/59", "public");
    const text = w.page.locator("section.comite");
    expect(await text.locator("h2").textContent()).toBe("Le bilan du comité");
    // the text's « ## » headings come right under the page's h2, none skipped
    expect(await text.locator("h3").first().textContent()).toBe("Les temps forts de l'année");
    expect(await text.locator("h4").count()).toBe(0);
    expect(await text.locator('a[href="https://www.exemple.fr/compte-rendu.pdf"]').count()).toBe(1);
    expect(await text.locator('a[href^="javascript"]').count()).toBe(0);
    expect(await text.innerText()).toContain('<img src=x onerror="window.__pwned=4">');
    expect(
      await text.locator('img[alt="Atelier parents-enfants à Lille"]').getAttribute("src"),
    ).toMatch(/^data:image\/png;base64,/);
    expect(
      await w.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
    ).toBeUndefined();
    await w.page.close();
    // Creuse's text is internal only; a département without a text says where to write it, internally
    const creuse = await open("/departement/23", "public");
    expect(await creuse.page.locator("section.comite h2").count()).toBe(0);
    await creuse.page.close();
    const internal = await open("/departement/23");
    expect(await internal.page.locator("section.comite").innerText()).toContain(
      "Le comité souhaite ouvrir une action à Guéret.",
    );
    await internal.page.close();
    const empty = await open("/departement/62");
    expect(await empty.page.locator(".comite-a-ecrire").textContent()).toContain(
      `data/bilans/${campagne}/62.md`,
    );
    await empty.page.close();
  });

  it("the overview opens with France's response rate, over the départements that have a list", async () => {
    const w = await open("/", "public");
    const fr = row("FR");
    const withList = sites.indicators.filter(
      (r) =>
        r.campagne === campagne && r.departement !== "FR" && typeof r.actions_agreees === "number",
    ).length;
    expect(await w.page.locator(".essentiel-national .reponse").textContent()).toContain(
      `${formatNumber(fr.structures_repondu as number)} structures sur ${formatNumber(fr.structures_agreees as number)} ont répondu au questionnaire`,
    );
    expect(await w.page.locator(".essentiel-national .reponse").textContent()).toContain(
      `dans les ${formatNumber(withList)} départements qui ont importé leur liste`,
    );
    await w.page.close();
  });

  it("the quality page lists the agreed actions that did not answer, and those outside the list, as CSV", async () => {
    const unanswered = (await query(
      sites.db,
      `SELECT g.id_action FROM agrements g WHERE g.campagne = '${campagne}' AND NOT EXISTS (SELECT 1 FROM actions a WHERE a.campagne = g.campagne AND a.departement = g.departement AND a.id_action = g.id_action)`,
    )) as { id_action: string }[];
    expect(unanswered.length).toBeGreaterThan(0);
    const w = await open("/qualite");
    const table = w.page.locator("table", {
      has: w.page.locator("caption", { hasText: "Actions agréées sans questionnaire" }),
    });
    expect(await table.locator("tbody tr").count()).toBe(unanswered.length);
    const [download] = await Promise.all([
      w.page.waitForEvent("download"),
      w.page
        .getByRole("button", {
          name: "Télécharger la liste, pour écrire aux porteurs (CSV pour tableur)",
        })
        .click(),
    ]);
    const csv = await downloadedText(download as Download);
    expect(csv.split("\r\n")[0]).toBe(
      "\ufeffCampagne;Département;N° dossier;SIRET;Porteur;Intitulé de l'action;Montant agréé (€)",
    );
    expect(csv.trim().split("\r\n")).toHaveLength(unanswered.length + 1);
    const outside = w.page.locator("table", {
      has: w.page.locator("caption", { hasText: "Actions hors de la liste" }),
    });
    expect(await outside.count()).toBe(1);
    await w.page.close();
    // the public build publishes the counts and rates, never the names of those who did not answer
    const published = readFileSync(
      (await import("./helpers/sites.js"))
        .files(sites.publicSite)
        .find((f) => /indicateurs\.[a-f0-9]+\.json$/.test(f))!,
      "utf8",
    );
    expect(published).toContain('"taux_reponse"');
    for (const id of unanswered.slice(0, 20)) expect(published).not.toContain(id.id_action);
  });
});

interface PdfText {
  pages: number;
  title: string;
  /** Each page's text, its items joined by spaces. */
  text: string[];
  /** The smallest font size of any text item, in points. */
  smallest: number;
}

/** PDF text items split words and lines anywhere: compare without any white space. */
function squeeze(text: string): string {
  return text.replace(/\s+/g, "");
}

async function readPdf(file: string): Promise<PdfText> {
  const doc = await getDocument({ data: new Uint8Array(readFileSync(file)), verbosity: 0 }).promise;
  const text: string[] = [];
  let smallest = Infinity;
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    const items = content.items.filter((i) => "str" in i) as {
      str: string;
      transform: number[];
    }[];
    text.push(items.map((i) => i.str).join(" "));
    for (const i of items) {
      if (i.str.trim() === "") continue;
      smallest = Math.min(smallest, Math.hypot(i.transform[2]!, i.transform[3]!));
    }
  }
  const info = (await doc.getMetadata()).info as { Title?: string };
  return { pages: doc.numPages, title: info.Title ?? "", text, smallest };
}

describe("a bilan printed to A4", () => {
  it("Nord's and Creuse's bilans: a first page that says it all, at most 6 pages before the annex, no text under 8 pt", async () => {
    const dir = path.join(tempDir(), "pdf");
    mkdirSync(dir);
    // on the test file's browser (`clas build --pdf` starts a Chromium of its own)
    const { files } = await printBilans(sites.site, {
      campagne,
      codes: ["59", "23"],
      dir,
      france: false,
      browser,
    });
    for (const [file, code, nom] of [
      [files[0]!, "59", "Nord"],
      [files[1]!, "23", "Creuse"],
    ] as const) {
      const pdf = await readPdf(file);
      expect(pdf.title).toBe(`${nom} (${code}) : bilan annuel des Clas | Clas Bilan`);
      // the first page: who, when, from what source, the response, the summary, the key figures
      const first = squeeze(pdf.text[0]!);
      for (const part of [
        `${nom} (${code}) : bilan annuel des Clas`,
        `Campagne ${campagne}`,
        "Source : questionnaires d'activité des Clas",
        "données extraites le",
        "L'essentiel",
        `En ${campagne}`,
        "Porteurs",
        "Enfants",
        "page 1 sur",
      ])
        expect(first, `${code}: ${part}`).toContain(squeeze(part));
      expect(first).toMatch(/réponduauquestionnaire|tauxderéponseauquestionnairen'estpasconnu/);
      // the annex of the actions starts on a page of its own, after at most six
      const pages = pdf.text.map(squeeze);
      const annex = pages.findIndex((t) =>
        t.includes(squeeze("Annexe : les actions du département")),
      );
      expect(annex, code).toBeGreaterThan(0);
      expect(annex, code).toBeLessThanOrEqual(6);
      expect(pages.slice(0, annex).join("")).toContain(squeeze("Le bilan du comité"));
      // 9 pt in the charts and the tables, 8 pt at the least anywhere
      expect(pdf.smallest, code).toBeGreaterThanOrEqual(7.95);
    }
  }, 120_000);
});

describe("clas build --pdf", () => {
  it("without Chromium, says how to get it and builds the rest of the site", () => {
    const built = JSON.parse(
      readFileSync(path.join(sites.dir, "construction-public.json"), "utf8"),
    ) as { status: number; stdout: string; stderr: string };
    expect(built.status).toBe(0);
    expect(built.stderr).toContain(
      `Chromium introuvable (${path.join(sites.dir, "pas-de-chromium")})`,
    );
    expect(built.stderr).toContain("apt-get install -y chromium");
    expect(built.stderr).toContain("Les PDF des bilans ne sont pas produits");
    expect(existsSync(path.join(sites.publicSite, "departement", "59.html"))).toBe(true);
    expect(existsSync(path.join(sites.publicSite, "bilans"))).toBe(false);
  });

  it("writes France's and each département's PDF of the last campagne, linked from its page", async () => {
    // the shared internal build limited to three départements (test/helpers/sites.ts)
    const out = await limitedSite();
    const built = JSON.parse(
      readFileSync(path.join(sites.dir, "construction-limite.json"), "utf8"),
    ) as { stdout: string };
    expect(built.stdout).toContain(`4 bilans en PDF dans ${path.join(out, "bilans")}`);
    expect(readdirSync(path.join(out, "bilans", campagne)).sort()).toEqual([
      "23.pdf",
      "2A.pdf",
      "78.pdf",
      "FR.pdf",
    ]);
    const creuse = await readPdf(path.join(out, "bilans", campagne, "23.pdf"));
    expect(creuse.title).toBe("Creuse (23) : bilan annuel des Clas | Clas Bilan");
    const server = await serveSite(out, 0);
    try {
      const port = (server.address() as { port: number }).port;
      const w = await watchedPage(browser);
      await w.page.goto(`http://127.0.0.1:${port}/departement/23`, { waitUntil: "load" });
      const link = w.page.getByRole("link", { name: "Télécharger ce bilan (PDF)" });
      const response = await w.page.request.get(
        new URL((await link.getAttribute("href"))!, w.page.url()).href,
      );
      expect(response.status()).toBe(200);
      expect(response.headers()["content-type"]).toBe("application/pdf");
      await w.page.goto(`http://127.0.0.1:${port}/`, { waitUntil: "load" });
      await expect
        .poll(() =>
          w.page.getByRole("link", { name: "Télécharger le bilan national (PDF)" }).count(),
        )
        .toBe(1);
      await w.page.close();
    } finally {
      server.close();
    }
  }, 180_000);

  it("a public bilan's PDF says what its public page says, and nothing personal", async () => {
    const dir = path.join(tempDir(), "pdf");
    mkdirSync(dir);
    const { files } = await printBilans(sites.publicSite, {
      campagne,
      codes: ["48"],
      dir,
      france: false,
      browser,
    });
    const pdf = squeeze((await readPdf(files[0]!)).text.join(""));
    const w = await open("/departement/48", "public");
    for (const sentence of await w.page.locator("section.essentiel .resume").allTextContents())
      expect(pdf).toContain(squeeze(sentence));
    await w.page.close();
    for (const personal of [
      "Zoé",
      "zoe@lozere",
      "0466000001",
      "DomicileSecret",
      "Usageinterne",
      "Annexe",
    ])
      expect(pdf).not.toContain(personal);
  }, 120_000);
});
