// The places of the map: the published rows to objects, the filters, the
// positions (places sharing a point are one feature, listed together), and
// what a parent reads of a place, in the popup and in the list alike.
// Text always goes in as text (never as HTML): names come from porteurs' files.
import { distanceKm } from "../lib/distance.js";
import { formatDistance } from "../lib/format.js";
import { departementOf } from "../lib/search.js";
import { fetchKeyed } from "../lib/keyed.js";

export const LEVELS = ["Élémentaire", "Collège", "Lycée"];
/** The levels as the URL writes them (`niveau=college`). */
export const LEVEL_KEYS = ["elementaire", "college", "lycee"];

/** The map's part of every place (positions, commune, levels, milieu, QPV); a place's id is its index. */
export function placeObjects({ communes, points }) {
  let [x, y] = [0, 0];
  return points.x.map((dx, id) => {
    x += dx;
    y += points.y[id];
    const flags = points.f[id];
    const codeCommune = communes[points.c[id]];
    return {
      id,
      lon: x / 1e4,
      lat: y / 1e4,
      codeCommune,
      dep: departementOf(codeCommune),
      niveaux: flags & 15,
      rural: flags & 16 ? 1 : 0,
      qpv: flags & 32 ? 1 : 0,
      // at its commune's (or département's) centre: known before its details
      approximate: Boolean(flags & 64),
      // what a parent reads of it comes with its département's file
      nom: null,
    };
  });
}

/** Adds what a parent reads of the places of one département's file. */
export function addDetails(places, { porteurs, lieux }) {
  for (const [id, nom, adresse, cp, commune, indexes, precision, rythmes, parents] of lieux)
    Object.assign(places[id], {
      nom,
      adresse,
      cp,
      commune,
      porteurs: String(indexes)
        .split(" ")
        .filter(Boolean)
        .map((i) => ({ nom: porteurs[i][0], siret: porteurs[i][1] })),
      precision,
      rythmes: String(rythmes)
        .split(" ")
        .filter(Boolean)
        .map((r) => r.split("x").map(Number)),
      parents,
    });
}

/**
 * The places' details, fetched by département as the list or a popup shows
 * them (`lieux/<cle>/<département>.json`), or all at once for a search by name.
 */
export function PlaceDetails(base, cle, places) {
  const files = new Map();
  const fetchJson = (name) => fetchKeyed(base, "lieux", cle, name);
  const load = (dep) => {
    if (!files.has(dep))
      files.set(
        dep,
        fetchJson(dep)
          .then((file) => addDetails(places, file))
          .catch((error) => {
            files.delete(dep);
            throw error;
          }),
      );
    return files.get(dep);
  };
  let all = null;
  return {
    /** Makes sure these places can be read. */
    ensure(list) {
      return Promise.all(
        [...new Set(list.filter((p) => p.nom === null).map((p) => p.dep))].map(load),
      );
    },
    /** Every place, for a search by name. */
    all() {
      all ??= fetchJson("tous").then((byDep) => {
        for (const [dep, file] of Object.entries(byDep)) {
          addDetails(places, file);
          files.set(dep, Promise.resolve());
        }
      });
      return all;
    },
  };
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

/**
 * The map's points: places sharing a position are one point, with their
 * count (`n`), so that none hides another: its popup lists them all.
 */
export function positions(places) {
  const at = new Map();
  for (const p of places) {
    const key = `${p.lon},${p.lat}`;
    if (!at.has(key)) at.set(key, []);
    at.get(key).push(p);
  }
  return [...at.values()];
}

export function toGeoJson(groups) {
  return {
    type: "FeatureCollection",
    features: groups.map((g, i) => ({
      type: "Feature",
      id: i,
      geometry: { type: "Point", coordinates: [g[0].lon, g[0].lat] },
      properties: { position: i, n: g.length },
    })),
  };
}

/** « 2 séances par semaine de 1 h 30 ». */
export function rhythm([sessions, minutes]) {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const duration =
    h === 0 ? `${m}\u00a0min` : `${h}\u00a0h${m ? `\u00a0${String(m).padStart(2, "0")}` : ""}`;
  return `${sessions} séance${sessions > 1 ? "s" : ""} par semaine de ${duration}`;
}

/** What a place's position is, when it is not its own. */
export const PRECISION_NOTE = {
  m: "Position approximative : centre de la commune",
  d: "Position approximative : centre du département (commune sans position connue)",
};

/** Whether a place's position is its own (its address, or given), not its commune's centre. */
export function isPrecise(p) {
  return !p.approximate;
}

/** The porteur's public record in the national directory of companies and associations. */
export function directoryUrl(siret) {
  return `https://annuaire-entreprises.data.gouv.fr/etablissement/${encodeURIComponent(siret)}`;
}

/** Distance from a point, in km. */
export function distanceFrom(anchor, p) {
  return distanceKm(anchor.lat, anchor.lon, p.lat, p.lon);
}

/**
 * What a parent reads of a place, built from text nodes: the place, its
 * porteurs (with their public record), the address, levels, rhythm, QPV,
 * parents welcome, distance; a « y aller » link only when the deployment
 * names a routing service.
 */
export function placeDetails(
  p,
  { anchor = null, itineraire = null, heading = "h3", onShow = null } = {},
) {
  const div = document.createElement("div");
  div.className = "lieu";
  const add = (tag, text, parent = div) => {
    const el = document.createElement(tag);
    if (text !== undefined) el.textContent = text;
    parent.appendChild(el);
    return el;
  };
  const title = add(heading);
  if (onShow) {
    const button = add("button", p.nom, title);
    button.type = "button";
    button.className = "lieu-voir";
    button.setAttribute("aria-label", `${p.nom} : voir sur la carte`);
    button.addEventListener("click", () => onShow(p));
  } else title.textContent = p.nom;
  const dl = add("dl");
  const item = (term, build) => {
    add("dt", term, dl);
    const dd = add("dd", undefined, dl);
    build(dd);
  };
  item(p.porteurs.length > 1 ? "Porteurs" : "Porteur", (dd) => {
    p.porteurs.forEach((porteur, i) => {
      if (i) dd.appendChild(document.createTextNode(" ; "));
      dd.appendChild(document.createTextNode(`${porteur.nom} `));
      if (porteur.siret) {
        const a = add("a", "fiche publique", dd);
        a.href = directoryUrl(porteur.siret);
        a.rel = "noopener noreferrer";
        a.setAttribute(
          "aria-label",
          `${porteur.nom} : fiche publique dans l'annuaire des entreprises (nouvel onglet)`,
        );
        a.target = "_blank";
      }
    });
  });
  item("Adresse", (dd) => {
    dd.textContent = [p.adresse, `${p.cp} ${p.commune}`.trim()].filter(Boolean).join(", ");
  });
  item("Niveaux", (dd) => (dd.textContent = levelNames(p.niveaux).join(", ") || "non précisés"));
  if (p.rythmes.length)
    item("Rythme", (dd) => (dd.textContent = p.rythmes.map(rhythm).join(" ; ")));
  item("Parents", (dd) => (dd.textContent = p.parents ? "lieu ouvert aux parents" : "non précisé"));
  if (p.qpv === 1) item("Quartier", (dd) => (dd.textContent = "quartier prioritaire de la ville"));
  // a distance only from a position of its own: a place at its commune's centre is in its commune
  if (anchor && isPrecise(p))
    item(
      "Distance",
      (dd) => (dd.textContent = `${formatDistance(distanceFrom(anchor, p))} ${anchor.label}`),
    );
  else if (anchor)
    item("Distance", (dd) => (dd.textContent = `à ${p.commune}, adresse non localisée`));
  const approximate = PRECISION_NOTE[p.precision];
  if (approximate) add("p", approximate).className = "muted";
  if (itineraire) {
    const a = add("a", "Y aller (itinéraire)", add("p"));
    a.href = itineraire.replace("{lat}", String(p.lat)).replace("{lon}", String(p.lon));
    a.rel = "noopener noreferrer";
    a.target = "_blank";
  }
  return div;
}

/** A popup's content: one place, or every place sharing the point. */
export function positionCard(group, options = {}) {
  if (group.length === 1) return placeDetails(group[0], { ...options, heading: "h2" });
  const div = document.createElement("div");
  div.className = "lieux-empiles";
  const h = document.createElement("h2");
  h.textContent = `${group.length} lieux à cet endroit`;
  div.appendChild(h);
  const list = document.createElement("ol");
  for (const p of group) {
    const li = document.createElement("li");
    li.appendChild(placeDetails(p, { ...options, heading: "h3" }));
    list.appendChild(li);
  }
  div.appendChild(list);
  return div;
}
