// The key figures of a bilan: eight indicators as cards, each with its
// definition one click away and a line under it (an evolution, France's value).
import { html } from "npm:htl";
import { formatChart } from "../lib/format.js";
import { META_BY_KEY } from "../lib/indicateurs.js";
import { DefinitionLink } from "./liens.js";

export const KEY_FIGURES = [
  "porteurs",
  "actions",
  "collectifs",
  "enfants",
  "familles",
  "heures_accompagnement",
  "montant_ps",
  "taux_conformite",
];

/** The cards of `row`'s key figures; `note(key)` the line under each. */
export function KeyFigures(row, note) {
  return html`<div class="grid grid-cols-4 chiffres-cles">
    ${KEY_FIGURES.map((key) => {
      const meta = META_BY_KEY.get(key);
      return html`<div class="card kpi" data-indicateur=${key}>
        <h3>${DefinitionLink(key, meta.label)}</h3>
        <span class="big">${formatChart(row?.[key], meta.kind)}</span>
        <p class="evolution">${note(key)}</p>
      </div>`;
    })}
  </div>`;
}
