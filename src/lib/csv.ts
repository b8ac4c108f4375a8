// CSV for a spreadsheet in French: `;` between fields, decimal comma, UTF-8 with
// a BOM (so that Excel reads the accents), CRLF. Text that a spreadsheet would
// take for a formula is neutralised; numbers stay numbers. A typed column
// writes its values as a French spreadsheet expects them: a rate as a
// percentage with a fixed number of decimals, a count as a whole number, money
// to the cent, a code as text (`01`, `2A` keep their form), a secret cell empty.
import { SECRET } from "./format.js";

export type CsvType = "texte" | "code" | "entier" | "taux" | "euros" | "decimal";

export interface CsvColumn<T> {
  label: string;
  value: (row: T) => string | number | boolean | null | undefined;
  /** Untyped: numbers as they are, text neutralised. */
  type?: CsvType;
}

const FORMULA = /^[=+\-@\t\r]/;

function number(value: number, decimals: number): string {
  return value.toFixed(decimals).replace(".", ",");
}

function cell(value: string | number | boolean | null | undefined, type?: CsvType): string {
  // a code keeps its leading zero: a formula of a constant text, the one way Excel keeps it
  if (type === "code" && typeof value === "string" && /^[0-9A-Z]{1,5}$/.test(value))
    return `="${value}"`;
  if (value === null || value === undefined || value === SECRET) return "";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return "";
    switch (type) {
      case "entier":
        return number(value, 0);
      case "taux":
        return number(value * 100, 1);
      case "euros":
        return number(value, 2);
      case "decimal":
        return number(value, 1);
      default:
        return String(value).replace(".", ",");
    }
  }
  if (typeof value === "boolean") return value ? "oui" : "non";
  const text = FORMULA.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function excelCsv<T>(rows: readonly T[], columns: readonly CsvColumn<T>[]): string {
  const lines = [columns.map((c) => cell(c.label)).join(";")];
  for (const row of rows) lines.push(columns.map((c) => cell(c.value(row), c.type)).join(";"));
  return "\ufeff" + lines.join("\r\n") + "\r\n";
}

/** The header of a typed column: its unit said (« Part Caf (%) », « Coût total (€) »). */
export function withUnit(label: string, type: CsvType): string {
  return type === "taux" ? `${label} (%)` : type === "euros" ? `${label} (€)` : label;
}

/**
 * A last column naming a row's secret cells: they are empty in their columns,
 * and this column says why.
 */
export function secretNote<T>(
  columns: readonly (CsvColumn<T> & { secret?: boolean })[],
): CsvColumn<T> {
  return {
    label: "Secret statistique",
    value: (row) => {
      const hidden = columns.filter((c) => c.value(row) === SECRET).map((c) => c.label);
      return hidden.length
        ? `valeurs masquées (1 à 10 personnes, ou pour ne pas les retrouver par différence) : ${hidden.join(", ")}`
        : "";
    },
  };
}
