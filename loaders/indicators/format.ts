// The machine formats of `clas indicators`: JSON and RFC 4180 CSV.
import { INDICATORS } from "./sql.js";
import type { IndicatorRow } from "./compute.js";

export function indicatorsJson(rows: IndicatorRow[]): string {
  return JSON.stringify(rows);
}

function csvCell(value: string | number | null): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** `,` between fields, `.` decimals, empty for null, a header row, CRLF, no BOM. */
export function indicatorsCsv(rows: IndicatorRow[]): string {
  const lines = [INDICATORS.join(",")];
  for (const row of rows) lines.push(INDICATORS.map((k) => csvCell(row[k] ?? null)).join(","));
  return lines.map((l) => l + "\r\n").join("");
}
