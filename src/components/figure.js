// A chart as a reader needs it: its title, the chart, its source and date,
// its values as a table one click away, and a CSV download of them.
import { DataTable, Download } from "./table.js";
import { screenColumns } from "../lib/columns.js";

/**
 * `chart` is a node (or null: nothing to draw, `empty` says why); its values are
 * `rows` under `columns` said once (lib/columns.ts), shown as a table captioned
 * `caption` and downloaded as `download` { filename, label, secret }.
 */
export function ChartFigure({
  title,
  chart,
  rows,
  columns,
  caption,
  download,
  source,
  note,
  empty,
}) {
  const figure = document.createElement("figure");
  figure.className = "graphique";
  const heading = document.createElement("figcaption");
  heading.className = "graphique-titre";
  heading.textContent = title;
  figure.appendChild(heading);
  if (chart) figure.appendChild(chart);
  else if (empty) {
    const p = document.createElement("p");
    p.className = "graphique-vide";
    p.setAttribute("role", "note");
    p.textContent = empty;
    figure.appendChild(p);
  }
  if (note) {
    const p = document.createElement("p");
    p.className = "graphique-note";
    p.textContent = note;
    figure.appendChild(p);
  }
  if (source) {
    const p = document.createElement("p");
    p.className = "graphique-source";
    p.textContent = source;
    figure.appendChild(p);
  }
  if (rows && columns) {
    const details = document.createElement("details");
    details.className = "graphique-donnees";
    const summary = document.createElement("summary");
    summary.textContent = "Les valeurs en tableau";
    details.append(summary, DataTable(rows, screenColumns(columns), { caption: caption ?? title }));
    figure.appendChild(details);
    if (download) figure.appendChild(Download(rows, columns, download));
  }
  return figure;
}

/** The source line of the site's charts: « Source : questionnaires … ; données extraites le … ». */
export function sourceLine(campagne, extraitLe) {
  return `Source : questionnaires d'activité des Clas, campagne ${campagne}${extraitLe ? ` ; données extraites le ${extraitLe}` : ""}.`;
}
