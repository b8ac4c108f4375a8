// The map's popup: a point's place, or every place sharing the point, opened
// whole inside the map (panned into it when it overflows), one at a time.
import { el } from "../lib/dom.js";
import { positionCard } from "./places.js";

/**
 * `maplibregl`: MapLibre's module; `details` fetches what a card shows (places.js PlaceDetails); `say` tells why a place
 * could not be loaded; `hold()` keeps the list as it is while the map pans to the popup.
 */
export function PlacePopup({ maplibregl, details, itineraire, say, hold }) {
  let popup = null;
  const keepInside = (map, p) => {
    const overflow = popupOverflow(map, p);
    if (!overflow) return;
    hold();
    map.panBy(overflow, { duration: 250 });
  };
  return {
    /** Opens `group`'s popup on `map`; `anchor`: the point searched, for the distances. */
    async open(map, group, { anchor = null, focus = false } = {}) {
      popup?.remove();
      try {
        await details.ensure(group);
      } catch (error) {
        return say(
          el("p", { class: "erreur", text: `Ce lieu n'a pas pu être chargé : ${error.message}.` }),
        );
      }
      const content = positionCard(group, { anchor, itineraire });
      content.tabIndex = -1;
      const mapWidth = map.getContainer().clientWidth;
      popup = new maplibregl.Popup({
        // never wider than the map (a phone's is narrower than 340 px)
        maxWidth: `${Math.min(340, mapWidth - 24)}px`,
        focusAfterOpen: false,
        className: "popup-lieu",
      })
        .setLngLat([group[0].lon, group[0].lat])
        .setDOMContent(content)
        .addTo(map);
      // measured once drawn at its place
      const opened = popup;
      requestAnimationFrame(() => opened === popup && keepInside(map, opened));
      if (focus) content.focus();
    },
    close() {
      popup?.remove();
    },
  };
}

/**
 * A popup whole inside the map, above its attribution: made no taller than the map; returns
 * how far to pan the map for it to fit (`[dx, dy]` in pixels), or null when it fits.
 */
export function popupOverflow(map, popup) {
  const frame = map.getContainer().getBoundingClientRect();
  const body = popup.getElement().querySelector(".maplibregl-popup-content");
  if (body) body.style.maxHeight = `${Math.max(120, frame.height - 96)}px`;
  const box = popup.getElement().getBoundingClientRect();
  const margin = 12;
  // the attribution's height as drawn: two lines on a phone until the map is touched
  const foot = map.getContainer().querySelector(".maplibregl-ctrl-bottom-right");
  const attribution = Math.max(28, (foot?.getBoundingClientRect().height ?? 0) + 4);
  let dx = 0;
  let dy = 0;
  if (box.top < frame.top + margin) dy = box.top - frame.top - margin;
  else if (box.bottom > frame.bottom - attribution) dy = box.bottom - frame.bottom + attribution;
  if (box.left < frame.left + margin) dx = box.left - frame.left - margin;
  else if (box.right > frame.right - margin) dx = box.right - frame.right + margin;
  return dx || dy ? [dx, dy] : null;
}
