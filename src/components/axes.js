// The four axes of the référentiel: the share of actions declaring every
// objective of each axis, and of all four.
import { formatIndicator } from "../lib/format.js";
import { resize } from "npm:@observablehq/stdlib";
import { Bars } from "./bars.js";
import { ChartFigure } from "./figure.js";

const AXES = [
  ["Enfants et jeunes", "taux_axe_enfants"],
  ["Parents", "taux_axe_parents"],
  ["École", "taux_axe_ecole"],
  ["Territoire", "taux_axe_territoire"],
  ["Les quatre axes", "couverture_4_axes"],
];

/** `zones` [{ nom, row }]: the first is drawn, each is a column of the table. */
export function AxesFigure({ zones, campagne, source, filename, maxWidth = Infinity }) {
  const [zone] = zones;
  const rows = AXES.map(([axe, key]) => ({ axe, valeurs: zones.map((z) => z.row?.[key] ?? null) }));
  const drawn = rows.filter((r) => typeof r.valeurs[0] === "number");
  return ChartFigure({
    title: `Actions déclarant tous les objectifs de chaque axe, ${zone.nom}, campagne ${campagne}`,
    chart: drawn.length
      ? resize((width) =>
          Bars(drawn, {
            x: (r) => r.valeurs[0],
            y: "axe",
            width: Math.min(width, maxWidth),
            domain: [0, 1],
            format: (v) => formatIndicator(v, "taux"),
            ariaLabel: `Part des actions déclarant tous les objectifs de chaque axe, ${zone.nom}`,
          }),
        )
      : null,
    empty: "Aucune action cette campagne.",
    source,
    rows,
    columns: [
      { label: "Axe", value: (r) => r.axe },
      ...zones.map((z, i) => ({ label: z.nom, value: (r) => r.valeurs[i], kind: "taux" })),
    ],
    caption: "Part des actions déclarant tous les objectifs de chaque axe",
    download: { filename },
  });
}
