// The check page's conformity of each action: one line per action, the
// non-conformes first, its rules drawn when it is opened (a national export's
// thousands of actions stay fast); each rule with what it expected and the
// values it read, collectif by collectif, the failing ones marked.
import { html } from "npm:htl";
import { formatNumber } from "../lib/format.js";
import { DataTable } from "./table.js";

const statut = (r) => (r.passed === null ? "sans objet" : r.passed ? "respectée" : "NON respectée");

/** What a rule read, collectif by collectif; the failing ones marked NON. */
function valeursLues(r) {
  if (r.checks.length === 0) return "—";
  return html`<ul class="valeurs-lues">
    ${r.checks.map(
      (c) =>
        html`<li class=${c.passed ? "" : "echec"}>
          ${c.passed ? "" : html`<strong>NON</strong> `}${c.collectif ? `collectif ${c.collectif} : ` : ""}${c.text}
        </li>`,
    )}
  </ul>`;
}

function RulesTable(e) {
  return DataTable(
    e.rules,
    [
      { label: "Règle", value: (r) => `${r.label} (${r.level})` },
      {
        label: "Résultat",
        value: (r) => (r.passed === false ? html`<strong>${statut(r)}</strong>` : statut(r)),
      },
      { label: "Attendu", value: (r) => r.expected },
      { label: "Valeurs lues", value: valeursLues },
      { label: "Référentiel", value: (r) => `« ${r.quote} »` },
    ],
    { caption: `Action ${e.id_action}, « ${e.action} »` },
  );
}

/** Every action's conformity, at most `shown` of them, the non-conformes first. */
export function ConformityList(explanations, shown) {
  const liste = document.createElement("div");
  const actions = [...explanations].sort((a, b) => Number(a.conforme) - Number(b.conforme));
  if (actions.length > shown)
    liste.append(
      html`<p>
        Les ${shown} premières actions sur ${formatNumber(actions.length)}, les non conformes
        d'abord.
      </p>`,
    );
  for (const e of actions.slice(0, shown)) {
    const details = document.createElement("details");
    details.className = "action";
    details.dataset.action = e.id_action;
    const summary = document.createElement("summary");
    summary.textContent = `${e.id_action} — ${e.porteur} : ${e.conforme ? "conforme" : "non conforme"}`;
    details.appendChild(summary);
    details.addEventListener(
      "toggle",
      () => details.open && details.children.length === 1 && details.appendChild(RulesTable(e)),
    );
    liste.appendChild(details);
  }
  return liste;
}
