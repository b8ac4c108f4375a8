// Money: the validator's parse (euros to cents, exact) and its SQL twin (the
// cells SQL types itself, written plainly), side by side: a change to one is
// made next to the other. The property tests hold them equal.
import { formatEuros } from "../../src/lib/format.js";
import type { FieldDef } from "./fields.js";
import { parseDecimal, type Parsed } from "./values.js";

/** A form of cell SQL tests and types itself, as the validator would. */
export interface PlainForm {
  /** True when the cell is written plainly and the validator accepts it without a note. */
  test: (c: string, field: FieldDef) => string;
  /** The typed value of such a cell. */
  value: (c: string, type: string) => string;
  /**
   * The test in two, when part of it is a bound on the value: the written form, then the bound
   * on the typed value, so that a query typing the cell anyway casts it once (`test` is both).
   */
  parts?: { written: (c: string) => string; bound: (value: string, field: FieldDef) => string };
}

/** Euros to cents, exact; more than two decimals are rounded half-even with a note; at most `max` euros. */
export function parseMoney(raw: string, positive = false, max?: number): Parsed<bigint> {
  const d = parseDecimal(raw);
  if (!d) return { error: `montant attendu en euros (ex. 12 000,00 €)` };
  const cents2 = (d.fraction + "00").slice(0, 2);
  const rest = d.fraction.slice(2);
  let cents = BigInt(d.integer) * 100n + BigInt(cents2);
  let note: string | undefined;
  if (/[^0]/.test(rest)) {
    const half = "5".padEnd(rest.length, "0");
    const up = rest > half || (rest === half && cents % 2n === 1n);
    if (up) cents += 1n;
    note = `montant arrondi au centime : ${raw} lu ${formatCents(d.negative ? -cents : cents)}`;
  }
  if (d.negative && cents !== 0n) {
    return { error: "montant négatif : un montant positif ou nul est attendu" };
  }
  if (positive && cents === 0n)
    return { error: "montant nul : un montant strictement positif est attendu" };
  if (max !== undefined && cents > BigInt(max) * 100n) {
    return {
      error: `montant trop grand : au plus ${formatEuros(max, { centimes: false })} attendus${/^\d{14}$/.test(d.integer) ? " (un SIRET collé dans la colonne ?)" : ""}`,
    };
  }
  return note ? { value: cents, note } : { value: cents };
}

/** Cents as the text SQL casts to DECIMAL(18,2) (« -1234.50 »). */
export function centsText(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  return `${negative ? "-" : ""}${abs / 100n}.${String(abs % 100n).padStart(2, "0")}`;
}

/** Cents as French text (« 1 234,50 € »), for messages: the project's one money format. */
export function formatCents(cents: bigint): string {
  // exact: money is at most 10⁹ €, 10¹¹ cents, well within a double's integers
  return formatEuros(Number(cents) / 100);
}

/**
 * A money cell's text without spaces and euro sign, with a decimal point. Not a regular
 * expression: `regexp_replace` took 0.26–0.52 µs a cell (DuckDB, one thread, a million cells),
 * most of the typed actions' projection; the cells without space or euro sign, most of them,
 * only have their comma replaced (0.15 µs a cell over a mix with a third spaced).
 */
const moneyText = (c: string) =>
  `CASE WHEN contains(${c}, ' ') OR contains(${c}, '€') OR contains(${c}, '\u00a0') OR contains(${c}, '\u202f') THEN translate(${c}, ', \u00a0\u202f€', '.') ELSE replace(${c}, ',', '.') END`;

/** A money cell written plainly: spaces between digits, two decimals at most, a trailing euro sign. */
const moneyWritten = (c: string) =>
  `(regexp_full_match(${c}, '[0-9]+([ \u00a0\u202f]+[0-9]+)*([.,][0-9]{1,2})?([ \u00a0\u202f]*€)?') AND length(${c}) <= 30)`;
const moneyBound = (value: string, field: FieldDef) => `${value} <= ${field.max ?? "NULL"}`;
const moneyValue = (c: string, type: string) => `TRY_CAST(${moneyText(c)} AS ${type})`;
/** parseMoney's plain cells: written plainly, at most the field's max. */
export const MONEY_SQL: PlainForm = {
  test: (c, field) =>
    `(${moneyWritten(c)} AND ${moneyBound(moneyValue(c, "DECIMAL(18,2)"), field)})`,
  value: moneyValue,
  parts: { written: moneyWritten, bound: moneyBound },
};
