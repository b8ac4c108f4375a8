// The map's style: its own light basemap from the reference geodata (sea,
// land, département outlines, département and town names) and the places,
// clustered, with their counts. Text is drawn by MapLibre in the browser from
// the site's own font files (`font-faces`): no glyph or tile server. With a
// basemap style from the configuration, the places, outlines and their
// labels go on top of it.

/** Our font's name in `text-font`: not a name a basemap's glyph server may serve. */
import { COMMUNES_ZOOM } from "../lib/basemap.js";
export const FONT = "Clas Noto Sans";
export const FONT_BOLD = "Clas Noto Sans Bold";

// the subsets of @fontsource/noto-sans (its CSS's unicode-range)
const LATIN = [
  "U+0000-00FF",
  "U+0131",
  "U+0152-0153",
  "U+02BB-02BC",
  "U+02C6",
  "U+02DA",
  "U+02DC",
  "U+0304",
  "U+0308",
  "U+0329",
  "U+2000-206F",
  "U+20AC",
  "U+2122",
  "U+2191",
  "U+2193",
  "U+2212",
  "U+2215",
  "U+FEFF",
  "U+FFFD",
];
const LATIN_EXT = [
  "U+0100-02BA",
  "U+02BD-02C5",
  "U+02C7-02CC",
  "U+02CE-02D7",
  "U+02DD-02FF",
  "U+1D00-1DBF",
  "U+1E00-1E9F",
  "U+1EF2-1EFF",
  "U+2020",
  "U+20A0-20AB",
  "U+20AD-20C0",
  "U+2113",
  "U+2C60-2C7F",
  "U+A720-A7FF",
];

/** The font files, by URL: each is fetched only when a label needs one of its characters. */
export function fontFaces({ latin, latinBold, latinExt }) {
  return {
    [FONT]: [
      { url: latin, "unicode-range": LATIN },
      { url: latinExt, "unicode-range": LATIN_EXT },
    ],
    [FONT_BOLD]: [{ url: latinBold, "unicode-range": LATIN }],
  };
}

const HALO = { "text-halo-color": "#ffffff", "text-halo-width": 1.5 };
const EMPTY = { type: "FeatureCollection", features: [] };

/** The labels' points, from the basemap's compact rows. */
export function labelPoints(labels) {
  const point = (lon, lat, properties) => ({
    type: "Feature",
    geometry: { type: "Point", coordinates: [lon, lat] },
    properties,
  });
  return {
    departements: {
      type: "FeatureCollection",
      features: labels.departements.map(([code, nom, lon, lat]) => point(lon, lat, { code, nom })),
    },
    villes: {
      type: "FeatureCollection",
      features: labels.communes.map(([nom, lon, lat, population]) =>
        point(lon, lat, { nom, population }),
      ),
    },
  };
}

/** The basemap's sources and layers (none on a configured basemap but the outlines). */
function basemap(outlines, labels, { configured }) {
  const points = labelPoints(labels);
  const sources = {
    departements: { type: "geojson", data: outlines },
    "noms-departements": { type: "geojson", data: points.departements },
    villes: { type: "geojson", data: points.villes },
    // every commune of the départements in view, once zoomed in (from the gazetteer's files)
    communes: { type: "geojson", data: EMPTY },
  };
  const townLabel = (id, source, extra = {}) => ({
    id,
    type: "symbol",
    source,
    layout: {
      "text-field": ["get", "nom"],
      "text-font": [FONT],
      "text-size": [
        "interpolate",
        ["linear"],
        ["get", "population"],
        0,
        11,
        100000,
        13,
        500000,
        15,
      ],
      "symbol-sort-key": ["-", 0, ["get", "population"]],
      "text-padding": 3,
      "text-max-width": 8,
      // beside its point, never on it: places often sit on their commune's centre,
      // and their circles are drawn above the names
      "text-variable-anchor": ["top", "bottom", "left", "right"],
      "text-radial-offset": 1.1,
      ...extra,
    },
    paint: { "text-color": "#3b4450", ...HALO },
  });
  const layers = [
    ...(configured
      ? []
      : [
          { id: "fond", type: "background", paint: { "background-color": "#e9ecef" } },
          {
            id: "terres",
            type: "fill",
            source: "departements",
            paint: { "fill-color": "#fbfaf6" },
          },
        ]),
    {
      id: "contours",
      type: "line",
      source: "departements",
      paint: {
        "line-color": "#8f9aa7",
        "line-width": ["interpolate", ["linear"], ["zoom"], 4, 0.5, 10, 1.5],
      },
    },
    ...(configured
      ? []
      : [
          // towns: only the largest at a national view, more as one zooms in
          {
            ...townLabel("villes", "villes"),
            minzoom: 4,
            maxzoom: COMMUNES_ZOOM,
            filter: [
              "step",
              ["zoom"],
              [">=", ["get", "population"], 200000],
              6,
              [">=", ["get", "population"], 60000],
              7,
              [">=", ["get", "population"], 25000],
              8,
              true,
            ],
          },
          // every commune once zoomed in, the towns among them (one name each)
          { ...townLabel("communes", "communes"), minzoom: COMMUNES_ZOOM },
        ]),
    {
      id: "noms-departements",
      type: "symbol",
      source: "noms-departements",
      minzoom: 5,
      maxzoom: 9.5,
      layout: {
        "text-field": ["get", "nom"],
        "text-font": [FONT],
        "text-size": 12,
        "text-transform": "uppercase",
        "text-letter-spacing": 0.08,
        "text-max-width": 7,
        "text-padding": 4,
      },
      paint: { "text-color": "#66707c", ...HALO },
    },
  ];
  return { sources, layers };
}

/** The places' source and layers: clusters with their count, points with theirs, names up close. */
function placesLayers(points) {
  const sources = {
    lieux: {
      type: "geojson",
      data: points,
      cluster: true,
      clusterRadius: 40,
      clusterMaxZoom: 14,
      clusterProperties: { lieux: ["+", ["get", "n"]] },
    },
  };
  const count = (id, filter, field, size) => ({
    id,
    type: "symbol",
    source: "lieux",
    filter,
    layout: {
      "text-field": ["to-string", ["get", field]],
      "text-font": [FONT_BOLD],
      "text-size": size,
      "text-allow-overlap": true,
      "text-ignore-placement": true,
    },
    paint: { "text-color": "#ffffff" },
  });
  const layers = [
    {
      id: "groupes",
      type: "circle",
      source: "lieux",
      filter: ["has", "point_count"],
      paint: {
        "circle-color": "#1f4fbf",
        "circle-radius": ["step", ["get", "lieux"], 14, 10, 17, 50, 21, 200, 26],
        "circle-stroke-color": "#ffffff",
        "circle-stroke-width": 2,
      },
    },
    count("groupes-nombre", ["has", "point_count"], "lieux", 13),
    {
      id: "lieux",
      type: "circle",
      source: "lieux",
      filter: ["!", ["has", "point_count"]],
      paint: {
        "circle-color": "#b3361b",
        "circle-radius": ["case", [">", ["get", "n"], 1], 11, 8],
        "circle-stroke-color": "#ffffff",
        "circle-stroke-width": 2,
      },
    },
    count("lieux-nombre", ["all", ["!", ["has", "point_count"]], [">", ["get", "n"], 1]], "n", 11),
  ];
  return { sources, layers };
}

/**
 * The whole style: our basemap, or the configured one (`base`, its style
 * already fetched) under our outlines and places; our fonts in both.
 */
export function mapStyle({ outlines, labels, points, fonts, base = null }) {
  const ground = basemap(outlines, labels, { configured: base !== null });
  const places = placesLayers(points);
  return {
    ...(base ?? {}),
    version: 8,
    "font-faces": { ...(base?.["font-faces"] ?? {}), ...fontFaces(fonts) },
    sources: { ...(base?.sources ?? {}), ...ground.sources, ...places.sources },
    layers: [...(base?.layers ?? []), ...ground.layers, ...places.layers],
  };
}
