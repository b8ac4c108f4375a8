// The public map of places, as a parent uses it: search a commune, a postcode
// or a place (or « autour de moi »), filter, read the places the map shows in
// a list tied to it, open any place, even one sharing its point with others.
// The search and the filters live in the URL; the browser's position never
// leaves the browser (nor goes into the URL).
import { el, shortened } from "../lib/dom.js";
import { setParams } from "../lib/url-state.js";
import { distanceKm } from "../lib/distance.js";
import { formatDistance, formatNumber } from "../lib/format.js";
import { communeLabel } from "../lib/search.js";
import { mapStyle } from "./map-style.js";
import { Gazetteer, placesNamed } from "../lib/gazetteer.js";
import { PlaceList } from "./place-list.js";
import { PlaceFilters } from "./carte-filtres.js";
import { CommuneNames } from "./carte-communes.js";
import { PlacePopup } from "./carte-popup.js";
import { SearchForm } from "./carte-recherche.js";
import {
  AnchorMarker,
  MapLegend,
  radiusBounds,
  RadiusChoice,
  ShareButton,
  withinRadius,
} from "./carte-outils.js";
import { PlaceDetails, isPrecise, filterPlaces, positions, toGeoJson } from "./places.js";

const TERRITOIRES = [
  // Corsica's east coast (9.56° E) whole, on a phone too
  ["France métropolitaine", [-5.3, 41.2, 9.8, 51.2]],
  ["Guadeloupe", [-61.9, 15.8, -60.9, 16.6]],
  ["Martinique", [-61.3, 14.3, -60.8, 14.9]],
  ["Guyane", [-54.6, 2.1, -51.6, 5.8]],
  ["La Réunion", [55.2, -21.4, 55.9, -20.8]],
  ["Mayotte", [45.0, -13.1, 45.3, -12.6]],
];

// MapLibre's own words, in French
const LOCALE = {
  "AttributionControl.ToggleAttribution": "Afficher ou masquer les sources",
  "AttributionControl.MapFeedback": "Signaler une erreur de carte",
  "FullscreenControl.Enter": "Plein écran",
  "FullscreenControl.Exit": "Quitter le plein écran",
  "GeolocateControl.FindMyLocation": "Me localiser",
  "GeolocateControl.LocationNotAvailable": "Position indisponible",
  "LogoControl.Title": "MapLibre",
  "Map.Title": "Carte des lieux Clas",
  "Marker.Title": "Repère",
  "NavigationControl.ResetBearing": "Remettre le nord en haut",
  "NavigationControl.ZoomIn": "Zoomer",
  "NavigationControl.ZoomOut": "Dézoomer",
  "Popup.Close": "Fermer",
  "ScaleControl.Feet": "pieds",
  "ScaleControl.Meters": "m",
  "ScaleControl.Kilometers": "km",
  "GlobeControl.Enable": "Afficher le globe",
  "GlobeControl.Disable": "Afficher la carte à plat",
  "TerrainControl.Enable": "Afficher le relief",
  "TerrainControl.Disable": "Masquer le relief",
  "CooperativeGesturesHandler.WindowsHelpText": "Ctrl + molette pour zoomer la carte",
  "CooperativeGesturesHandler.MacHelpText": "⌘ + molette pour zoomer la carte",
  "CooperativeGesturesHandler.MobileHelpText": "Deux doigts pour déplacer la carte",
};

/** `maplibregl`: MapLibre's module, as the page imports it. */
export function CarteDesLieux({
  maplibregl,
  data,
  places,
  outlines,
  labels,
  fonts,
  workerUrl,
  base = null,
}) {
  const gazetteer = Gazetteer(new URL(".", location.href), labels.fichiers);
  const itineraire = data.itineraire ?? null;
  const root = el("div", { class: "carte-lieux" });

  // the search, next to which every answer is said
  const {
    element: form,
    input,
    say,
  } = SearchForm({
    onSearch: (text) => search(text),
    onPosition: (point) => around(point),
  });
  const rayon = RadiusChoice();
  const marker = AnchorMarker(maplibregl);

  // the filters, and what they change: the points drawn, the list, the commune's count
  const filters = PlaceFilters({ onChange: () => applyFilters() });

  const territoire = el(
    "select",
    { id: "territoire" },
    ...TERRITOIRES.map(([nom], i) => el("option", { value: String(i), text: nom })),
  );
  territoire.addEventListener("change", () =>
    map.fitBounds(TERRITOIRES[Number(territoire.value)][1], { padding: 10 }),
  );
  const territoires = el(
    "div",
    { class: "territoires" },
    el("label", { for: "territoire", text: "Aller à" }),
    territoire,
    ShareButton(),
  );
  const container = el("div", {
    id: "carte",
    class: "carte",
    role: "region",
    "aria-label": "Carte des lieux Clas ; la liste des mêmes lieux suit la carte",
  });
  const details = PlaceDetails(new URL(".", location.href), data.cle, places);
  const list = PlaceList({
    itineraire,
    onShow: (p) => show(p),
    prepare: (some) => details.ensure(some),
  });
  root.append(
    form,
    rayon.element,
    filters.element,
    territoires,
    container,
    MapLegend(),
    list.element,
  );

  // what the map shows
  let visible = places;
  let groups = positions(visible);
  let anchor = null;
  maplibregl.setWorkerUrl(workerUrl);
  // the map is made once its container is in the page (it takes its size)
  let map = null;
  function start() {
    // what the address holds unknown is said at once, not once the map has drawn
    say(...readAddress().notes);
    map = new maplibregl.Map({
      container,
      locale: LOCALE,
      bounds: TERRITOIRES[0][1],
      fitBoundsOptions: { padding: 8 },
      fadeDuration: matchMedia("(prefers-reduced-motion: reduce)").matches ? 0 : 300,
      attributionControl: {
        compact: true,
        customAttribution: "Contours et communes : IGN Admin Express, INSEE, Licence Ouverte",
      },
      style: mapStyle({ outlines, labels, points: toGeoJson(groups), fonts, base }),
    });
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }));
    // the page (or one embedding the component) may add to the map: it is given once made
    root.dispatchEvent(new CustomEvent("carte-prete", { bubbles: true, detail: map }));
    map.on("moveend", () => listHeld || refreshList());
    // the list needs no map drawn: its first places are fetched while the map draws
    refreshList();
    map.on("moveend", CommuneNames(map, gazetteer, outlines));
    map.on("click", tap);
    for (const layer of ["groupes", "lieux"]) {
      map.on("mouseenter", layer, () => (map.getCanvas().style.cursor = "pointer"));
      map.on("mouseleave", layer, () => (map.getCanvas().style.cursor = ""));
    }
    map.once("load", restore);
  }

  const inView = () => {
    const b = map.getBounds();
    return visible.filter((p) => b.contains([p.lon, p.lat]));
  };
  // sorted from the searched point, else from the map's centre; within the radius chosen
  const refreshList = () => {
    if (!map) return;
    const centre = map.getCenter();
    list.update(
      anchor ? withinRadius(inView(), anchor, rayon.km) : inView(),
      anchor ?? { lat: centre.lat, lon: centre.lng, label: "du centre de la carte" },
    );
  };
  /** The point of reference marked, and the places within the radius counted and shown. */
  const showAnchor = () => {
    marker.set(map, anchor);
    const around = anchor && rayon.km ? withinRadius(visible, anchor, rayon.km) : [];
    rayon.say(around.length, anchor);
    if (anchor && rayon.km)
      map?.fitBounds(radiusBounds(anchor, rayon.km), { padding: 20, duration: 600 });
  };
  rayon.select.addEventListener("change", () => {
    setParams({ rayon: rayon.km });
    showAnchor();
    refreshList();
  });

  // a popup for a point: its place, or every place sharing it
  const popup = PlacePopup({
    maplibregl,
    details,
    itineraire,
    say,
    hold: () => {
      listHeld = true;
      map.once("moveend", () => (listHeld = false));
    },
  });
  const open = (group, focus = false) =>
    popup.open(map, group, { anchor: anchor?.said ? anchor : null, focus });
  // moving the map to open a place's popup keeps the list as it was (the list stays the list)
  let listHeld = false;
  const show = (p) => {
    const group = groups.find((g) => g.includes(p)) ?? [p];
    listHeld = true;
    // a move under way ends first (its « moveend » comes at once); then this one's end is
    // awaited — at once too for a reader who asked for less motion: the map jumps there
    map.stop();
    map.once("moveend", () => {
      listHeld = false;
      open(group, true);
    });
    map.flyTo({ center: [p.lon, p.lat], zoom: Math.max(map.getZoom(), 15) });
  };
  // a finger is not a mouse pointer: what lies within 22 px answers the tap
  async function tap(e) {
    const { x, y } = e.point;
    const [feature] = map.queryRenderedFeatures(
      [
        [x - 22, y - 22],
        [x + 22, y + 22],
      ],
      { layers: ["groupes", "lieux"] },
    );
    if (!feature) return;
    const source = map.getSource("lieux");
    if (feature.properties.cluster_id !== undefined) {
      const id = feature.properties.cluster_id;
      const zoom = await source.getClusterExpansionZoom(id);
      if (zoom <= 17) return map.easeTo({ center: feature.geometry.coordinates, zoom });
      // points too close to be told apart: list them all
      const leaves = await source.getClusterLeaves(id, Infinity);
      return open(leaves.flatMap((l) => groups[l.properties.position]));
    }
    open(groups[feature.properties.position]);
  }

  // the filters: points, list and URL
  let applied = JSON.stringify(filters.state());
  const applyFilters = () => {
    // the same filters (a page opened without any): the points drawn stay as they are
    const state = JSON.stringify(filters.state());
    if (state === applied) return;
    applied = state;
    visible = filterPlaces(places, filters.state());
    groups = positions(visible);
    popup.close();
    map?.getSource("lieux")?.setData(toGeoJson(groups));
    if (chosen) choose(chosen.entry, chosen);
    else refreshList();
  };
  const fit = (points) => {
    if (!points.length) return;
    const lons = points.map((p) => p.lon);
    const lats = points.map((p) => p.lat);
    map.fitBounds(
      [
        [Math.min(...lons), Math.min(...lats)],
        [Math.max(...lons), Math.max(...lats)],
      ],
      // a commune whole, with its neighbours' names, even when its places share one point
      { padding: 50, maxZoom: 12.5, duration: 600 },
    );
  };
  // « the nearest » from positions of their own only (a commune's centre is not a place's)
  const nearest = (from, n) => {
    const precise = visible.filter(isPrecise);
    return (precise.length ? precise : visible)
      .map((p) => [distanceKm(from.lat, from.lon, p.lat, p.lon), p])
      .sort((a, b) => a[0] - b[0])
      .slice(0, n);
  };
  /** « Lille, 3 km · Saint-André-lez-Lille, 4 km » : the communes of the nearest places. */
  const nearestCommunes = async (from) => {
    await details.ensure(nearest(from, 20).map(([, p]) => p));
    const seen = new Map();
    for (const [d, p] of nearest(from, 20))
      if (!seen.has(p.commune) && seen.size < 3) seen.set(p.commune, d);
    return [...seen].map(([c, d]) => `${c}, ${formatDistance(d)}`).join(" · ");
  };

  /** Where a commune is: its centre; an arrondissement's, its places' or its city's. */
  const pointOf = async (entry) => {
    if (entry.lat !== null) return { lat: entry.lat, lon: entry.lon };
    // an arrondissement: its places are found by their postcode
    await details.ensure(places.filter((p) => p.dep === entry.departement));
    const own = places.filter(
      (p) => entry.postcodes.includes(p.cp) || p.codeCommune === entry.code,
    );
    if (own.length)
      return {
        lat: own.reduce((s, p) => s + p.lat, 0) / own.length,
        lon: own.reduce((s, p) => s + p.lon, 0) / own.length,
      };
    const parent = entry.parent ? await gazetteer.commune(entry.parent) : null;
    return parent?.lat != null ? { lat: parent.lat, lon: parent.lon } : null;
  };
  const inCommune = (entry) =>
    visible.filter((p) =>
      entry.parent === null
        ? p.codeCommune === entry.code
        : p.codeCommune === entry.code ||
          (p.codeCommune === entry.parent && entry.postcodes.includes(p.cp)),
    );

  // the commune searched: its count is said again when the filters change
  let chosen = null;
  const choose = async (entry, { corrected = null, others = [] } = {}) => {
    chosen = { entry, corrected, others };
    input.value = entry.nom;
    setParams({ commune: entry.code, q: null });
    const point = await pointOf(entry);
    anchor = point && { ...point, label: `de ${entry.nom}`, said: true };
    const here = inCommune(entry);
    const parts = [];
    if (corrected)
      parts.push(
        el("p", {
          text: `Résultats pour ${communeLabel(entry)} (recherche : « ${shortened(corrected)} »).`,
        }),
      );
    if (here.length) {
      parts.push(
        el("p", {
          class: "trouve",
          text: `${formatNumber(here.length)} lieu${here.length > 1 ? "x" : ""} Clas à ${entry.nom}.`,
        }),
      );
      fit(anchor ? [...here, anchor] : here);
    } else if (anchor) {
      parts.push(
        el("p", {
          class: "trouve",
          text: `Aucun lieu Clas à ${entry.nom} ; les plus proches : ${await nearestCommunes(anchor)}.`,
        }),
      );
      fit([anchor, ...nearest(anchor, 5).map(([, p]) => p)]);
    } else parts.push(el("p", { text: `Aucun lieu Clas à ${entry.nom}.` }));
    if (others.length)
      parts.push(
        el(
          "p",
          {},
          "Autres communes : ",
          ...others.flatMap((o, i) => [i ? " · " : "", choiceButton(o)]),
        ),
      );
    say(...parts);
    showAnchor();
    refreshList();
  };
  const choiceButton = (entry) =>
    el("button", {
      type: "button",
      class: "choix-commune",
      text: communeLabel(entry),
      onclick: () => choose(entry),
    });

  const search = async (text) => {
    chosen = null;
    popup.close();
    const q = text.trim();
    if (!q) {
      anchor = null;
      setParams({ commune: null, q: null });
      say();
      showAnchor();
      refreshList();
      return;
    }
    say(el("p", { text: "Recherche…" }));
    let found;
    try {
      ({ found } = await gazetteer.find(q));
    } catch (error) {
      return say(el("p", { class: "erreur", text: `Recherche impossible : ${error.message}.` }));
    }
    if (found.kind === "commune")
      return choose(found.entry, { corrected: found.corrected ? q : null, others: found.others });
    if (found.kind === "choice") {
      setParams({ commune: null, q: null });
      return say(
        el(
          "p",
          {},
          `Plusieurs communes correspondent à « ${shortened(q)} » : `,
          ...found.entries.flatMap((e, i) => [i ? " · " : "", choiceButton(e)]),
        ),
      );
    }
    try {
      await details.all();
    } catch (error) {
      return say(el("p", { class: "erreur", text: `Recherche impossible : ${error.message}.` }));
    }
    const named = placesNamed(visible, q);
    if (named.length) {
      anchor = null;
      showAnchor();
      setParams({ commune: null, q });
      say(
        el("p", {
          class: "trouve",
          text: `${formatNumber(named.length)} lieu${named.length > 1 ? "x" : ""} dont le nom, le porteur ou l'adresse contient « ${shortened(q)} ».`,
        }),
      );
      fit(named);
      return;
    }
    setParams({ commune: null, q: null });
    say(
      el("p", {
        class: "erreur",
        text: `Aucune commune ni aucun lieu ne correspond à « ${shortened(q)} » : vérifier l'orthographe, ou chercher par code postal.`,
      }),
    );
  };

  // « autour de moi »: the places nearest the browser's position
  const around = async (point) => {
    popup.close();
    anchor = { ...point, label: "de votre position", said: true };
    setParams({ commune: null, q: null });
    input.value = "";
    say(
      el("p", {
        class: "trouve",
        text: `Les lieux les plus proches de votre position : ${await nearestCommunes(anchor)}. Votre position reste dans ce navigateur.`,
      }),
    );
    fit([anchor, ...nearest(anchor, 5).map(([, p]) => p)]);
    showAnchor();
  };

  // the URL: search, radius and filters, restored on load and on « back »
  /** Sets the filters and the radius the address gives; returns it, and what it held unknown, as notes. */
  const readAddress = () => {
    const params = new URL(location.href).searchParams;
    // a radius the choices do not have is ignored, and said
    const notes = [
      filters.read(params),
      !rayon.set(params.get("rayon")) &&
        `Rayon inconnu dans l'adresse de la page, ignoré : ${shortened(params.get("rayon"))}.`,
    ]
      .filter(Boolean)
      .map((text) => el("p", { text }));
    return { params, notes };
  };
  const restore = async () => {
    const { params, notes } = readAddress();
    applyFilters();
    const code = params.get("commune");
    const q = params.get("q");
    if (code) {
      const entry = await gazetteer.commune(code).catch(() => null);
      if (entry) return choose(entry);
      say(
        el("p", {
          class: "erreur",
          text: `Commune inconnue dans l'adresse de la page : ${shortened(code)}.`,
        }),
      );
    } else if (q) {
      input.value = q;
      return search(q);
    } else {
      anchor = null;
      chosen = null;
      input.value = "";
      say(...notes);
      showAnchor();
      refreshList();
    }
  };
  addEventListener("popstate", restore);

  return {
    element: root,
    start,
    remove() {
      removeEventListener("popstate", restore);
      map?.remove();
    },
  };
}
