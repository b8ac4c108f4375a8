// The places of the map: compact rows to GeoJSON, the filters, the popup.
// Text always goes in as text (never as HTML): names come from porteurs' files.

export const LEVELS = ["Élémentaire", "Collège", "Lycée"];
const COLUMNS = [
  "lon",
  "lat",
  "nom",
  "adresse",
  "cp",
  "commune",
  "dep",
  "niveaux",
  "rural",
  "qpv",
  "porteurs",
  "precision",
];

/** The published rows to objects: commune and porteurs are indexes into their own lists. */
export function placeObjects({ lieux, communes, porteurs }) {
  return lieux.map((r, id) => {
    const p = Object.fromEntries([["id", id], ...COLUMNS.map((c, i) => [c, r[i]])]);
    p.communeIndex = p.commune;
    p.commune = communes[p.commune][0];
    p.porteurs = porteurs[p.porteurs];
    return p;
  });
}

/** The communes one can search: name, postcodes, index. */
export function communeObjects(communes) {
  return communes.map(([nom, cp], index) => ({ nom, cp: cp ? cp.split(" ") : [], index }));
}

export function levelNames(bits) {
  const names = LEVELS.filter((_, i) => bits & (1 << i));
  if (bits & 8) names.push("autre niveau");
  return names;
}

/** Places matching the filters: levels (any of them), milieu, QPV. */
export function filterPlaces(places, { levels = LEVELS, milieu = "tous", qpv = false } = {}) {
  // every level ticked: no filter on levels (places of other levels stay)
  const mask =
    levels.length === LEVELS.length ? ~0 : levels.reduce((m, l) => m | (1 << LEVELS.indexOf(l)), 0);
  return places.filter(
    (p) =>
      (p.niveaux & mask) !== 0 &&
      (milieu === "tous" || (milieu === "rural") === (p.rural === 1)) &&
      (!qpv || p.qpv === 1),
  );
}

export function toGeoJson(places) {
  return {
    type: "FeatureCollection",
    features: places.map((p) => ({
      type: "Feature",
      id: p.id,
      geometry: { type: "Point", coordinates: [p.lon, p.lat] },
      properties: { id: p.id },
    })),
  };
}

/** What a place's position is, when it is not its own. */
export const PRECISION_NOTE = {
  m: "Position approximative : centre de la commune",
  d: "Position approximative : centre du département (commune sans position connue)",
};

/** The popup's content, built from text nodes. */
export function placeCard(p) {
  const div = document.createElement("div");
  div.className = "lieu";
  const add = (tag, text) => {
    const el = document.createElement(tag);
    el.textContent = text;
    div.appendChild(el);
    return el;
  };
  add("strong", p.nom);
  add("p", p.porteurs);
  add("p", [p.adresse, `${p.cp} ${p.commune}`.trim()].filter(Boolean).join(", "));
  add("p", `Niveaux : ${levelNames(p.niveaux).join(", ")}`);
  // precision: c = the export's coordinates, a = the address, m = the commune's centre, d = the département's
  const approximate = PRECISION_NOTE[p.precision];
  if (approximate) add("p", approximate).className = "muted";
  return div;
}
