// The map's style and places, as data: what MapLibre is given, and what a
// parent reads of a place (the browser tests, test/carte.test.ts, look at the map).
import { describe, expect, it } from "vitest";
import { basemapStyle, routingUrl } from "../loaders/publish/site-data.js";
// @ts-expect-error -- a page component in plain JavaScript
import { FONT, FONT_BOLD, mapStyle } from "../src/components/map-style.js";
import {
  directoryUrl,
  filterPlaces,
  levelNames,
  placeObjects,
  addDetails,
  positions,
  rhythm,
  toGeoJson,
  // @ts-expect-error -- a page component in plain JavaScript
} from "../src/components/places.js";
import { decodeOutlines, encodeOutlines } from "../src/lib/outlines.js";

const outlines = { type: "FeatureCollection", features: [] };
const labels = {
  departements: [["59", "Nord", 3.2, 50.4]],
  communes: [["Lille", 3.047, 50.632, 238246]],
};
const points = { type: "FeatureCollection", features: [] };
const fonts = { latin: "./a.woff2", latinBold: "./b.woff2", latinExt: "./c.woff2" };
type Layer = { id: string; type: string; layout?: Record<string, unknown> };

describe("the map's style", () => {
  it("is offline by default: its own basemap, its labels drawn from the site's font files", () => {
    expect(basemapStyle({})).toBeNull();
    const style = mapStyle({ outlines, labels, points, fonts });
    expect(style.version).toBe(8);
    expect(style.glyphs).toBeUndefined();
    expect(Object.keys(style.sources)).toEqual([
      "departements",
      "noms-departements",
      "villes",
      "communes",
      "lieux",
    ]);
    expect(style.sources.lieux).toMatchObject({
      cluster: true,
      clusterProperties: { lieux: ["+", ["get", "n"]] },
    });
    expect(style["font-faces"][FONT].map((f: { url: string }) => f.url)).toEqual([
      "./a.woff2",
      "./c.woff2",
    ]);
    expect(style["font-faces"][FONT_BOLD][0]["unicode-range"]).toContain("U+0000-00FF");
    const layers = style.layers as Layer[];
    expect(layers.map((l) => l.id)).toEqual([
      "fond",
      "terres",
      "contours",
      "villes",
      "communes",
      "noms-departements",
      "groupes",
      "groupes-nombre",
      "lieux",
      "lieux-nombre",
    ]);
    // every text in our font; the clusters' and stacked points' counts in bold
    for (const l of layers.filter((l) => l.type === "symbol"))
      expect([[FONT], [FONT_BOLD]]).toContainEqual(l.layout!["text-font"]);
    expect(layers.find((l) => l.id === "groupes-nombre")!.layout!["text-field"]).toEqual([
      "to-string",
      ["get", "lieux"],
    ]);
    expect(JSON.stringify(style)).not.toMatch(/https?:/);
  });

  it("on a configured basemap: its layers under our outlines and places, our fonts beside its own", () => {
    expect(basemapStyle({ CLAS_FOND_DE_CARTE: "https://tuiles.example.org/style.json" })).toBe(
      "https://tuiles.example.org/style.json",
    );
    const base = {
      version: 8,
      glyphs: "https://tuiles.example.org/{fontstack}/{range}.pbf",
      sources: { plan: { type: "vector", url: "https://tuiles.example.org/plan.json" } },
      layers: [{ id: "routes", type: "line", source: "plan" }],
    };
    const style = mapStyle({ outlines, labels, points, fonts, base });
    expect(style.glyphs).toBe(base.glyphs);
    expect(style.sources.plan).toEqual(base.sources.plan);
    expect((style.layers as Layer[]).map((l) => l.id)).toEqual([
      "routes",
      "contours",
      "noms-departements",
      "groupes",
      "groupes-nombre",
      "lieux",
      "lieux-nombre",
    ]);
    expect(Object.keys(style["font-faces"])).toEqual([FONT, FONT_BOLD]);
  });

  it("names a routing service only when the configuration gives an https URL with {lat} and {lon}", () => {
    expect(routingUrl({ CLAS_ITINERAIRE: "https://route.example.org/?to={lat},{lon}" })).toBe(
      "https://route.example.org/?to={lat},{lon}",
    );
    expect(routingUrl({ CLAS_ITINERAIRE: "http://route.example.org/?to={lat},{lon}" })).toBeNull();
    expect(routingUrl({ CLAS_ITINERAIRE: "https://route.example.org/" })).toBeNull();
  });
});

describe("places on the page", () => {
  // the map's part: positions as deltas in 1e-4 degrees, commune index, flags (levels | rural 16 | qpv 32)
  const map = {
    communes: ["75056", "31555"],
    points: {
      x: [23500, -9100, 9100],
      y: [488500, -52500, 52500],
      c: [0, 1, 0],
      f: [1 | 32, 2 | 4 | 16, 8],
    },
  };
  // one département's file: porteurs, then [id, nom, adresse, cp, commune, porteurs, precision, rythmes, parents]
  const details = (lieux: unknown[][]) => ({
    porteurs: [
      ["P1", "12345678900011"],
      ["P2", "98765432100022"],
      ["P3", "11122233300033"],
    ],
    lieux,
  });
  const places = placeObjects(map);
  addDetails(places, details([[0, "A", "1 rue X", "75011", "Paris", "0", "a", "2x90", 1]]));
  addDetails(places, details([[1, "B", "", "31000", "Toulouse", "1 2", "m", "1x120 2x45", 0]]));
  addDetails(places, details([[2, "C", "", "75011", "Paris", "1", "m", "", 1]]));

  it("decode the positions, départements and flags of the map's part before any details", () => {
    const bare = placeObjects(map);
    expect(bare.map((p: { lon: number; lat: number }) => [p.lon, p.lat])).toEqual([
      [2.35, 48.85],
      [1.44, 43.6],
      [2.35, 48.85],
    ]);
    expect(bare[1]).toMatchObject({
      codeCommune: "31555",
      dep: "31",
      niveaux: 6,
      rural: 1,
      qpv: 0,
      nom: null,
    });
    expect(bare[0]).toMatchObject({ dep: "75", niveaux: 1, rural: 0, qpv: 1 });
  });

  it("read their commune, porteurs (name and SIRET) and rhythms from the compact rows", () => {
    expect(places[1]).toMatchObject({
      nom: "B",
      commune: "Toulouse",
      codeCommune: "31555",
      porteurs: [
        { nom: "P2", siret: "98765432100022" },
        { nom: "P3", siret: "11122233300033" },
      ],
      rythmes: [
        [1, 120],
        [2, 45],
      ],
      parents: 0,
    });
    expect(places[2].rythmes).toEqual([]);
  });

  it("say their rhythm as a parent reads it", () => {
    expect(rhythm([2, 90])).toBe("2 séances par semaine de 1\u00a0h\u00a030");
    expect(rhythm([1, 120])).toBe("1 séance par semaine de 2\u00a0h");
    expect(rhythm([2, 45])).toBe("2 séances par semaine de 45\u00a0min");
    expect(directoryUrl("12345678900011")).toBe(
      "https://annuaire-entreprises.data.gouv.fr/etablissement/12345678900011",
    );
  });

  it("filter by level, milieu and QPV; every level ticked keeps other levels too", () => {
    const ids = (list: { nom: string }[]) => list.map((p) => p.nom);
    expect(ids(filterPlaces(places))).toEqual(["A", "B", "C"]);
    expect(ids(filterPlaces(places, { levels: ["Collège"] }))).toEqual(["B"]);
    expect(ids(filterPlaces(places, { milieu: "rural" }))).toEqual(["B"]);
    expect(ids(filterPlaces(places, { qpv: true }))).toEqual(["A"]);
    expect(levelNames(2 | 4 | 8)).toEqual(["Collège", "Lycée", "autre niveau"]);
  });

  it("sharing a position, are one point that counts them", () => {
    const groups = positions(places);
    expect(groups.map((g: { nom: string }[]) => g.map((p) => p.nom))).toEqual([["A", "C"], ["B"]]);
    expect(toGeoJson(groups).features.map((f: { properties: unknown }) => f.properties)).toEqual([
      { position: 0, n: 2 },
      { position: 1, n: 1 },
    ]);
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
