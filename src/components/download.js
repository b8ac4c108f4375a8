// A button that downloads rows as a spreadsheet-friendly CSV, made in the browser.
import { excelCsv } from "../lib/csv.js";

export function DownloadButton(rows, columns, { filename, label = "Télécharger (CSV)" } = {}) {
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = label;
  button.addEventListener("click", () => {
    const blob = new Blob([excelCsv(rows, columns)], { type: "text/csv;charset=utf-8" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = filename;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  });
  return button;
}
