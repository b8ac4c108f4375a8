// What every page of the site has around its content: a skip link, the
// internal build's warning, the département picker (header); the source, the
// dates, the licence and the links to the method, accessibility and legal
// pages (footer). Written once per build from what the warehouse says.
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Audience } from "../publish/audience.js";
import { CAMPAGNES } from "../warehouse/queries.js";
import { foldText } from "../../src/lib/normalize.js";
import { dateInWords } from "../../src/lib/format.js";

export interface SiteMeta {
  audience: Audience;
  /** Campagnes in the data, oldest first. */
  campagnes: string[];
  /** Day of the latest ingest (AAAA-MM-JJ), or null for an empty warehouse. */
  extraitLe: string | null;
  /** Day of the build (AAAA-MM-JJ). */
  construitLe: string;
  /** The départements with a page in this build. */
  departements: { code: string; nom: string }[];
}

export async function readSiteMeta(
  connection: DuckDBConnection,
  audience: Audience,
  departements: { code: string; nom: string }[],
  now: Date,
): Promise<SiteMeta> {
  const rows = (
    await connection.runAndReadAll(
      `SELECT (SELECT strftime(max(importe_le), '%Y-%m-%d') FROM fichiers) AS extrait,
        (SELECT list(campagne ORDER BY campagne) FROM (${CAMPAGNES})) AS campagnes`,
    )
  ).getRowObjectsJson()[0] as { extrait: string | null; campagnes: string[] | null };
  return {
    audience,
    campagnes: rows.campagnes ?? [],
    extraitLe: rows.extrait,
    construitLe: now.toISOString().slice(0, 10),
    departements,
  };
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The campagnes of the data in words: « campagne 2024-2025 », « campagnes 2022-2023 à 2024-2025 ». */
export function campagnesInWords(campagnes: string[]): string {
  if (campagnes.length === 0) return "aucune campagne importée";
  if (campagnes.length === 1) return `campagne ${campagnes[0]}`;
  return `campagnes ${campagnes[0]} à ${campagnes.at(-1)}`;
}

/** The département picker's script: a name or a code, accents and case ignored. */
const PICKER = `(() => {
  const form = document.getElementById("choix-departement");
  const input = form.querySelector("input");
  const message = form.querySelector("[role=alert]");
  const template = document.getElementById("lien-departement").getAttribute("href");
  const norm = (s) => (${foldText.toString()})(s, "");
  const deps = [...document.querySelectorAll("#liste-departements option")].map((o) => ({ code: o.dataset.code, nom: o.dataset.nom }));
  window.clasDepartements = deps;
  function find(text) {
    const k = norm(text);
    if (!k) return [];
    const code = k.toUpperCase().replace(/^(\\d)$/, "0$1");
    const exact = deps.filter((d) => d.code === code || norm(d.nom) === k || norm(d.nom + d.code) === k);
    if (exact.length) return exact;
    const start = deps.filter((d) => norm(d.nom).startsWith(k));
    return start.length ? start : deps.filter((d) => norm(d.nom).includes(k));
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const found = find(input.value);
    if (found.length === 1) {
      location.href = template.replace(/[^/]*$/, encodeURIComponent(found[0].code));
      return;
    }
    message.hidden = false;
    message.textContent = found.length === 0
      ? "Aucun département ne correspond à « " + input.value + " » : taper un nom (ex. Ardèche) ou un code (ex. 07, 2A, 974)."
      : "Plusieurs départements correspondent : " + found.slice(0, 6).map((d) => d.nom + " (" + d.code + ")").join(", ") + (found.length > 6 ? "…" : "") + " ; préciser.";
  });
  input.addEventListener("input", () => { message.hidden = true; });
})();`;

/** The menu button: the sidebar's own checkbox, for the keyboard and screen readers. */
const MENU = `(() => {
  const button = document.querySelector(".bouton-menu");
  const toggle = document.getElementById("observablehq-sidebar-toggle");
  const sidebar = document.getElementById("observablehq-sidebar");
  if (!toggle || !sidebar) return button.remove();
  const sync = () => button.setAttribute("aria-expanded", String(getComputedStyle(sidebar).visibility !== "hidden"));
  button.addEventListener("click", () => { toggle.click(); setTimeout(sync, 200); });
  toggle.addEventListener("change", () => setTimeout(sync, 200));
  addEventListener("load", sync);
})();`;

export function headerHtml(meta: SiteMeta): string {
  const options = meta.departements
    .map(
      (d) =>
        `<option value="${escape(`${d.nom} (${d.code})`)}" data-code="${escape(d.code)}" data-nom="${escape(d.nom)}"></option>`,
    )
    .join("");
  const first = meta.departements[0]?.code ?? "01";
  return `${meta.audience === "interne" ? `<p class="bandeau-interne"><strong>Usage interne</strong> : site réservé aux agents de la Caf et aux membres des comités départementaux ; ne pas diffuser.</p>` : ""}
<p class="barre-titre"><a class="titre-site" href="/">Clas Bilan</a><button type="button" class="bouton-menu" aria-controls="observablehq-sidebar" aria-expanded="false">Menu</button></p>
<form id="choix-departement" class="choix-departement" role="search" aria-label="Choix d'un département">
<label for="choix-departement-saisie">Bilan d'un département</label>
<span class="choix-departement-champ"><input id="choix-departement-saisie" name="departement" list="liste-departements" placeholder="nom ou code : Ardèche, 2A, 974" autocomplete="off" required><button type="submit">Voir</button></span>
<datalist id="liste-departements">${options}</datalist>
<p class="choix-departement-message" role="alert" hidden></p>
<a id="lien-departement" href="/departement/${escape(first)}" hidden>bilan</a>
</form>
<script>${PICKER}${MENU}</script>`;
}

export function footerHtml(meta: SiteMeta): string {
  const source = `Source : questionnaires d'activité des Clas, ${campagnesInWords(meta.campagnes)}${meta.extraitLe ? `, données extraites le ${dateInWords(meta.extraitLe)}` : ""} ; site construit le ${dateInWords(meta.construitLe)}.`;
  return `<p class="pied-source">${escape(source)}</p>
<p>Les données publiées sont sous Licence Ouverte 2.0 (Etalab) : réutilisation libre, en citant la source.${meta.audience === "interne" ? " <strong>Usage interne</strong> : ce site contient les actions et les lignes rejetées des départements ; il n'est pas publié." : ""}</p>
<nav aria-label="À propos du site" class="pied-liens"><a href="/methodologie">Méthodologie</a> <a href="/accessibilite">Accessibilité : partiellement conforme</a> <a href="/mentions-legales">Mentions légales et données personnelles</a></nav>`;
}
