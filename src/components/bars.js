// Horizontal bars with an aria label and description, for shares and rates.
import * as Plot from "npm:@observablehq/plot";
import { labelledGroups } from "./a11y.js";

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
  } = {},
) {
  return labelledGroups(
    Plot.plot({
      width,
      height: Math.max(80, 26 * data.length + 40),
      marginLeft: 230,
      ariaLabel,
      ariaDescription,
      x: { grid: true, percent, domain, label: null, tickFormat: format },
      y: { label: null },
      marks: [
        Plot.barX(data, { x, y, fill: color, sort: { y: "-x" } }),
        Plot.text(data, {
          x,
          y,
          text: (d) => (format ? format(d[x]) : d[x]),
          dx: 4,
          textAnchor: "start",
          fill: "currentColor",
        }),
        Plot.ruleX([0]),
      ],
    }),
  );
}
