// The map's filters: levels, milieu, priority neighbourhoods. They are read
// from and written to the page's address (src/lib/url-state.js), so that a
// shared link opens the map filtered as it was.
import { el, shortened } from "../lib/dom.js";
import { setParams } from "../lib/url-state.js";
import { LEVELS, LEVEL_KEYS } from "./places.js";

const MILIEUX = { tous: "Tous", urbain: "Urbain", rural: "Rural" };

/** The filters' element, their state, and their address; `onChange` when a reader changes one. */
export function PlaceFilters({ onChange }) {
  const levelBoxes = LEVELS.map((label, i) =>
    el("input", {
      type: "checkbox",
      id: `niveau-${LEVEL_KEYS[i]}`,
      value: LEVEL_KEYS[i],
      checked: true,
    }),
  );
  const milieux = Object.keys(MILIEUX).map((m) =>
    el("input", {
      type: "radio",
      name: "milieu",
      id: `milieu-${m}`,
      value: m,
      checked: m === "tous",
    }),
  );
  const qpvBox = el("input", { type: "checkbox", id: "filtre-qpv" });
  const choice = (input, text) =>
    el("span", { class: "choix" }, input, el("label", { for: input.id, text }));
  const element = el(
    "details",
    { class: "filtres", open: !matchMedia("(max-width: 640px)").matches },
    el("summary", { text: "Filtrer : niveaux, milieu, quartiers prioritaires" }),
    el(
      "div",
      { class: "filtres-choix" },
      el(
        "fieldset",
        {},
        el("legend", { text: "Niveaux" }),
        ...levelBoxes.map((b, i) => choice(b, LEVELS[i])),
      ),
      el(
        "fieldset",
        {},
        el("legend", { text: "Milieu" }),
        ...milieux.map((r) => choice(r, MILIEUX[r.value])),
      ),
      el(
        "fieldset",
        {},
        el("legend", { text: "Quartiers" }),
        choice(qpvBox, "Quartiers prioritaires seulement"),
      ),
    ),
  );
  const state = () => ({
    levels: LEVELS.filter((_, i) => levelBoxes[i].checked),
    milieu: milieux.find((r) => r.checked)?.value ?? "tous",
    qpv: qpvBox.checked,
  });
  for (const box of [...levelBoxes, ...milieux, qpvBox])
    box.addEventListener("change", () => {
      const f = state();
      setParams({
        niveau:
          f.levels.length === LEVELS.length
            ? null
            : LEVEL_KEYS.filter((_, i) => levelBoxes[i].checked).join(","),
        milieu: f.milieu === "tous" ? null : f.milieu,
        qpv: f.qpv ? "oui" : null,
      });
      onChange();
    });
  return {
    element,
    /** What the filters keep: `{ levels, milieu, qpv }` (src/components/places.js: filterPlaces). */
    state,
    /**
     * Sets the filters an address gives, and shows them (even on a phone) when it gives
     * some; returns the note to say of the levels it holds unknown (ignored), or null.
     */
    read(params) {
      const niveau = params.get("niveau");
      const asked = niveau ? niveau.split(",") : LEVEL_KEYS;
      const known = asked.filter((k) => LEVEL_KEYS.includes(k));
      // an unknown level is ignored: the map never goes empty for it
      const keys = known.length ? known : LEVEL_KEYS;
      levelBoxes.forEach((b) => (b.checked = keys.includes(b.value)));
      const milieu = params.get("milieu") ?? "tous";
      milieux.forEach(
        (r) => (r.checked = r.value === (Object.hasOwn(MILIEUX, milieu) ? milieu : "tous")),
      );
      qpvBox.checked = params.get("qpv") === "oui";
      if (["niveau", "milieu", "qpv"].some((k) => params.has(k))) element.open = true;
      const unknown = asked.filter((k) => !LEVEL_KEYS.includes(k));
      return unknown.length
        ? `Niveau inconnu dans l'adresse de la page, ignoré : ${shortened(unknown.join(", "))}.`
        : null;
    },
  };
}
