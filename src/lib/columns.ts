// A table's columns said once: each column names its label, its value and its
// kind, and both the screen table (formatted in French, numbers aligned) and
// the spreadsheet download (typed cells, the unit in the header) derive from it.
import { formatBoolean, formatIndicator, type IndicatorKind } from "./format.js";
import type { CsvColumn, CsvType } from "./csv.js";
import { secretNote, withUnit } from "./csv.js";

export type Cell = string | number | boolean | null | undefined;

/** `texte` as it is, `code` kept as text in a spreadsheet (`01`, `2A`), `oui-non` a boolean. */
export type ColumnKind = "texte" | "code" | "oui-non" | IndicatorKind;

export interface Column<T> {
  label: string;
  value: (row: T) => Cell;
  /** How the value is written; a function for a table of indicators, one kind per row. */
  kind?: ColumnKind | ((row: T) => IndicatorKind);
  /** What the screen shows instead of the formatted value: a link, a quotation. */
  show?: (row: T) => unknown;
  /** The screen's header when it is more than the label (a link). */
  header?: unknown;
  /** Aligned as a number on screen though not a number (a rank « 3e sur 101 »). */
  numeric?: boolean;
  /** A column of the screen table only, or of the download only. */
  only?: "ecran" | "csv";
}

/** A column of the screen table, as `components/table.js` draws it. */
export interface ScreenColumn<T> {
  label: string;
  header?: unknown;
  value: (row: T) => unknown;
  format?: (value: unknown, row: T) => unknown;
  numeric?: boolean;
}

const NUMERIC = new Set<ColumnKind>(["nombre", "euros", "taux", "ratio"]);

function isNumeric<T>(c: Column<T>): boolean {
  return typeof c.kind === "function" || (c.kind !== undefined && NUMERIC.has(c.kind));
}

/** How a spreadsheet writes a value of this kind. */
export function csvType(kind: ColumnKind): CsvType {
  switch (kind) {
    case "nombre":
      return "entier";
    case "ratio":
      return "decimal";
    case "oui-non":
      return "texte";
    default:
      return kind;
  }
}

export function screenColumns<T>(columns: readonly Column<T>[]): ScreenColumn<T>[] {
  return columns
    .filter((c) => c.only !== "csv")
    .map((c) => {
      const kind = c.kind;
      const format = c.show
        ? (_v: unknown, row: T) => c.show!(row)
        : typeof kind === "function"
          ? (v: unknown, row: T) => formatIndicator(v as Cell as number, kind(row))
          : kind === "oui-non"
            ? (v: unknown) => (typeof v === "boolean" ? formatBoolean(v) : "—")
            : kind && NUMERIC.has(kind)
              ? (v: unknown) => formatIndicator(v as number, kind as IndicatorKind)
              : undefined;
      return {
        label: c.label,
        header: c.header,
        value: c.value,
        format,
        numeric: c.numeric ?? isNumeric(c),
      };
    });
}

/**
 * The download's columns: a value's unit in its header (« Part Caf (%) »); in a
 * table of indicators (one kind per row) a rate in percent and a « Unité »
 * column; with `secret`, a last column naming each row's secret cells.
 */
export function csvColumns<T>(
  columns: readonly Column<T>[],
  { secret = false }: { secret?: boolean } = {},
): CsvColumn<T>[] {
  const out: CsvColumn<T>[] = [];
  let perRow: ((row: T) => IndicatorKind) | null = null;
  for (const c of columns) {
    if (c.only === "ecran") continue;
    const kind = c.kind;
    if (typeof kind === "function") {
      perRow = kind;
      out.push({
        label: c.label,
        value: (row) => {
          const v = c.value(row);
          return kind(row) === "taux" && typeof v === "number" ? v * 100 : v;
        },
        type: "decimal",
      });
    } else if (kind) {
      const type = csvType(kind);
      out.push({ label: withUnit(c.label, type), value: c.value, type });
    } else out.push({ label: c.label, value: c.value });
  }
  if (perRow) {
    const unit = perRow;
    out.push({
      label: "Unité",
      value: (row) => (unit(row) === "taux" ? "%" : unit(row) === "euros" ? "€" : ""),
    });
  }
  return secret ? [...out, secretNote(out)] : out;
}
