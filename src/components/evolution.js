// An indicator over the campagnes, for one zone or several: the vertical axis
// starts at zero (the charts say so), a point per campagne with its value.
import * as Plot from "npm:@observablehq/plot";
import { html } from "npm:htl";
import { resize } from "npm:@observablehq/stdlib";
import { formatChart } from "../lib/format.js";
import { META_BY_KEY } from "../lib/indicateurs.js";
import { labelledGroups } from "./a11y.js";
import { ChartFigure } from "./figure.js";

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

/**
 * A zone's indicators over the campagnes as a figure: `rows` the zone's rows
 * (one per campagne), `keys` the indicators; one key is one chart as wide as
 * the page (at most `maxWidth`), several are small multiples.
 */
export function EvolutionFigure({
  rows,
  keys,
  zone,
  title,
  source,
  filename,
  maxWidth = Infinity,
}) {
  const metas = keys.map((key) => META_BY_KEY.get(key));
  const chart = (meta, width, height) =>
    Evolution(
      rows.map((r) => ({ campagne: r.campagne, zone, valeur: r[meta.key] })),
      {
        y: "valeur",
        width,
        height,
        legend: false,
        format: (v) => formatChart(v, meta.kind),
        ariaLabel: `${meta.label}, ${zone}, par campagne`,
      },
    );
  return ChartFigure({
    title,
    chart:
      rows.length < 2
        ? null
        : metas.length === 1
          ? resize((width) => chart(metas[0], Math.min(width, maxWidth)))
          : html`<div class="petits-multiples">
              ${metas.map(
                (meta) =>
                  html`<div class="petit-multiple">
                    <h3>${meta.label}</h3>
                    ${chart(meta, 300, 170)}
                  </div>`,
              )}
            </div>`,
    empty: `Une seule campagne pour ${zone} : l'évolution s'affichera avec la suivante.`,
    note:
      metas.length > 1
        ? "Chaque graphique a son échelle ; l'axe vertical part de zéro."
        : "L'axe vertical part de zéro.",
    source,
    rows,
    columns: [
      { label: "Campagne", value: (r) => r.campagne },
      ...metas.map((meta) => ({ label: meta.label, value: (r) => r[meta.key], kind: meta.kind })),
    ],
    caption: title,
    download: { filename, secret: true },
  });
}
