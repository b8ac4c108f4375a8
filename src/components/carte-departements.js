// The map of départements of the national overview: an indicator picked in a
// list that says which choices are rates (comparable between départements)
// and which are counts (they follow the département's size), drawn as a
// choropleth with its values as a table.
import { resize } from "npm:@observablehq/stdlib";
import { formatIndicator } from "../lib/format.js";
import { INDICATOR_META, RATE_META } from "../lib/indicateurs.js";
import { chosenIndicator } from "./indicateur.js";
import { Choropleth } from "./choropleth.js";
import { ChartFigure } from "./figure.js";
import { DepartementLink, siteUrl } from "./liens.js";

/** What a choice is, said in the list: a rate compares, a count follows the size. */
const NATURE = {
  taux: "taux",
  ratio: "ratio",
  nombre: "effectif",
  euros: "montant",
};

/** The rates first (per inhabitant, shares), then the counts and amounts. */
function mapChoices(available) {
  const comparable = (m) => m.kind === "taux" || m.kind === "ratio";
  return [
    ...RATE_META,
    ...INDICATOR_META.filter((m) => comparable(m) && available.includes(m.key)),
    ...INDICATOR_META.filter(
      (m) => !comparable(m) && m.key !== "lignes_rejetees" && available.includes(m.key),
    ),
  ];
}

/** The indicator the reader picked (kept in the URL), rates and counts told apart. */
export function chosenMapIndicator(available, view) {
  return chosenIndicator(mapChoices(available), view, {
    initial: "taux_conformite",
    format: (m) => `${m.label} (${NATURE[m.kind] ?? m.kind})`,
  });
}

/** `rows` the départements' rows of one campagne, `meta` the indicator drawn. */
export function DepartementsMapFigure({ geo, rows, meta, campagne, source }) {
  const parCode = new Map(rows.map((r) => [r.departement, r]));
  const unit = meta.kind === "taux" ? " (%)" : meta.kind === "euros" ? " (€)" : "";
  return ChartFigure({
    title: `${meta.label} par département, campagne ${campagne}`,
    chart: resize((width) =>
      Choropleth(geo, (code) => parCode.get(code)?.[meta.key], {
        width,
        label: `${meta.label}${unit}`,
        format: (v) => formatIndicator(v, meta.kind),
        href: (code) => siteUrl(`departement/${code}`),
      }),
    ),
    note:
      meta.kind === "taux" || meta.kind === "ratio"
        ? "Un taux se compare d'un département à l'autre. Chaque département mène à son bilan."
        : "Un effectif ou un montant suit la taille du département : pour comparer, choisir un taux. Chaque département mène à son bilan.",
    source,
    rows,
    columns: [
      { label: "Code", value: (r) => r.departement, kind: "code", only: "csv" },
      {
        label: "Département",
        value: (r) => r.departement_nom,
        show: (r) => DepartementLink(r.departement, r.departement_nom),
      },
      { label: meta.label, value: (r) => r[meta.key], kind: meta.kind },
    ],
    caption: `${meta.label}, campagne ${campagne}`,
    download: { filename: `clas-${meta.key}-${campagne}.csv`, secret: true },
  });
}
