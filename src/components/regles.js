// The référentiel's rules as a bilan shows them: one bar per rule, the
// blocking rules (those that decide conformity) apart from the warnings, and
// the table of values with each rule's quotation.
import { formatIndicator } from "../lib/format.js";
import { resize } from "npm:@observablehq/stdlib";
import { Bars } from "./bars.js";
import { ChartFigure } from "./figure.js";

const NIVEAU = { bloquant: "Règle bloquante", avertissement: "Avertissement" };

/**
 * `regles` as the site data lists them; `zones` [{ nom, row }]: the first is
 * drawn, each is a column of the table; `maxWidth` caps the chart for print.
 */
export function RulesFigure({ regles, zones, campagne, source, filename, maxWidth = Infinity }) {
  const [zone] = zones;
  const rows = regles.map((r) => ({
    ...r,
    groupe: NIVEAU[r.niveau] ?? r.niveau,
    valeurs: zones.map((z) => z.row?.[r.colonne] ?? null),
  }));
  const drawn = rows.filter((r) => typeof r.valeurs[0] === "number");
  return ChartFigure({
    title: `Respect de chaque règle du référentiel, ${zone.nom}, campagne ${campagne}`,
    chart: drawn.length
      ? resize((width) =>
          Bars(drawn, {
            x: (r) => r.valeurs[0],
            y: "nom",
            group: "groupe",
            width: Math.min(width, maxWidth),
            domain: [0, 1],
            format: (v) => formatIndicator(v, "taux"),
            ariaLabel: `Respect des règles du référentiel, ${zone.nom}, campagne ${campagne}`,
            ariaDescription:
              "Une barre par règle, les règles bloquantes d'abord, puis les avertissements ; le tableau donne les valeurs et la citation du référentiel.",
          }),
        )
      : null,
    empty: "Aucune action cette campagne : pas de règle à vérifier.",
    note: "Une action est conforme quand elle respecte toutes les règles bloquantes ; un avertissement ne la rend pas non conforme. Règles de collectif : part des collectifs ; règles d'action : part des actions.",
    source,
    rows,
    columns: [
      { label: "Règle", value: (r) => r.nom },
      { label: "Code", value: (r) => r.id, only: "csv" },
      { label: "Ce qui est vérifié", value: (r) => r.libelle },
      { label: "Niveau", value: (r) => r.groupe },
      ...zones.map((z, i) => ({
        label: z.nom,
        value: (r) => r.valeurs[i],
        kind: "taux",
      })),
      {
        label: "Ce que dit le référentiel",
        value: (r) => r.citation,
        show: (r) => `« ${r.citation} »`,
      },
    ],
    caption: `Respect de chaque règle (collectifs pour les règles de collectif, actions sinon), campagne ${campagne}`,
    download: { filename },
  });
}
