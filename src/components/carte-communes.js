// The names of the communes on the map of places, once zoomed in far enough
// (lib/basemap.ts: COMMUNES_ZOOM): those of the départements in view, from the
// gazetteer's files, each département fetched once.
import { COMMUNES_ZOOM } from "../lib/basemap.js";

/** Each département's bounding box, from its outline, to know which are in view. */
function boxes(outlines) {
  return outlines.features.map((f) => {
    let [w, s, e, n] = [180, 90, -180, -90];
    const walk = (c) => {
      if (typeof c[0] === "number") {
        w = Math.min(w, c[0]);
        e = Math.max(e, c[0]);
        s = Math.min(s, c[1]);
        n = Math.max(n, c[1]);
      } else c.forEach(walk);
    };
    walk(f.geometry.coordinates);
    return { code: f.properties.code, box: [w, s, e, n] };
  });
}

/** The handler of the map's `moveend` that fills its `communes` source. */
export function CommuneNames(map, gazetteer, outlines) {
  const depBoxes = boxes(outlines);
  const shownDeps = new Set();
  const communeFeatures = [];
  return async function nameCommunes() {
    if (map.getZoom() < COMMUNES_ZOOM) return;
    const b = map.getBounds();
    const wanted = depBoxes
      .filter(
        ({ box: [w, s, e, n] }) =>
          w <= b.getEast() && e >= b.getWest() && s <= b.getNorth() && n >= b.getSouth(),
      )
      .map((d) => d.code)
      .filter((code) => !shownDeps.has(code));
    if (!wanted.length) return;
    wanted.forEach((code) => shownDeps.add(code));
    try {
      for (const entries of await Promise.all(wanted.map((code) => gazetteer.departement(code))))
        for (const e of entries)
          if (e.lat !== null && e.parent === null)
            communeFeatures.push({
              type: "Feature",
              geometry: { type: "Point", coordinates: [e.lon, e.lat] },
              properties: { nom: e.nom, population: e.population },
            });
      map.getSource("communes")?.setData({ type: "FeatureCollection", features: communeFeatures });
    } catch {
      wanted.forEach((code) => shownDeps.delete(code));
    }
  };
}
