// A plain, accessible HTML table: the text alternative beside each chart.
export function DataTable(rows, columns, { caption } = {}) {
  const table = document.createElement("table");
  table.className = "clas-table";
  if (caption) table.createCaption().textContent = caption;
  const head = table.createTHead().insertRow();
  for (const c of columns) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = c.label;
    if (c.numeric) th.className = "num";
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    columns.forEach((c, i) => {
      const cell = i === 0 ? document.createElement("th") : document.createElement("td");
      if (i === 0) cell.scope = "row";
      const value = c.format ? c.format(c.value(row), row) : c.value(row);
      if (value instanceof Node) cell.appendChild(value);
      else cell.textContent = value ?? "—";
      if (c.numeric) cell.className = "num";
      tr.appendChild(cell);
    });
  }
  return table;
}
