// The public map as a parent uses it (public build of the shared test site):
// what the map draws (read back from MapLibre's rendered features: cluster
// counts, commune names), the search (a typo, a name several communes bear, a
// commune with no Clas, a postcode of an arrondissement), stacked places, the
// list tied to the view, the URL, a phone, no other host; and a configured
// basemap served by a local server.
import { readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { distanceKm } from "../src/lib/distance.js";
import { formatDistance } from "../src/lib/format.js";
import { normalizeSearch } from "../src/lib/search.js";
import { accessibility, launch, watchedPage, type Watched } from "./helpers/browser.js";
import {
  builtSites,
  publishedPlaces,
  serveSites,
  type BuiltSites,
  type PublishedPlace,
} from "./helpers/sites.js";
import { placesPublication } from "../loaders/publish/places.js";

let sites: BuiltSites;
let served: Awaited<ReturnType<typeof serveSites>>;
let browser: BrowserContext;
let lieux: PublishedPlace[];

beforeAll(async () => {
  sites = await builtSites();
  served = await serveSites(sites);
  browser = await launch();
  lieux = publishedPlaces(sites.publicSite);
}, 900_000);

afterAll(async () => {
  await browser?.close();
  served?.close();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- MapLibre's map, untyped here
type AnyMap = any;

async function open(url: string, viewport = { width: 1280, height: 900 }): Promise<Watched> {
  const w = await watchedPage(browser);
  await w.page.setViewportSize(viewport);
  await w.page.goto(served.url("public", url), { waitUntil: "load" });
  await w.page.waitForFunction(() => {
    const map = (window as unknown as { clasCarte?: AnyMap }).clasCarte;
    return map?.loaded() && document.querySelector("#liste-lieux-etat")?.textContent;
  });
  return w;
}

/** Waits for the map to be still and every source and glyph drawn. */
async function idle(w: Watched): Promise<void> {
  await w.page.evaluate(async () => {
    const map = (window as unknown as { clasCarte: AnyMap }).clasCarte;
    if (!map.loaded() || !map.areTilesLoaded()) await new Promise((r) => map.once("idle", r));
  });
}

async function search(w: Watched, text: string): Promise<string> {
  await w.page.getByLabel("Commune, code postal ou nom d'un lieu").fill(text);
  await w.page.getByRole("button", { name: "Chercher", exact: true }).click();
  await w.page.waitForFunction(() => {
    const m = document.querySelector("#recherche-message")?.textContent ?? "";
    return m !== "" && !m.includes("Recherche…");
  });
  return (await w.page.locator("#recherche-message").innerText()).replace(/[ \n\t]+/g, " ");
}

function onlyOwnHost(w: Watched, ...allowed: string[]): string[] {
  return w.requests.filter(
    (r) =>
      ![served.url("public", "/"), served.url("site", "/"), ...allowed].some((a) =>
        r.startsWith(a),
      ) &&
      !r.startsWith("data:") &&
      !r.startsWith("blob:"),
  );
}

// One map, opened by the first test and used by the searches after it, as a parent uses it:
// looks at it, then looks for one commune and then another (each map opened costs Chromium
// three to four seconds of the processor). The tests that need a map as it opens, or an address
// of their own, open their own.
let carte: Watched | undefined;
const searching = async () => (carte ??= await open("/carte"));
afterAll(() => carte?.page.close());

describe("the map draws", () => {
  it("every place, counted in its cluster's label, and commune names where they help", async () => {
    // the map as it opens: first of the tests that share it
    const w = await searching();
    await idle(w);
    const drawn = await w.page.evaluate(() => {
      const map = (window as unknown as { clasCarte: AnyMap }).clasCarte;
      const counts = map
        .queryRenderedFeatures({ layers: ["groupes-nombre"] })
        .map((f: AnyMap) => f.properties.lieux);
      const towns = map
        .queryRenderedFeatures({ layers: ["villes"] })
        .map((f: AnyMap) => f.properties.nom);
      return { counts, towns };
    });
    expect(drawn.counts.length).toBeGreaterThan(3);
    // the tests' browser asks for less motion: no label fades in (MapLibre's own field, no getter)
    expect(
      await w.page.evaluate(
        () =>
          (window as unknown as { clasCarte: { _fadeDuration: number } }).clasCarte._fadeDuration,
      ),
    ).toBe(0);
    expect(drawn.counts.every((n: number) => n >= 2)).toBe(true);
    expect(drawn.towns).toContain("Paris");
    // every place is in one cluster or point of the source
    const total = await w.page.evaluate(async () => {
      const map = (window as unknown as { clasCarte: AnyMap }).clasCarte;
      map.jumpTo({ center: [0, 20], zoom: 0 });
      await new Promise((r) => map.once("idle", r));
      const seen = new Map<string, number>();
      for (const f of map.querySourceFeatures("lieux"))
        seen.set(
          f.properties.cluster ? `c${f.properties.cluster_id}` : `p${f.properties.position}`,
          f.properties.cluster ? f.properties.lieux : f.properties.n,
        );
      return [...seen.values()].reduce((a: number, b: number) => a + b, 0);
    });
    expect(total).toBe(lieux.length);
    // zoomed in on Lille: the names of the communes around, from the gazetteer's files (fetched
    // once the move ends, then drawn: asked again until they are, however loaded the machine)
    await w.page.evaluate(async () => {
      const map = (window as unknown as { clasCarte: AnyMap }).clasCarte;
      map.jumpTo({ center: [3.05, 50.63], zoom: 11.5 });
      await new Promise((r) => map.once("idle", r));
    });
    await expect
      .poll(() =>
        w.page.evaluate(() =>
          (window as unknown as { clasCarte: AnyMap }).clasCarte
            .queryRenderedFeatures({ layers: ["communes", "villes"] })
            .map((f: AnyMap) => f.properties.nom),
        ),
      )
      .toEqual(expect.arrayContaining(["Lille", "Lambersart"]));
    expect(w.errors).toEqual([]);
    expect(onlyOwnHost(w)).toEqual([]);
  });
});

describe("the search", () => {
  it("« lile » finds Lille and says it corrected; the URL keeps it and restores it", async () => {
    const w = await searching();
    const said = await search(w, "lile");
    expect(said).toContain("Résultats pour Lille (59) (recherche : « lile »)");
    expect(new URL(w.page.url()).searchParams.get("commune")).toBe("59350");
    // a shared link: the commune and a level
    const shared = await open("/carte?commune=59350&niveau=college");
    await shared.page.waitForFunction(() =>
      document.querySelector("#recherche-message")?.textContent?.includes("Lille"),
    );
    expect(await shared.page.getByLabel("Commune, code postal ou nom d'un lieu").inputValue()).toBe(
      "Lille",
    );
    expect(await shared.page.getByRole("checkbox", { name: "Collège" }).isChecked()).toBe(true);
    expect(await shared.page.getByRole("checkbox", { name: "Élémentaire" }).isChecked()).toBe(
      false,
    );
    // the filter keeps only the places that have collège
    const collegeOnly = lieux.filter((p) => (p.niveaux & 2) !== 0).length;
    const count = await shared.page.evaluate(() => {
      const map = (window as unknown as { clasCarte: AnyMap }).clasCarte;
      return map
        .getSource("lieux")
        .serialize()
        .data.features.reduce((s: number, f: AnyMap) => s + f.properties.n, 0);
    });
    expect(count).toBe(collegeOnly);
    await shared.page.close();
  });

  it("« Saint-Denis » asks which; a choice goes there", async () => {
    const w = await searching();
    const said = await search(w, "Saint-Denis");
    expect(said).toMatch(/Plusieurs communes correspondent à « Saint-Denis »/);
    const choices = await w.page.locator("#recherche-message button").allTextContents();
    expect(choices).toEqual(expect.arrayContaining(["Saint-Denis (93)", "Saint-Denis (974)"]));
    await w.page.getByRole("button", { name: "Saint-Denis (974)" }).click();
    await w.page.waitForFunction(
      () => new URL(location.href).searchParams.get("commune") === "97411",
    );
  });

  it("« Lambersart », with no Clas: the nearest places, with their distance, next to the search box", async () => {
    expect(lieux.some((p) => p.codeCommune === "59328")).toBe(false);
    // expected: the communes of the nearest places from Lambersart's centre (reference geodata)
    const centre = { lat: 50.65193, lon: 3.02546 };
    const seen = new Map<string, number>();
    // from the places with a position of their own: a commune's centre is not a place's
    const precise = lieux.filter((p) => !p.approximate);
    expect(precise.length).toBeGreaterThan(0);
    for (const [d, p] of precise
      .map((p) => [distanceKm(centre.lat, centre.lon, p.lat, p.lon), p] as const)
      .sort((a, b) => a[0] - b[0]))
      if (!seen.has(p.commune) && seen.size < 3) seen.set(p.commune, d);
    const expected = [...seen].map(([c, d]) => `${c}, ${formatDistance(d)}`).join(" · ");
    const w = await searching();
    const said = await search(w, "Lambersart");
    expect(said).toContain(`Aucun lieu Clas à Lambersart ; les plus proches : ${expected}.`);
    // the message is beside the field, not under the map
    const field = await w.page.getByLabel("Commune, code postal ou nom d'un lieu").boundingBox();
    const message = await w.page.locator("#recherche-message").boundingBox();
    const map = await w.page.locator("#carte").boundingBox();
    expect(message!.y).toBeGreaterThan(field!.y);
    expect(message!.y).toBeLessThan(map!.y);
    // the list, nearest first, with the same distance
    await idle(w);
    const first = await w.page.locator(".liste-lieux li").first().innerText();
    expect(first).toContain(`${formatDistance([...seen.values()][0]!)} de Lambersart`);
  });

  it("a postcode of an arrondissement, « Marseille 13003 », a place's name", async () => {
    const w = await searching();
    expect(await search(w, "75011")).toContain("Paris 11e Arrondissement");
    expect(new URL(w.page.url()).searchParams.get("commune")).toBe("75111");
    expect(await search(w, "Marseille 13003")).toContain("Marseille 3e Arrondissement");
    // a place's name (accents and case ignored), when no commune bears it
    const named = lieux.filter((p) =>
      normalizeSearch([p.nom, p.adresse, ...p.porteurs].join(" ")).includes("mediatheque"),
    ).length;
    expect(named).toBeGreaterThan(0);
    expect(await search(w, "MEDIATHEQUE")).toContain(
      `${named} lieu${named > 1 ? "x" : ""} dont le nom, le porteur ou l'adresse contient « MEDIATHEQUE »`,
    );
    expect(await search(w, "zzqx")).toContain(
      "Aucune commune ni aucun lieu ne correspond à « zzqx »",
    );
    expect(w.errors).toEqual([]);
  });
});

describe("places", () => {
  it("sharing a point open one popup that lists them all", async () => {
    const at = new Map<string, PublishedPlace[]>();
    for (const p of lieux) at.set(`${p.lon},${p.lat}`, [...(at.get(`${p.lon},${p.lat}`) ?? []), p]);
    const stack = [...at.values()].sort((a, b) => b.length - a.length)[0]!;
    expect(stack.length).toBeGreaterThanOrEqual(3);
    const w = await open("/carte");
    const point = await w.page.evaluate(
      async ([lon, lat]) => {
        const map = (window as unknown as { clasCarte: AnyMap }).clasCarte;
        map.jumpTo({ center: [lon, lat], zoom: 16 });
        await new Promise((r) => map.once("idle", r));
        const p = map.project([lon, lat]);
        const box = map.getCanvas().getBoundingClientRect();
        return { x: box.left + p.x, y: box.top + p.y };
      },
      [stack[0]!.lon, stack[0]!.lat],
    );
    // a tap a little off the point still opens it (a finger is not a mouse pointer)
    await w.page.mouse.click(point.x + 12, point.y - 10);
    const popup = w.page.locator(".maplibregl-popup-content");
    await popup.waitFor();
    expect(await popup.locator("h2").first().textContent()).toBe(
      `${stack.length} lieux à cet endroit`,
    );
    const names = await popup.locator("li h3").allTextContents();
    expect(names.sort()).toEqual(stack.map((p) => p.nom).sort());
    await w.page.close();
  });

  it("the list shows what the map shows, a page at a time, and leads to the map", async () => {
    const w = await open("/carte");
    const bounds = await w.page.evaluate(async () => {
      const map = (window as unknown as { clasCarte: AnyMap }).clasCarte;
      map.jumpTo({ center: [2.35, 48.86], zoom: 9 });
      await new Promise((r) => map.once("idle", r));
      return map.getBounds().toArray();
    });
    const [[w0, s0], [e0, n0]] = bounds;
    const inside = lieux.filter((p) => p.lon >= w0 && p.lon <= e0 && p.lat >= s0 && p.lat <= n0);
    expect(inside.length).toBeGreaterThan(20);
    await w.page.waitForFunction(
      (n) => document.querySelector("#liste-lieux-etat")?.textContent?.startsWith(`${n} lieux`),
      inside.length,
    );
    expect(await w.page.locator(".liste-lieux ol.lieux > li").count()).toBe(20);
    await w.page.getByRole("button", { name: "Lieux suivants" }).click();
    // the next page is drawn once its places' details have come
    await expect
      .poll(() => w.page.locator(".liste-lieux ol.lieux").getAttribute("start"))
      .toBe("21");
    // a place of the list, opened on the map
    const first = w.page.locator(".liste-lieux .lieu-voir").first();
    const name = (await first.textContent())!;
    await first.click();
    const popup = w.page.locator(".maplibregl-popup-content");
    await popup.waitFor();
    expect(await popup.innerText()).toContain(name);
    expect(
      await w.page.evaluate(() => document.activeElement?.closest(".maplibregl-popup") !== null),
    ).toBe(true);
    // what a parent reads: porteur and its public record, levels, rhythm
    const text = await popup.innerText();
    expect(text).toMatch(/Porteurs?/);
    expect(text).toMatch(/séances? par semaine de/);
    const record = await popup
      .getByRole("link", { name: /fiche publique/ })
      .first()
      .getAttribute("href");
    expect(record).toMatch(
      /^https:\/\/annuaire-entreprises\.data\.gouv\.fr\/etablissement\/\d{14}$/,
    );
    expect(w.errors).toEqual([]);
    expect(onlyOwnHost(w)).toEqual([]);
    expect(await accessibility(w)).toEqual([]);
    await w.page.close();
  });

  it("at 390 pixels: the map and the list both usable, tap targets of 44 pixels", async () => {
    const w = await open("/carte", { width: 390, height: 844 });
    expect(await w.page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
    const map = await w.page.locator("#carte").boundingBox();
    expect(map!.width).toBeGreaterThan(300);
    expect(map!.height).toBeGreaterThan(400);
    const small = await w.page.evaluate(() =>
      Array.from(
        document.querySelectorAll(
          ".carte-lieux button, .carte-lieux input, .maplibregl-ctrl button",
        ),
      )
        .filter((e) => (e as HTMLElement).offsetParent !== null)
        .map((e) => {
          const box = (e.closest(".choix") ?? e).getBoundingClientRect();
          return [e.textContent || e.getAttribute("aria-label") || e.id, box.height];
        })
        .filter(([, h]) => (h as number) < 44),
    );
    expect(small).toEqual([]);
    await search(w, "Lambersart");
    await idle(w);
    expect(await w.page.locator(".liste-lieux ol.lieux > li").count()).toBeGreaterThan(0);
    await w.page.close();
  });
});

describe("a configured basemap", () => {
  it("draws under the places, with no request but to its own server", async () => {
    // a basemap server of our own: its style, a glyphs URL it would serve
    const asked: string[] = [];
    const tiles = http.createServer((req, res) => {
      asked.push(req.url!);
      if (req.url === "/style.json") {
        res.writeHead(200, {
          "content-type": "application/json",
          "access-control-allow-origin": "*",
        });
        res.end(
          JSON.stringify({
            version: 8,
            glyphs: `http://127.0.0.1:${port}/glyphs/{fontstack}/{range}.pbf`,
            sources: {},
            layers: [
              { id: "plan-fond", type: "background", paint: { "background-color": "#f4f1ea" } },
            ],
          }),
        );
      } else {
        res.writeHead(404, { "access-control-allow-origin": "*" });
        res.end();
      }
    });
    await new Promise<void>((r) => tiles.listen(0, "127.0.0.1", r));
    const port = (tiles.address() as { port: number }).port;
    const style = `http://127.0.0.1:${port}/style.json`;
    // the build writes the configured basemap into the map's file…
    process.env.CLAS_FOND_DE_CARTE = style;
    const { map } = await placesPublication(sites.db).finally(
      () => delete process.env.CLAS_FOND_DE_CARTE,
    );
    expect(map.fond).toBe(style);
    // …which the page draws under the places: the shared public build's file, with that basemap
    const file = readdirSync(path.join(sites.publicSite, "_file", "data")).find((f) =>
      /^lieux\.[a-f0-9]+\.json$/.test(f),
    )!;
    const published = JSON.parse(
      readFileSync(path.join(sites.publicSite, "_file", "data", file), "utf8"),
    ) as { fond: string | null };
    expect(published.fond).toBeNull();
    try {
      const own = served.url("public", "/");
      const w = await watchedPage(browser);
      await w.page.route(`**/_file/data/${file}`, (route) =>
        route.fulfill({ json: { ...published, fond: style } }),
      );
      await w.page.goto(served.url("public", "/carte"), { waitUntil: "networkidle" });
      await w.page.waitForFunction(() =>
        (window as unknown as { clasCarte?: AnyMap }).clasCarte?.loaded(),
      );
      await idle(w);
      const layers = await w.page.evaluate(() => {
        const map = (window as unknown as { clasCarte: AnyMap }).clasCarte;
        return {
          ids: map.getStyle().layers.map((l: AnyMap) => l.id),
          counts: map.queryRenderedFeatures({ layers: ["groupes-nombre"] }).length,
        };
      });
      expect(layers.ids[0]).toBe("plan-fond");
      expect(layers.ids).toContain("groupes-nombre");
      expect(layers.counts).toBeGreaterThan(0);
      // our labels are drawn from our fonts: the basemap's glyph server is never asked
      expect(asked).toEqual(["/style.json"]);
      expect(onlyOwnHost(w, own, `http://127.0.0.1:${port}/`)).toEqual([]);
      expect(w.errors).toEqual([]);
      await w.page.close();
    } finally {
      tiles.close();
    }
  }, 180_000);
});
