// The map's small tools, as comparable public finders have them: a radius
// around the point searched (kept in the URL), a « Partager » button that
// copies the page's link, a legend of what the map draws, and a marker for the
// commune searched or « vous êtes ici ».
import { distanceKm } from "../lib/distance.js";
import { el } from "../lib/dom.js";
import { formatNumber } from "../lib/format.js";

export const RAYONS = [5, 10, 20, 50];

/** The places within `km` of `from` (all of them without a radius). */
export function withinRadius(places, from, km) {
  return km ? places.filter((p) => distanceKm(from.lat, from.lon, p.lat, p.lon) <= km) : places;
}

/** The bounds of a circle of `km` around `from`, for the map to show it whole. */
export function radiusBounds(from, km) {
  const dLat = km / 111.2;
  const dLon = km / (111.2 * Math.cos((from.lat * Math.PI) / 180));
  return [
    [from.lon - dLon, from.lat - dLat],
    [from.lon + dLon, from.lat + dLat],
  ];
}

/** « Dans un rayon de [toutes distances | 5 km …] », and what it counts, said beside it. */
export function RadiusChoice() {
  const select = el(
    "select",
    { id: "rayon" },
    el("option", { value: "", text: "toutes distances" }),
    ...RAYONS.map((km) => el("option", { value: String(km), text: `${km} km` })),
  );
  const status = el("p", { id: "rayon-compte", class: "rayon-compte", role: "status" });
  const element = el(
    "div",
    { class: "rayon" },
    el("label", { for: "rayon", text: "Dans un rayon de" }),
    select,
    status,
  );
  return {
    element,
    select,
    /** The radius chosen, in km, or null. */
    get km() {
      return select.value ? Number(select.value) : null;
    },
    /** A radius from the address: one of the choices, else none (and false). */
    set(text) {
      const ok = text === null || RAYONS.includes(Number(text));
      select.value = ok && text !== null ? String(Number(text)) : "";
      return ok;
    },
    /** Says how many places are within the radius of `anchor`, or how to get a count. */
    say(count, anchor) {
      const km = this.km;
      status.textContent = !km
        ? ""
        : !anchor
          ? "Chercher une commune, ou « Autour de moi », pour compter les lieux dans ce rayon."
          : `${formatNumber(count)} lieu${count > 1 ? "x" : ""} Clas dans un rayon de ${km} km ${anchor.label}.`;
    },
  };
}

/** « Partager »: copies the page's link (search, radius and filters are in it). */
export function ShareButton() {
  const status = el("span", { class: "partage-etat", role: "status" });
  const button = el("button", { type: "button", class: "partager", text: "Partager" });
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(location.href);
      status.textContent = "Lien copié : collez-le dans un message.";
    } catch {
      // no clipboard (an old browser, a page not served securely): the link to copy by hand
      status.replaceChildren(
        "Copiez ce lien : ",
        el("input", {
          type: "text",
          readonly: "",
          value: location.href,
          "aria-label": "Lien de la page",
        }),
      );
      status.querySelector("input").select();
    }
  });
  return el("span", { class: "partage" }, button, status);
}

/** What the map draws, in words, beside it. */
export function MapLegend() {
  const item = (className, text) =>
    el(
      "li",
      {},
      el("span", { class: `legende-symbole ${className}`, "aria-hidden": "true" }),
      text,
    );
  return el(
    "ul",
    { class: "legende-carte", "aria-label": "Légende de la carte" },
    item("legende-lieu", "un lieu Clas (plus grand : plusieurs lieux à la même adresse)"),
    item(
      "legende-groupe",
      "un groupe de lieux proches, avec leur nombre : le toucher rapproche la carte",
    ),
    item("legende-repere", "la commune cherchée, ou votre position"),
  );
}

/** The marker of the point of reference: the commune searched, or « vous êtes ici ». */
export function AnchorMarker(maplibregl) {
  let marker = null;
  return {
    set(map, anchor) {
      marker?.remove();
      marker = null;
      if (!map || !anchor) return;
      marker = new maplibregl.Marker({ color: "#1b1b1b", scale: 0.8 })
        .setLngLat([anchor.lon, anchor.lat])
        .addTo(map);
      const name =
        anchor.label === "de votre position" ? "Vous êtes ici" : `Point cherché ${anchor.label}`;
      marker.getElement().setAttribute("aria-label", name);
      marker.getElement().setAttribute("title", name);
      marker.getElement().setAttribute("role", "img");
    },
  };
}
