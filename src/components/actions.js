// The annex of an internal bilan: every action of the département with its
// conformity, the blocking rules it misses apart from the warnings, and a link
// to the département's data quality (who has not answered, rejected rows).
import { html } from "npm:htl";
import { ValuesTable } from "./table.js";
import { siteUrl } from "./liens.js";

export function ActionsAnnex({ actions, regles, campagne, code }) {
  const regle = new Map(regles.map((r) => [r.id, r]));
  /** The rules of this level the action does not meet, by name. */
  const echecs = (a, niveau) =>
    a.echecs
      .filter((id) => (regle.get(id)?.niveau ?? "bloquant") === niveau)
      .map((id) => regle.get(id)?.nom ?? id)
      .join(", ") || "—";
  return html`<section aria-labelledby="actions">
    <h2 id="actions" class="annexe">Annexe : les actions du département</h2>
    <p class="ecran-seulement">
      Les actions agréées sans questionnaire et les lignes rejetées du département sont sur
      <a href=${siteUrl(`qualite?campagne=${campagne}&departement=${code}`)}
        >sa page de qualité des données</a
      >.
    </p>
    ${ValuesTable(
      actions,
      [
        { label: "N° dossier", value: (a) => a.id_action },
        { label: "Porteur", value: (a) => a.porteur_nom },
        { label: "Action", value: (a) => a.action_nom },
        { label: "Collectifs", value: (a) => a.collectifs, kind: "nombre" },
        { label: "Enfants", value: (a) => a.enfants, kind: "nombre" },
        { label: "Conforme", value: (a) => a.conforme, kind: "oui-non" },
        { label: "Règles bloquantes non respectées", value: (a) => echecs(a, "bloquant") },
        { label: "Avertissements", value: (a) => echecs(a, "avertissement") },
      ],
      {
        caption: `${actions.length} action${actions.length > 1 ? "s" : ""}, campagne ${campagne}`,
        download: {
          filename: `clas-actions-${code}-${campagne}.csv`,
          label: "Télécharger la liste des actions (CSV pour tableur)",
        },
      },
    )}
  </section>`;
}
