// The map's search form — a commune, a postcode or a place's name, or « autour
// de moi » — and the status line beside it, where every answer is said.
import { el } from "../lib/dom.js";

/** The form; `onSearch(text)` on submit, `onPosition({ lat, lon })` once the browser gives it. */
export function SearchForm({ onSearch, onPosition }) {
  const input = el("input", {
    id: "recherche-lieu",
    type: "search",
    name: "commune",
    autocomplete: "off",
    placeholder: "ex. Lille, 59000, Marseille 13003",
  });
  const message = el("div", { id: "recherche-message", role: "status", "aria-live": "polite" });
  const say = (...parts) => message.replaceChildren(...parts);
  const autour = el("button", { type: "button", class: "autour", text: "Autour de moi" });
  const element = el(
    "form",
    { class: "recherche-lieu", role: "search", "aria-label": "Chercher un lieu Clas" },
    el("label", { for: "recherche-lieu", text: "Commune, code postal ou nom d'un lieu" }),
    el(
      "div",
      { class: "recherche-champ" },
      input,
      el("button", { type: "submit", text: "Chercher" }),
      autour,
    ),
    message,
  );
  element.addEventListener("submit", (event) => {
    event.preventDefault();
    onSearch(input.value);
  });
  // the browser's position stays in the browser: never sent, never in the address
  autour.addEventListener("click", () => {
    if (!navigator.geolocation)
      return say(
        el("p", {
          class: "erreur",
          text: "Ce navigateur ne donne pas sa position : chercher une commune.",
        }),
      );
    say(el("p", { text: "Recherche de votre position…" }));
    navigator.geolocation.getCurrentPosition(
      (position) => onPosition({ lat: position.coords.latitude, lon: position.coords.longitude }),
      () =>
        say(
          el("p", {
            class: "erreur",
            text: "Position indisponible : autoriser la localisation dans le navigateur, ou chercher une commune.",
          }),
        ),
      { timeout: 10000, maximumAge: 600000 },
    );
  });
  return { element, input, say };
}
