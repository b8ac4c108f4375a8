// How France's actions, collectifs, children or euros divide along one
// dimension (porteur type, QPV, level…), as shares of the published total;
// the children by level are the indicators' own counts, under the same
// disclosure control.
import * as Inputs from "npm:@observablehq/inputs";
import { resize } from "npm:@observablehq/stdlib";
import { formatPercent, SECRET } from "../lib/format.js";
import { bindToUrl } from "../lib/url-state.js";
import { Bars } from "./bars.js";
import { ChartFigure } from "./figure.js";

const DIMENSIONS = [
  ["type_structure", "Type de porteur (actions)"],
  ["qpv", "Quartier prioritaire (actions)"],
  ["reaap", "Action REAAP (actions)"],
  ["projet_educatif", "Projet éducatif territorial (actions)"],
  ["lieu_type", "Type de lieu (collectifs)"],
  ["niveau", "Niveau scolaire (enfants)"],
  ["financement", "Financements (euros)"],
];

const NIVEAUX = [
  ["Élémentaire", "enfants_elementaire"],
  ["Collège", "enfants_college"],
  ["Lycée", "enfants_lycee"],
  ["Autre (maternelle, autre)", "enfants_autre"],
];

/** The dimension the reader picked, kept in the URL: [key, label]. */
export function chosenDimension(view) {
  return view(
    bindToUrl(
      Inputs.select(DIMENSIONS, { label: "Répartition", format: ([, label]) => label }),
      "repartition",
      { read: (k) => DIMENSIONS.find(([d]) => d === k), write: ([d]) => d },
    ),
  );
}

/** The value of one of France's repartitions (`part_filles`…), or undefined. */
export function repartitionValue(repartitions, campagne, dimension) {
  return repartitions.find(
    (r) => r.campagne === campagne && r.departement === "FR" && r.dimension === dimension,
  )?.valeur;
}

export function RepartitionFigure({ repartitions, france, campagne, dimension, source }) {
  const [key, label] = dimension;
  const rep =
    key === "niveau"
      ? NIVEAUX.map(([modalite, k]) => ({ modalite, valeur: france[k] ?? null }))
      : repartitions
          .filter((r) => r.campagne === campagne && r.departement === "FR" && r.dimension === key)
          .map((r) => ({ modalite: r.modalite, valeur: r.valeur }));
  const shown = rep.filter((r) => typeof r.valeur === "number");
  const secrets = rep.filter((r) => r.valeur === SECRET);
  const total =
    key === "niveau" && typeof france.enfants === "number"
      ? france.enfants
      : shown.reduce((s, r) => s + r.valeur, 0);
  const rows = rep.map((r) => ({
    ...r,
    part: typeof r.valeur === "number" && total ? r.valeur / total : null,
  }));
  return ChartFigure({
    title: `${label}, France, campagne ${campagne}`,
    chart: shown.length
      ? resize((width) =>
          Bars(
            rows.filter((r) => r.part !== null),
            {
              x: "part",
              y: "modalite",
              width,
              domain: [0, 1],
              format: (v) => formatPercent(v),
              ariaLabel: `${label}, France, campagne ${campagne}`,
            },
          ),
        )
      : null,
    empty:
      rep.length === 0
        ? "Aucune donnée pour cette répartition et cette campagne."
        : "Toutes les valeurs de cette répartition sont couvertes par le secret statistique.",
    note: secrets.length
      ? `${secrets.map((r) => r.modalite).join(", ")} : secret statistique (de 1 à 10 enfants, ou masqué pour ne pas être retrouvé par différence) ; les parts sont calculées sur le total publié.`
      : null,
    source,
    rows,
    columns: [
      { label: "Modalité", value: (r) => r.modalite },
      key === "financement"
        ? { label: "Montant", value: (r) => r.valeur, kind: "euros" }
        : { label: "Nombre", value: (r) => r.valeur, kind: "nombre" },
      { label: "Part", value: (r) => r.part, kind: "taux" },
    ],
    caption: label,
    download: { filename: `clas-repartition-${key}-${campagne}.csv`, secret: true },
  });
}
