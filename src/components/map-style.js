// The map's own sources and layers: département outlines as the base (no tile
// server needed) and the clustered places. With a basemap style URL from the
// configuration, only the outlines' contours and the places go on top of it.

export function placesLayers(outlines, placesGeoJson, { basemap = false } = {}) {
  const sources = {
    departements: { type: "geojson", data: outlines },
    lieux: {
      type: "geojson",
      data: placesGeoJson,
      cluster: true,
      clusterRadius: 45,
      clusterMaxZoom: 12,
    },
  };
  const layers = [
    ...(basemap
      ? []
      : [
          { id: "fond", type: "background", paint: { "background-color": "#eef3f7" } },
          {
            id: "departements",
            type: "fill",
            source: "departements",
            paint: { "fill-color": "#ffffff" },
          },
        ]),
    {
      id: "contours",
      type: "line",
      source: "departements",
      paint: { "line-color": "#8a98a8", "line-width": 0.6 },
    },
    {
      id: "groupes",
      type: "circle",
      source: "lieux",
      filter: ["has", "point_count"],
      paint: {
        "circle-color": "#2f5bd3",
        "circle-opacity": 0.8,
        "circle-radius": ["step", ["get", "point_count"], 12, 10, 16, 50, 22, 200, 28],
        "circle-stroke-color": "#ffffff",
        "circle-stroke-width": 1.5,
      },
    },
    {
      id: "lieux",
      type: "circle",
      source: "lieux",
      filter: ["!", ["has", "point_count"]],
      paint: {
        "circle-color": "#d1481f",
        "circle-radius": 6,
        "circle-stroke-color": "#ffffff",
        "circle-stroke-width": 1.5,
      },
    },
  ];
  return { sources, layers };
}

/** The style to start from: the basemap's URL, or an offline style holding our layers. */
export function mapStyle(outlines, placesGeoJson, basemapUrl) {
  if (basemapUrl) return basemapUrl;
  const { sources, layers } = placesLayers(outlines, placesGeoJson);
  return { version: 8, sources, layers };
}

/** On a basemap, our sources and layers are added once it has loaded. */
export function addPlacesOnBasemap(map, outlines, placesGeoJson) {
  const { sources, layers } = placesLayers(outlines, placesGeoJson, { basemap: true });
  for (const [id, source] of Object.entries(sources)) map.addSource(id, source);
  for (const layer of layers) map.addLayer(layer);
}
