// What people stumbled on, where they met it: the rules chart that hid which
// rules block, labels cut, a change beside the wrong noun, a région compared
// with itself, footer boxes, no title bar on a phone, a map emptied by an unknown
// level in its address. (The check page's English button and stale status are
// checked with the check itself, in test/site.test.ts: one engine loaded.)
import { describe, expect, it } from "vitest";
import { openPage, settled, type Watched } from "../helpers/browser.js";
import { siteSession } from "../helpers/site-session.js";

const session = siteSession();

const open = (url: string, site = "site", width = 1280): Promise<Watched> =>
  openPage(session.browser, session.served.url(site, url), { width, height: 900 });

describe("the overview and a bilan", () => {
  it("the rules chart says which rules block, and every bar label is whole on a phone", async () => {
    const w = await open("/departement/59", "site", 390);
    const figure = w.page.locator("figure.graphique", { hasText: "Respect de chaque règle" });
    expect(await figure.locator(".legende-groupes").innerText()).toMatch(
      /Règle bloquante\s+Avertissement/,
    );
    expect(await figure.locator(".graphique-note").innerText()).toContain(
      "un avertissement ne la rend pas non conforme",
    );
    // each rule's name drawn whole: no label cut to an ellipsis
    const labels = await figure.locator("svg text").allTextContents();
    expect(labels.some((t) => t.includes("…"))).toBe(false);
    expect(labels).toContain("Formation des intervenants");
    await w.page.close();
  });

  it("puts each change beside its own noun, and a one-département région is not compared with itself", async () => {
    const w = await open("/departement/59");
    const summary = await w.page.locator(".resume").first().innerText();
    // « pour N enfants (±x % sur un an) de M familles (±y % sur un an) »
    expect(summary).toMatch(/enfants \([+−][\d,]+\s%\ssur un an\) de [\d\s]+ familles/);
    await w.page.close();
    const last = String(session.sites.indicators.at(-1)!.campagne);
    const alone = ["976", "974", "973", "972", "971"].find((code) =>
      session.sites.indicators.some(
        (r) => r.campagne === last && r.departement === code && typeof r.actions === "number",
      ),
    );
    expect(alone).toBeDefined();
    const d = await open(`/departement/${alone}`);
    expect(await d.page.locator(".essentiel").innerText()).not.toMatch(/région [^:]+ : \d/);
    await d.page.close();
  });

  it("the internal bilan leads to its département's data quality", async () => {
    const w = await open("/departement/48");
    await w.page.getByRole("link", { name: "sa page de qualité des données" }).click();
    await w.page.waitForURL(/qualite\?campagne=.*&departement=48/);
    await w.page.close();
  });

  it("the footer's links are a line of links; a phone has a title bar and no floating toggle", async () => {
    const w = await open("/", "public", 390);
    const footer = w.page.locator("#observablehq-footer nav.pied-liens");
    expect(await footer.innerText()).not.toContain("·");
    const border = await footer
      .locator("a")
      .first()
      .evaluate((a) => getComputedStyle(a).borderTopWidth);
    expect(border).toBe("0px");
    const bar = w.page.locator(".barre-titre");
    expect(await bar.isVisible()).toBe(true);
    expect(await bar.getByRole("link", { name: "Clas Bilan" }).isVisible()).toBe(true);
    expect(
      await w.page
        .locator("#observablehq-sidebar-toggle")
        .evaluate((t) => getComputedStyle(t).opacity),
    ).toBe("0");
    await w.page.getByRole("button", { name: "Menu" }).click();
    await expect
      .poll(() => w.page.getByRole("button", { name: "Menu" }).getAttribute("aria-expanded"))
      .toBe("true");
    await w.page.close();
  });
});

describe("a parent on the map", () => {
  it("an unknown level or radius in the address is ignored and said, the map keeps its places, listed by département before any search", async () => {
    const w = await open("/carte?niveau=foo&rayon=7", "public");
    const message = w.page.locator("#recherche-message");
    await expect.poll(() => message.innerText()).toContain("Niveau inconnu");
    // a radius the choices do not have, said beside it
    expect(await message.innerText()).toContain(
      "Rayon inconnu dans l'adresse de la page, ignoré : 7.",
    );
    for (const name of ["Élémentaire", "Collège", "Lycée"])
      expect(await w.page.getByRole("checkbox", { name }).isChecked()).toBe(true);
    await w.page.waitForFunction(() =>
      /^\d[\d  ]* lieux? dans la partie visible de la carte, par département et commune/.test(
        document.querySelector("#liste-lieux-etat")?.textContent ?? "",
      ),
    );
    await w.page.close();
  });

  it("a radius around the commune searched, kept in the address; a marker, a legend, a link to share", async () => {
    await session.browser.grantPermissions(["clipboard-read", "clipboard-write"]);
    const w = await open("/carte?commune=59350&rayon=10", "public", 390);
    const count = w.page.locator("#rayon-compte");
    await expect
      .poll(() => count.innerText())
      .toMatch(/^\d+ lieux? Clas dans un rayon de 10 km de Lille\.$/);
    const within10 = Number((await count.innerText()).split(" ")[0]);
    expect(await w.page.locator(".maplibregl-marker").getAttribute("aria-label")).toBe(
      "Point cherché de Lille",
    );
    expect(await w.page.locator(".legende-carte").innerText()).toContain(
      "un groupe de lieux proches",
    );
    // a smaller radius: fewer places or as many, and in the address
    await w.page.getByLabel("Dans un rayon de").selectOption("5");
    await expect.poll(() => count.innerText()).toContain("dans un rayon de 5 km de Lille");
    expect(Number((await count.innerText()).split(" ")[0])).toBeLessThanOrEqual(within10);
    expect(w.page.url()).toContain("rayon=5");
    // « Partager » copies the page's link, radius included
    await w.page.getByRole("button", { name: "Partager" }).click();
    await expect.poll(() => w.page.locator(".partage-etat").innerText()).toContain("Lien copié");
    expect(await w.page.evaluate(() => navigator.clipboard.readText())).toBe(w.page.url());
    await w.page.close();
  });

  it("a place opened from the list: its popup whole inside the map on a phone, and the list stays the list", async () => {
    const w = await open("/carte?commune=59350", "public", 390);
    const status = w.page.locator("#liste-lieux-etat");
    await w.page.waitForFunction(() =>
      document.querySelector("#liste-lieux-etat")?.textContent?.includes("de Lille"),
    );
    // the map settles on Lille (the list follows its view)
    await w.page.waitForFunction(() => {
      const map = (window as unknown as { clasCarte?: { loaded(): boolean; isMoving(): boolean } })
        .clasCarte;
      return map?.loaded() && !map.isMoving();
    });
    // and its list has drawn what it lists there
    await settled(w.page);
    const before = await status.innerText();
    await w.page.locator(".liste-lieux .lieu-voir").nth(2).click();
    const popup = w.page.locator(".maplibregl-popup");
    await popup.waitFor();
    // the map pans the popup into view: wait until it is still
    let box = await popup.boundingBox();
    await expect
      .poll(async () => {
        const now = await popup.boundingBox();
        const still = JSON.stringify(now) === JSON.stringify(box);
        box = now;
        return still;
      })
      .toBe(true);
    const frame = (await w.page.locator("#carte").boundingBox())!;
    expect(box!.x).toBeGreaterThanOrEqual(frame.x);
    expect(box!.x + box!.width).toBeLessThanOrEqual(frame.x + frame.width);
    expect(box!.y).toBeGreaterThanOrEqual(frame.y);
    // above the attribution at the map's foot, as tall as it is (two lines on a phone)
    const attribution = (await w.page.locator(".maplibregl-ctrl-attrib").boundingBox())!;
    expect(box!.y + box!.height).toBeLessThanOrEqual(attribution.y);
    expect(await status.innerText()).toBe(before);
    await w.page.close();
  });
});
