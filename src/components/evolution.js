// One indicator over the campagnes, for a zone and France.
import * as Plot from "npm:@observablehq/plot";
import { labelledGroups } from "./a11y.js";

export function Evolution(rows, { y, width, ariaLabel, format, series = "zone" } = {}) {
  return labelledGroups(
    Plot.plot({
      width,
      height: 220,
      ariaLabel,
      ariaDescription:
        "Évolution d'une campagne à l'autre ; les valeurs sont dans le tableau qui suit.",
      x: { label: "Campagne", type: "point" },
      y: { grid: true, label: null, tickFormat: format },
      color: { legend: true },
      marks: [
        Plot.lineY(rows, { x: "campagne", y, stroke: series }),
        Plot.dot(rows, { x: "campagne", y, fill: series, tip: true }),
      ],
    }),
  );
}
