// Départements coloured by an indicator: metropolitan France, and the five
// overseas départements as insets beside it.
import * as Plot from "npm:@observablehq/plot";
import { labelledGroups } from "./a11y.js";

const OUTRE_MER = ["971", "972", "973", "974", "976"];

function map(features, value, { width, height, format, label, scheme }) {
  return labelledGroups(
    Plot.plot({
      width,
      height,
      projection: { type: "mercator", domain: { type: "FeatureCollection", features } },
      color: {
        type: "quantile",
        n: 5,
        scheme,
        label,
        legend: false,
        unknown: "#ddd",
        tickFormat: format,
      },
      ariaLabel: label,
      marks: [
        Plot.geo(features, {
          fill: (f) => value(f.properties.code),
          stroke: "white",
          strokeWidth: 0.5,
          title: (f) =>
            `${f.properties.nom} (${f.properties.code}) : ${format(value(f.properties.code))}`,
        }),
      ],
    }),
  );
}

export function Choropleth(
  geo,
  valueOf,
  { width = 640, label = "", format = String, scheme = "blues" } = {},
) {
  const metro = geo.features.filter((f) => !OUTRE_MER.includes(f.properties.code));
  // a secret or missing value is drawn as unknown
  const value = (code) => (typeof valueOf(code) === "number" ? valueOf(code) : undefined);
  const figure = document.createElement("figure");
  figure.className = "choropleth";
  figure.setAttribute("role", "group");
  figure.setAttribute("aria-label", `Carte des départements : ${label}`);
  const main = map(metro, value, {
    width: Math.min(width, 640),
    height: Math.min(width, 640),
    format,
    label,
    scheme,
  });
  figure.appendChild(main);
  const insets = document.createElement("div");
  insets.className = "insets";
  for (const code of OUTRE_MER) {
    const feature = geo.features.find((f) => f.properties.code === code);
    if (!feature) continue;
    const inset = map([feature], value, {
      width: 110,
      height: 110,
      format,
      label: `${label}, ${feature.properties.nom}`,
      scheme,
    });
    const box = document.createElement("div");
    box.className = "inset";
    box.append(
      inset,
      Object.assign(document.createElement("span"), { textContent: feature.properties.nom }),
    );
    insets.appendChild(box);
  }
  figure.appendChild(insets);
  const legend = Plot.legend({
    color: {
      type: "quantile",
      n: 5,
      scheme,
      domain: geo.features.map((f) => value(f.properties.code)).filter((v) => v != null),
      label,
      tickFormat: format,
    },
  });
  figure.appendChild(legend);
  return figure;
}
