import { describe, expect, it } from "vitest";
import { basemapStyle } from "../loaders/publish/site-data.js";
// @ts-expect-error -- a page component in plain JavaScript
import { mapStyle, placesLayers } from "../src/components/map-style.js";
import {
  communeObjects,
  filterPlaces,
  levelNames,
  placeCard,
  placeObjects,
  // @ts-expect-error -- a page component in plain JavaScript
} from "../src/components/places.js";
import { decodeOutlines, encodeOutlines } from "../src/lib/outlines.js";

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
  const data = {
    lieux: [
      [2.35, 48.85, "A", "1 rue X", "75001", 1, "75", 1, 0, 1, 0, "adresse"],
      [1.44, 43.6, "B", "", "31000", 2, "31", 2 | 4, 1, 0, 1, "commune"],
      [5.4, 43.3, "C", "", "13001", 0, "13", 8, 0, 0, 1, "commune"],
    ],
    communes: [
      ["Marseille", "13001 13002"],
      ["Paris", "75001"],
      ["Toulouse", ""],
    ],
    porteurs: ["P1", "P2 ; P3"],
  };
  const places = placeObjects(data);

  it("read their commune and porteurs from the lists they index", () => {
    expect(
      places.map((p: { commune: string; porteurs: string }) => [p.commune, p.porteurs]),
    ).toEqual([
      ["Paris", "P1"],
      ["Toulouse", "P2 ; P3"],
      ["Marseille", "P2 ; P3"],
    ]);
    expect(communeObjects(data.communes)[0]).toEqual({
      nom: "Marseille",
      cp: ["13001", "13002"],
      index: 0,
    });
    expect(communeObjects(data.communes)[2]!.cp).toEqual([]);
  });

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
    const [p] = placeObjects({
      lieux: [[0, 0, "<img src=x onerror=alert(1)>", "", "", 0, "01", 1, 0, 0, 0, "adresse"]],
      communes: [["X", ""]],
      porteurs: ["<script>"],
    });
    placeCard(p);
    expect(created[0]).toEqual({ tag: "strong", text: "<img src=x onerror=alert(1)>" });
    expect(created[1]).toEqual({ tag: "p", text: "<script>" });
    delete (globalThis as unknown as { document?: unknown }).document;
  });
});

describe("the outlines of the map of places", () => {
  it("come back from their packed form as the rounded MultiPolygons", () => {
    const features = [
      {
        properties: { code: "2A", nom: "Corse-du-Sud" },
        geometry: {
          type: "Polygon",
          coordinates: [
            [
              [8.7312, 41.9194],
              [9.1, 41.5],
              [8.6, 41.61],
              [8.7312, 41.9194],
            ],
          ],
        },
      },
      {
        properties: { code: "974", nom: "La Réunion" },
        geometry: {
          type: "MultiPolygon",
          coordinates: [
            [
              [
                [55.21, -21.0],
                [55.84, -21.15],
                [55.5, -21.39],
                [55.21, -21.0],
              ],
            ],
          ],
        },
      },
    ];
    const packed = encodeOutlines(features, 100);
    // small whole numbers after the first point
    expect(packed.outlines[0]![2][0]![0]!.slice(0, 4)).toEqual([873, 4192, 37, -42]);
    const back = decodeOutlines(packed);
    expect(back.features.map((f) => f.properties.code)).toEqual(["2A", "974"]);
    expect(back.features[0]!.geometry).toEqual({
      type: "MultiPolygon",
      coordinates: [
        [
          [
            [8.73, 41.92],
            [9.1, 41.5],
            [8.6, 41.61],
            [8.73, 41.92],
          ],
        ],
      ],
    });
    expect(back.features[1]!.geometry.coordinates).toEqual(features[1]!.geometry.coordinates);
  });
});
