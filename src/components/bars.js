// Horizontal bars with an aria label and description, for shares and rates.
// The label column narrows on a phone; value labels always have room.
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
    fontSize = 12,
  } = {},
) {
  const marginLeft = Math.round(Math.min(230, Math.max(100, width * 0.42)));
  return labelledGroups(
    Plot.plot({
      width,
      height: Math.max(80, 30 * data.length + 44),
      marginLeft,
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
        Plot.axisY({ textOverflow: "ellipsis", lineWidth: marginLeft / 6.5, tickSize: 0 }),
        Plot.ruleX([0]),
      ],
    }),
  );
}
