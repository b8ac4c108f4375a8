// Field visits and good practices in a département's bilan (spec/suivi.md).
// Public build: the counts and the share of actions visited, and the public
// practices; the suites, the visits' texts and the actions to visit first are
// the committee's (internal build). Free text is always shown as text.
import { html } from "npm:htl";
import { formatDate, formatIndicator, formatNumber } from "../lib/format.js";
import { Download, ValuesTable } from "./table.js";
import { siteUrl } from "./liens.js";

const plural = (n, one, many = `${one}s`) => `${formatNumber(n)} ${n > 1 ? many : one}`;

/** The sentence of a slice's visits: how many, on how many actions, what share; France beside. */
export function visitsSentence(ligne, france) {
  if (ligne?.visites == null)
    return "Aucune visite de terrain n'a été importée pour cette campagne (tableau Visites).";
  const part = formatIndicator(ligne.taux_visite, "taux");
  const fr =
    france?.taux_visite != null ? ` (France : ${formatIndicator(france.taux_visite, "taux")})` : "";
  return `${plural(ligne.visites, "visite")} de terrain, qui ${ligne.visites > 1 ? "ont" : "a"} porté sur ${plural(ligne.actions_visitees, "action")} du questionnaire, soit ${part} des actions du département${fr}.`;
}

/** Why an action is to visit first, in words. */
const PRIORITE = {
  1: "non conforme",
  2: "porteur dans sa première campagne",
  3: "pas de visite depuis trois campagnes",
};

/** The columns of a visit in its spreadsheet download. */
const VISIT_COLUMNS = [
  { label: "Date", value: (v) => v.date_visite },
  { label: "N° dossier", value: (v) => v.id_action },
  { label: "Porteur", value: (v) => v.porteur_nom ?? "" },
  { label: "Action", value: (v) => v.action_nom ?? "absente du questionnaire" },
  { label: "Visiteur", value: (v) => v.visiteur },
  { label: "Suite donnée", value: (v) => v.suite },
  { label: "Points forts", value: (v) => v.points_forts ?? "" },
  { label: "Points à améliorer", value: (v) => v.points_a_ameliorer ?? "" },
  { label: "Bonne pratique repérée", value: (v) => v.bonne_pratique, kind: "oui-non" },
];

/** Each visit as a short record (its texts are long: no table), and the whole list to download. */
function VisitsList(visites, campagne, code) {
  const action = (v) =>
    v.dans_export
      ? `« ${v.action_nom} » de ${v.porteur_nom} (N° dossier ${v.id_action})`
      : `N° dossier ${v.id_action}, absent du questionnaire`;
  const texte = (label, value) => (value ? html`<p><strong>${label} :</strong> ${value}</p>` : "");
  return html`<h3>Les visites de la campagne ${campagne}</h3>
    <ol class="visites">
      ${visites.map(
        (v) =>
          html`<li>
            <p>
              <strong>${formatDate(v.date_visite)}</strong> · ${action(v)} · visite : ${v.visiteur}
              · suite : ${v.suite}${v.bonne_pratique ? " · bonne pratique repérée" : ""}
            </p>
            ${texte("Points forts", v.points_forts)}
            ${texte("Points à améliorer", v.points_a_ameliorer)}
          </li>`,
      )}
    </ol>
    ${Download(visites, VISIT_COLUMNS, {
      filename: `clas-visites-${code}-${campagne}.csv`,
      label: "Télécharger les visites (CSV pour tableur)",
    })}`;
}

function ToVisit(actions, code, campagne) {
  return html`<h3 id="a-visiter">Les actions à visiter en priorité</h3>
    <p>
      Les actions de la campagne ${campagne} qui n'ont reçu aucune visite pendant les trois
      dernières campagnes : d'abord les actions non conformes, puis celles des porteurs dans leur
      première campagne, puis les autres.
    </p>
    ${
      actions.length === 0
        ? html`<p>Toutes les actions de la campagne ont reçu une visite récente.</p>`
        : ValuesTable(
            actions,
            [
              { label: "N° dossier", value: (a) => a.id_action },
              { label: "Porteur", value: (a) => a.porteur_nom },
              { label: "Action", value: (a) => a.action_nom },
              { label: "Priorité", value: (a) => PRIORITE[a.priorite] },
              { label: "Conforme", value: (a) => a.conforme, kind: "oui-non" },
              { label: "Dernière visite", value: (a) => a.derniere_visite ?? "jamais" },
            ],
            {
              caption: `${plural(actions.length, "action")} à visiter, campagne ${campagne}`,
              shown: 20,
              download: {
                filename: `clas-actions-a-visiter-${code}-${campagne}.csv`,
                label: "Télécharger la liste à planifier (CSV pour tableur)",
              },
            },
          )
    }`;
}

/**
 * « Visites de terrain »: the counts and share (both builds); internal: visits
 * by suite, each visit with its texts, and, for the newest campagne, the
 * actions to visit first.
 */
export function VisitsSection({ ligne, france, campagne, newest, code, audience, suivi }) {
  const interne = audience === "interne";
  const visites = suivi.visites.filter((v) => v.campagne === campagne);
  const parSuite = suivi.parSuite.filter((s) => s.campagne === campagne);
  return html`<section class="suivi" aria-labelledby="visites">
    <h2 id="visites">Visites de terrain</h2>
    <p>${visitsSentence(ligne, france)}</p>
    ${
      interne && parSuite.length > 0
        ? ValuesTable(
            parSuite,
            [
              { label: "Suite donnée", value: (s) => s.suite },
              { label: "Visites", value: (s) => s.visites, kind: "nombre" },
            ],
            { caption: `Les suites données aux visites, campagne ${campagne}` },
          )
        : ""
    }
    ${interne && visites.length > 0 ? VisitsList(visites, campagne, code) : ""}
    ${
      interne
        ? ""
        : html`<p class="note">
            Les suites données aux visites et les observations des visiteurs sont réservées au
            comité départemental.
          </p>`
    }
    ${interne && campagne === newest ? ToVisit(suivi.aVisiter, code, campagne) : ""}
  </section>`;
}

/**
 * A practice as a card: title, axes and levels, where it comes from, its
 * description as text; on the practices page, its département's bilan
 * (`departementNom`) and its porteur's places on the map (`carte`).
 */
export function PracticeCard(
  p,
  { audience = "public", departementNom = null, carte = false } = {},
) {
  const origine = p.action_nom
    ? `Action « ${p.action_nom} » de ${p.porteur_nom} (N° dossier ${p.id_action})`
    : "Action non précisée ou absente du questionnaire";
  const bilan = departementNom
    ? html` ·
        <a href=${siteUrl(`departement/${encodeURIComponent(p.departement)}`)}
          >bilan ${departementNom} (${p.departement})</a
        >`
    : "";
  const lieux =
    carte && p.porteur_nom
      ? html` ·
          <a href=${siteUrl(`carte?q=${encodeURIComponent(p.porteur_nom)}`)}
            >lieux du porteur sur la carte</a
          >`
      : "";
  return html`<article class="pratique">
    <h3>${p.titre}</h3>
    <p class="pratique-tags">
      <span>Axes : ${p.axes.join(", ")}</span>
      ${p.niveaux.length > 0 ? html`<span>Niveaux : ${p.niveaux.join(", ")}</span>` : ""}
      ${audience === "interne" ? html`<span>Diffusion : ${p.diffusion}</span>` : ""}
    </p>
    <p class="pratique-origine">${origine}${bilan}${lieux}</p>
    <p class="pratique-description">${p.description}</p>
  </article>`;
}

/** « Bonnes pratiques »: the département's practices of the campagne (the public ones in a public build). */
export function PracticesSection({ pratiques, campagne, audience }) {
  return html`<section class="suivi" aria-labelledby="pratiques">
    <h2 id="pratiques">Bonnes pratiques</h2>
    ${
      pratiques.length === 0
        ? html`<p>
            Aucune bonne pratique ${audience === "public" ? "publique " : ""}n'a été enregistrée
            pour la campagne ${campagne}.
          </p>`
        : html`<p>
              ${plural(pratiques.length, "bonne pratique", "bonnes pratiques")}
              repérée${pratiques.length > 1 ? "s" : ""} par le département en
              ${campagne}${audience === "public" ? ", parmi celles qu'il a choisi de diffuser" : ""}.
              Toutes les pratiques sont sur
              <a href=${siteUrl("pratiques")}>la page des bonnes pratiques</a>.
            </p>
            ${pratiques.map((p) => PracticeCard(p, { audience }))}`
    }
  </section>`;
}

/**
 * The national overview's « Visites de terrain et bonnes pratiques »: how many
 * départements record visits and practices, the share of actions visited.
 */
export function NationalSuivi({ departements, france, campagne, audience }) {
  const visitant = departements.filter((d) => d.visites != null);
  // public build: `pratiques` is internal; a département with practices has `pratiques_publiques`
  const reperant = departements.filter((d) => d.pratiques_publiques != null);
  const sur = departements.length;
  const visites =
    visitant.length === 0
      ? `Aucun département n'a importé de visites de terrain pour la campagne ${campagne}.`
      : `${plural(visitant.length, "département")} sur ${formatNumber(sur)} ${visitant.length > 1 ? "ont" : "a"} enregistré des visites de terrain en ${campagne} : ${plural(france?.visites ?? 0, "visite")}, qui ont porté sur ${formatIndicator(france?.taux_visite, "taux")} de leurs actions.`;
  const publiques = france?.pratiques_publiques ?? 0;
  const pratiques =
    reperant.length === 0
      ? "Aucun département n'a importé de bonnes pratiques pour cette campagne."
      : audience === "interne"
        ? `${plural(reperant.length, "département")} ${reperant.length > 1 ? "ont" : "a"} repéré ${plural(france?.pratiques ?? 0, "bonne pratique", "bonnes pratiques")}, dont ${formatNumber(publiques)} à diffuser.`
        : `${plural(reperant.length, "département")} ${reperant.length > 1 ? "ont repéré des bonnes pratiques et en diffusent" : "a repéré des bonnes pratiques et en diffuse"} ${formatNumber(publiques)}.`;
  return html`<section class="suivi" aria-labelledby="suivi-national">
    <h2 id="suivi-national">Visites de terrain et bonnes pratiques</h2>
    <p>${visites}</p>
    <p>
      ${pratiques} Elles sont toutes sur
      <a href=${siteUrl("pratiques")}>la page des bonnes pratiques</a>.
    </p>
  </section>`;
}
