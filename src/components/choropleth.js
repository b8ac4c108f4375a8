// Départements coloured by an indicator: metropolitan France, and the five
// overseas départements as insets beside it, all on one colour scale (built
// once from every département's value) with one legend. Each département is a
// link to its bilan.
import * as Plot from "npm:@observablehq/plot";
import { interpolateBlues, quantize } from "npm:d3";
import { labelledGroups } from "./a11y.js";
import { classes } from "../lib/classes.js";

export const OUTRE_MER = ["971", "972", "973", "974", "976"];

/** « Sans valeur »: a mid grey, apart from the lightest blue, with its swatch in the legend. */
const UNKNOWN = "#9e9e9e";

function map(features, value, { width, height, format, label, color, href }) {
  return labelledGroups(
    Plot.plot({
      width,
      height,
      projection: { type: "mercator", domain: { type: "FeatureCollection", features } },
      color,
      ariaLabel: label,
      marks: [
        Plot.geo(features, {
          fill: (f) => value(f.properties.code),
          stroke: "white",
          strokeWidth: 0.5,
          href: (f) => href(f.properties.code),
          ariaLabel: (f) =>
            `${f.properties.nom} (${f.properties.code}) : ${format(value(f.properties.code))}`,
          title: (f) =>
            `${f.properties.nom} (${f.properties.code}) : ${format(value(f.properties.code))}`,
        }),
      ],
    }),
  );
}

/**
 * `valueOf(code)` gives a département's value (a number, or anything else for
 * a secret or missing one, drawn grey); `href(code)` its page's URL.
 */
export function Choropleth(
  geo,
  valueOf,
  { width = 640, label = "", format = String, href = () => null } = {},
) {
  const value = (code) => (typeof valueOf(code) === "number" ? valueOf(code) : undefined);
  const values = geo.features.map((f) => value(f.properties.code)).filter((v) => v != null);
  // one scale for the whole map, insets included: the same value, the same colour
  const limits = classes(values);
  const color = {
    type: "threshold",
    domain: limits,
    // the lightest class stays visible on white (never under 1.3:1), the darkest is the scheme's
    range: quantize((t) => interpolateBlues(0.25 + 0.75 * t), limits.length + 1),
    label,
    unknown: UNKNOWN,
    tickFormat: format,
  };
  const metro = geo.features.filter((f) => !OUTRE_MER.includes(f.properties.code));
  const figure = document.createElement("div");
  figure.className = "choropleth";
  figure.setAttribute("role", "group");
  figure.setAttribute("aria-label", `Carte des départements : ${label}`);
  const side = Math.min(width, 640);
  figure.appendChild(map(metro, value, { width: side, height: side, format, label, color, href }));
  const insets = document.createElement("div");
  insets.className = "insets";
  for (const code of OUTRE_MER) {
    const feature = geo.features.find((f) => f.properties.code === code);
    if (!feature) continue;
    const box = document.createElement("div");
    box.className = "inset";
    box.dataset.code = code;
    box.append(
      map([feature], value, {
        width: 100,
        height: 100,
        format,
        label: `${label}, ${feature.properties.nom}`,
        color,
        href,
      }),
      Object.assign(document.createElement("span"), { textContent: feature.properties.nom }),
    );
    insets.appendChild(box);
  }
  figure.appendChild(insets);
  // one tab stop for the map, not one per département: the table below the map holds the
  // same links, reached with the keyboard in order
  for (const a of figure.querySelectorAll("a")) a.setAttribute("tabindex", "-1");
  if (values.length > 0) {
    const legend = Plot.legend({ color: { ...color, label }, width: Math.min(width, 420) });
    legend.classList.add("choropleth-legende");
    figure.appendChild(legend);
  }
  const unknown = document.createElement("p");
  unknown.className = "choropleth-inconnu";
  const swatch = document.createElement("span");
  swatch.className = "pastille";
  swatch.setAttribute("aria-hidden", "true");
  unknown.append(swatch, "Sans valeur (aucune action, ou secret statistique)");
  figure.appendChild(unknown);
  return figure;
}
