// Links between the site's pages, made in the browser: from the root of the
// site, which the header's picker knows (its link is resolved by Framework
// relative to each page), so that they work wherever the site is served.
import { definitionAnchor } from "../lib/indicateurs.js";

/** The URL of a page of the site, from its path from the root (`departement/59`). */
export function siteUrl(path) {
  const anchor = document.getElementById("lien-departement");
  const root = anchor
    ? new URL("../", new URL(anchor.getAttribute("href"), location.href))
    : new URL("/", location.href);
  return new URL(path, root).href;
}

function link(href, text) {
  const a = document.createElement("a");
  a.href = href;
  a.textContent = text;
  return a;
}

/** A département's name, linked to its bilan. */
export function DepartementLink(code, nom, { withCode = true } = {}) {
  return link(
    siteUrl(`departement/${encodeURIComponent(code)}`),
    withCode ? `${nom} (${code})` : nom,
  );
}

/** An indicator's name, linked to its definition on the Méthodologie page. */
export function DefinitionLink(key, label) {
  return link(siteUrl(`methodologie#${definitionAnchor(key)}`), label);
}
