// The places of the map as a list: those the map shows (its view and the
// filters), nearest first when there is a point to measure from, a page at a
// time; each leads to its point on the map. It is also the map's accessible
// alternative: everything the map says of a place, it says.
import { formatNumber } from "../lib/format.js";
import { distanceFrom, isPrecise, placeDetails } from "./places.js";

export const PAGE_SIZE = 20;

/**
 * `prepare(places)` makes the places of a page readable (their
 * département's file); `from` is the searched point the list is sorted from
 * (its distance is said); without one, the places are listed by département
 * and commune.
 */
export function PlaceList({ onShow, itineraire, prepare }) {
  const section = document.createElement("section");
  section.className = "liste-lieux";
  section.setAttribute("aria-labelledby", "liste-lieux-titre");
  section.innerHTML = `<h2 id="liste-lieux-titre">Les lieux de la carte</h2>
<p id="liste-lieux-etat" role="status"></p>
<ol class="lieux"></ol>
<nav class="pages" aria-label="Pages de la liste des lieux">
  <button type="button" class="precedent">Lieux précédents</button>
  <span class="page"></span>
  <button type="button" class="suivant">Lieux suivants</button>
</nav>`;
  const status = section.querySelector("#liste-lieux-etat");
  const list = section.querySelector("ol");
  const previous = section.querySelector(".precedent");
  const next = section.querySelector(".suivant");
  const pageLabel = section.querySelector(".page");
  let shown = [];
  let anchor = null;
  let page = 0;
  const pages = () => Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  let drawn = 0;
  const render = async () => {
    const count = shown.length;
    const sorted = anchor?.said
      ? ` (les plus proches ${anchor.label} d'abord)`
      : ", par département et commune (cherchez une commune pour les plus proches)";
    const items = shown.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
    const turn = ++drawn;
    try {
      await prepare(items);
    } catch (error) {
      status.textContent = `La liste des lieux n'a pas pu être chargée : ${error.message}.`;
      return;
    }
    // a later update won the race
    if (turn !== drawn) return;
    status.textContent =
      count === 0
        ? "Aucun lieu dans la partie visible de la carte : dézoomer ou déplacer la carte."
        : `${formatNumber(count)} lieu${count > 1 ? "x" : ""} dans la partie visible de la carte${sorted}.`;
    list.replaceChildren(
      ...items.map((p) => {
        const li = document.createElement("li");
        li.appendChild(
          placeDetails(p, { anchor: anchor?.said ? anchor : null, itineraire, onShow }),
        );
        return li;
      }),
    );
    list.start = page * PAGE_SIZE + 1;
    pageLabel.textContent = `Page ${page + 1} sur ${pages()}`;
    previous.disabled = page === 0;
    next.disabled = page >= pages() - 1;
    section.querySelector(".pages").hidden = pages() === 1;
  };
  previous.addEventListener("click", async () => {
    page = Math.max(0, page - 1);
    await render();
    list.querySelector("button")?.focus();
  });
  next.addEventListener("click", async () => {
    page = Math.min(pages() - 1, page + 1);
    await render();
    list.querySelector("button")?.focus();
  });
  return {
    element: section,
    /** The places the map shows, and the point they are sorted from. */
    update(places, from) {
      anchor = from;
      // nearest first among the places with a position of their own; those at their
      // commune's centre after them (their distance is not theirs)
      // without a searched point, nearness means nothing: by département and commune
      shown = from?.said
        ? places
            .map((p) => [isPrecise(p) ? 0 : 1, distanceFrom(from, p), p])
            .sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2].id - b[2].id)
            .map(([, , p]) => p)
        : [...places].sort(
            (a, b) =>
              a.dep.localeCompare(b.dep) ||
              a.codeCommune.localeCompare(b.codeCommune) ||
              a.id - b.id,
          );
      page = 0;
      return render();
    },
  };
}
