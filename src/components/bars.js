// Horizontal bars with an aria label and description, for shares and rates.
// The label column narrows on a phone; value labels always have room. With a
// `group`, bars are ordered group by group and coloured by group, with a legend.
import * as Plot from "npm:@observablehq/plot";
import { labelledGroups } from "./a11y.js";

/** The second group's colour: 5.7:1 on white, distinct from the theme's blue. */
const GREY = "#5f6368";

export function Bars(
  data,
  {
    x,
    y,
    width,
    ariaLabel,
    ariaDescription,
    percent = false,
    format,
    domain,
    color = "var(--theme-foreground-focus)",
    fontSize = 12,
    group,
  } = {},
) {
  const valueOf = typeof x === "function" ? x : (d) => d[x];
  const groupOf = typeof group === "function" ? group : group ? (d) => d[group] : null;
  const groups = groupOf ? [...new Set(data.map(groupOf))] : [];
  // grouped: each group's bars together, largest first within it
  const order = groupOf
    ? [...data]
        .sort(
          (a, b) =>
            groups.indexOf(groupOf(a)) - groups.indexOf(groupOf(b)) || valueOf(b) - valueOf(a),
        )
        .map((d) => d[y])
    : undefined;
  const marginLeft = Math.round(Math.min(230, Math.max(100, width * 0.42)));
  // every label whole: beside its bar when the longest fits, else above each bar
  const longest = Math.max(0, ...data.map((d) => String(d[y]).length));
  const above = longest * fontSize * 0.58 > marginLeft - 8;
  const step = above ? 48 : 30;
  const text = (d) => (format ? format(valueOf(d)) : valueOf(d));
  const plot = labelledGroups(
    Plot.plot({
      width,
      height: Math.max(80, step * data.length + 44),
      marginLeft: above ? 16 : marginLeft,
      marginRight: 64,
      // 12 px on screen, 9 pt printed: never under 8 pt
      style: { fontSize: `${fontSize}px` },
      ariaLabel,
      ariaDescription,
      x: {
        grid: true,
        percent,
        domain,
        label: null,
        tickFormat: format,
        ticks: width < 500 ? 3 : 5,
      },
      y: { label: null, domain: order, padding: above ? 0.5 : 0.1, axis: above ? null : undefined },
      color: groupOf ? { domain: groups, range: COLOURS(color) } : undefined,
      marks: [
        Plot.barX(data, {
          x: valueOf,
          y,
          fill: groupOf ?? color,
          sort: groupOf ? undefined : { y: "-x" },
        }),
        Plot.text(data, { x: valueOf, y, text, dx: 4, textAnchor: "start", fill: "currentColor" }),
        above
          ? Plot.text(data, {
              x: () => 0,
              y,
              text: (d) => d[y],
              dy: -step / 4 - 8,
              textAnchor: "start",
              fill: "currentColor",
            })
          : Plot.axisY({ tickSize: 0 }),
        Plot.ruleX([0]),
      ],
    }),
  );
  return groupOf ? Legend(groups, COLOURS(color), plot) : plot;
}

/** The groups' colours: the theme's, then a grey distinct from it. */
const COLOURS = (first) => [first, GREY];

/** A legend in the page's text size (Plot's is 10 px), above the chart. */
function Legend(groups, colours, plot) {
  const box = document.createElement("div");
  const legend = document.createElement("p");
  legend.className = "legende-groupes";
  groups.forEach((g, i) => {
    const item = document.createElement("span");
    const swatch = document.createElement("span");
    swatch.className = "pastille";
    swatch.style.background = colours[i % colours.length];
    swatch.setAttribute("aria-hidden", "true");
    item.append(swatch, g);
    legend.append(item);
  });
  box.append(legend, plot);
  return box;
}
