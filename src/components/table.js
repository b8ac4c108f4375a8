// Plain, accessible HTML tables: the text alternative beside each chart. Wide
// tables scroll in their own box (reachable with the keyboard), never the page.
// `ValuesTable` takes the columns said once (lib/columns.ts): the screen table
// and its spreadsheet download derive from them.
import { csvColumns, screenColumns } from "../lib/columns.js";
import { DownloadButton } from "./download.js";

/** A box that scrolls a wide element sideways, focusable, named for screen readers. */
export function Scroll(node, label) {
  const box = document.createElement("div");
  box.className = "table-defilante";
  box.tabIndex = 0;
  box.setAttribute("role", "region");
  if (label) box.setAttribute("aria-label", label);
  box.appendChild(node);
  return box;
}

function fill(cell, value) {
  if (value instanceof Node) cell.appendChild(value);
  else cell.textContent = value ?? "—";
}

/** A table of `rows`; each column has a label, a value, and optionally a format and `numeric`. */
export function DataTable(rows, columns, { caption } = {}) {
  const table = document.createElement("table");
  // a short table is printed whole, on one page
  table.className = rows.length <= 15 ? "clas-table courte" : "clas-table";
  if (caption) table.createCaption().textContent = caption;
  const head = table.createTHead().insertRow();
  for (const c of columns) {
    const th = document.createElement("th");
    th.scope = "col";
    fill(th, c.header ?? c.label);
    if (c.numeric) th.className = "num";
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    columns.forEach((c, i) => {
      const cell = i === 0 ? document.createElement("th") : document.createElement("td");
      if (i === 0) cell.scope = "row";
      fill(cell, c.format ? c.format(c.value(row), row) : c.value(row));
      if (c.numeric) cell.className = "num";
      tr.appendChild(cell);
    });
  }
  return Scroll(table, caption);
}

/**
 * A table whose columns sort when their header button is pressed (mouse or
 * keyboard), the order said by aria-sort; numbers sort as numbers, a missing
 * or secret value last.
 */
export function SortableTable(rows, columns, { caption, sort: initial } = {}) {
  let key = initial?.column ?? null;
  let descending = initial?.descending ?? true;
  const table = document.createElement("table");
  table.className = "clas-table triable";
  if (caption) table.createCaption().textContent = caption;
  const head = table.createTHead().insertRow();
  const body = table.createTBody();
  const headers = columns.map((c, i) => {
    const th = document.createElement("th");
    th.scope = "col";
    if (c.numeric) th.className = "num";
    const button = document.createElement("button");
    button.type = "button";
    fill(button, c.header ?? c.label);
    button.addEventListener("click", () => {
      descending = key === i ? !descending : Boolean(c.numeric);
      key = i;
      render();
    });
    th.appendChild(button);
    head.appendChild(th);
    return th;
  });
  function compare(a, b) {
    const c = columns[key];
    const va = c.value(a);
    const vb = c.value(b);
    const na = typeof va === "number" && !Number.isNaN(va);
    const nb = typeof vb === "number" && !Number.isNaN(vb);
    if (na !== nb) return na ? -1 : 1;
    if (!na) {
      if (va == null && vb == null) return 0;
      if (va == null) return 1;
      if (vb == null) return -1;
      return (descending ? -1 : 1) * String(va).localeCompare(String(vb), "fr");
    }
    return descending ? vb - va : va - vb;
  }
  function render() {
    headers.forEach((th, i) =>
      th.setAttribute("aria-sort", i === key ? (descending ? "descending" : "ascending") : "none"),
    );
    const sorted = key === null ? rows : [...rows].sort(compare);
    body.replaceChildren(
      ...sorted.map((row) => {
        const tr = document.createElement("tr");
        columns.forEach((c, i) => {
          const cell = i === 0 ? document.createElement("th") : document.createElement("td");
          if (i === 0) cell.scope = "row";
          fill(cell, c.format ? c.format(c.value(row), row) : c.value(row));
          if (c.numeric) cell.className = "num";
          tr.appendChild(cell);
        });
        return tr;
      }),
    );
  }
  render();
  return Scroll(table, caption);
}

/**
 * A table of `rows` from columns said once (lib/columns.ts), sortable or not,
 * followed by its download when `download` { filename, label, secret } is
 * given; `shown`: at most this many rows on the page (the download has them all).
 */
export function ValuesTable(
  rows,
  columns,
  { caption, sortable = false, sort, download, shown = Infinity } = {},
) {
  const cut = rows.length > shown;
  const table = (sortable ? SortableTable : DataTable)(
    cut ? rows.slice(0, shown) : rows,
    screenColumns(columns),
    {
      caption: cut
        ? `${caption} (les ${shown} premières lignes sur ${rows.length}${download ? " ; toutes dans le fichier à télécharger" : ""})`
        : caption,
      sort,
    },
  );
  if (!download) return table;
  const box = document.createElement("div");
  box.className = "tableau-valeurs";
  box.append(table, Download(rows, columns, download));
  return box;
}

/** The download button of rows under columns said once. */
export function Download(rows, columns, { filename, label, secret } = {}) {
  return DownloadButton(rows, csvColumns(columns, { secret }), {
    filename,
    label: label ?? "Télécharger ces valeurs (CSV pour tableur)",
  });
}
