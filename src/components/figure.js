// A chart as a reader needs it: its title, the chart, its source and date,
// its values as a table one click away, and a CSV download of them.
import { DownloadButton } from "./download.js";

/**
 * `chart` is a node (or null: nothing to draw, `empty` says why); `table` the
 * same values as a table; `csv` { rows, columns, filename } for the download.
 */
export function ChartFigure({ title, chart, table, csv, source, note, empty }) {
  const figure = document.createElement("figure");
  figure.className = "graphique";
  const caption = document.createElement("figcaption");
  caption.className = "graphique-titre";
  caption.textContent = title;
  figure.appendChild(caption);
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
  if (table) {
    const details = document.createElement("details");
    details.className = "graphique-donnees";
    const summary = document.createElement("summary");
    summary.textContent = "Les valeurs en tableau";
    details.append(summary, table);
    figure.appendChild(details);
  }
  if (csv)
    figure.appendChild(
      DownloadButton(csv.rows, csv.columns, {
        filename: csv.filename,
        label: csv.label ?? "Télécharger ces valeurs (CSV pour tableur)",
      }),
    );
  return figure;
}

/** The source line of the site's charts: « Source : questionnaires … ; données extraites le … ». */
export function sourceLine(campagne, extraitLe) {
  return `Source : questionnaires d'activité des Clas, campagne ${campagne}${extraitLe ? ` ; données extraites le ${extraitLe}` : ""}.`;
}
