// An indicator over the campagnes, for one zone or several: the vertical axis
// starts at zero (the charts say so), a point per campagne with its value.
import * as Plot from "npm:@observablehq/plot";
import { labelledGroups } from "./a11y.js";

export function Evolution(
  rows,
  { y, width, height = 220, ariaLabel, format, series = "zone", legend = true, fontSize = 12 } = {},
) {
  const numbers = rows.filter((r) => typeof r[y] === "number");
  return labelledGroups(
    Plot.plot({
      width,
      height,
      marginLeft: 64,
      marginRight: 24,
      style: { fontSize: `${fontSize}px` },
      ariaLabel,
      ariaDescription:
        "Évolution d'une campagne à l'autre, axe vertical à partir de zéro ; les valeurs sont dans le tableau qui suit.",
      x: { label: null, type: "point", padding: 0.3 },
      y: { grid: true, label: null, tickFormat: format, zero: true, ticks: 4, nice: true },
      color: legend ? { legend: true } : undefined,
      marks: [
        Plot.ruleY([0]),
        Plot.lineY(numbers, { x: "campagne", y, stroke: series }),
        Plot.dot(numbers, { x: "campagne", y, fill: series, r: 3.5 }),
        Plot.text(numbers, {
          x: "campagne",
          y,
          text: (d) => format(d[y]),
          dy: -10,
          fill: "currentColor",
        }),
      ],
    }),
  );
}
