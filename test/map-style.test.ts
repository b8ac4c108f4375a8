import { describe, expect, it } from "vitest";
import { basemapStyle } from "../loaders/publish/site-data.js";
// @ts-expect-error -- a page component in plain JavaScript
import { mapStyle, placesLayers } from "../src/components/map-style.js";
// @ts-expect-error -- a page component in plain JavaScript
import { filterPlaces, levelNames, placeCard, placeObjects } from "../src/components/places.js";

const outlines = { type: "FeatureCollection", features: [] };
const points = { type: "FeatureCollection", features: [] };

describe("the map's style", () => {
  it("is offline by default, on département outlines", () => {
    expect(basemapStyle({})).toBeNull();
    const style = mapStyle(outlines, points, null);
    expect(style.version).toBe(8);
    expect(Object.keys(style.sources)).toEqual(["departements", "lieux"]);
    expect(style.sources.lieux.cluster).toBe(true);
    expect(JSON.stringify(style)).not.toMatch(/https?:/);
  });

  it("uses a configured basemap, with the places and contours on top of it", () => {
    expect(basemapStyle({ CLAS_FOND_DE_CARTE: "https://tuiles.example.org/style.json" })).toBe(
      "https://tuiles.example.org/style.json",
    );
    expect(mapStyle(outlines, points, "https://tuiles.example.org/style.json")).toBe(
      "https://tuiles.example.org/style.json",
    );
    const { layers } = placesLayers(outlines, points, { basemap: true });
    expect(layers.map((l: { id: string }) => l.id)).toEqual(["contours", "groupes", "lieux"]);
  });
});

describe("places on the page", () => {
  const rows = [
    [2.35, 48.85, "A", "1 rue X", "75001", "Paris", "75", 1, 0, 1, "P1", "adresse"],
    [1.44, 43.6, "B", "", "31000", "Toulouse", "31", 2 | 4, 1, 0, "P2", "commune"],
    [5.4, 43.3, "C", "", "13001", "Marseille", "13", 8, 0, 0, "P3", "commune"],
  ];
  const places = placeObjects(rows);

  it("filter by level, milieu and QPV; every level ticked keeps other levels too", () => {
    const ids = (list: { nom: string }[]) => list.map((p) => p.nom);
    expect(ids(filterPlaces(places))).toEqual(["A", "B", "C"]);
    expect(ids(filterPlaces(places, { levels: ["Collège"] }))).toEqual(["B"]);
    expect(ids(filterPlaces(places, { milieu: "rural" }))).toEqual(["B"]);
    expect(ids(filterPlaces(places, { qpv: true }))).toEqual(["A"]);
    expect(levelNames(2 | 4 | 8)).toEqual(["Collège", "Lycée", "autre niveau"]);
  });
});

describe("the popup", () => {
  it("puts names in as text, never as HTML", () => {
    // a minimal document for the DOM calls of the component
    const created: { tag: string; text: string }[] = [];
    const el = (tag: string) => ({
      tag,
      className: "",
      children: [] as unknown[],
      set textContent(t: string) {
        created.push({ tag, text: t });
      },
      appendChild(c: unknown) {
        this.children.push(c);
        return c;
      },
    });
    (globalThis as unknown as { document: unknown }).document = { createElement: el };
    const [p] = placeObjects([
      [0, 0, "<img src=x onerror=alert(1)>", "", "", "X", "01", 1, 0, 0, "<script>", "adresse"],
    ]);
    placeCard(p);
    expect(created[0]).toEqual({ tag: "strong", text: "<img src=x onerror=alert(1)>" });
    expect(created[1]).toEqual({ tag: "p", text: "<script>" });
    delete (globalThis as unknown as { document?: unknown }).document;
  });
});
