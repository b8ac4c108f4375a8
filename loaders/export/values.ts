// Parsers of the export's cell values: text in, typed value or a French message out.
import { formatEuros } from "../../src/lib/format.js";

export type Parsed<T> = { value: T; note?: string } | { error: string };

export function isError<T>(p: Parsed<T>): p is { error: string } {
  return "error" in p;
}

interface Decimal {
  negative: boolean;
  integer: string;
  fraction: string;
}

/** French or English decimal text, thousands separated by spaces, optional trailing €. */
export function parseDecimal(raw: string): Decimal | null {
  const text = raw.replace(/(\d)[ \u00a0\u202f]+(?=\d)/g, "$1").replace(/[ \u00a0\u202f]*€$/, "");
  const m = /^(-)?(\d+)(?:[.,](\d+))?$/.exec(text);
  if (!m) return null;
  return { negative: m[1] === "-", integer: m[2]!, fraction: m[3] ?? "" };
}

function boundsMessage(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `valeur attendue entre ${min} et ${max}`;
  if (max !== undefined) return `valeur attendue inférieure ou égale à ${max}`;
  return `valeur attendue supérieure ou égale à ${min}`;
}

const INT_CEILING = 1_000_000_000;

export function parseInteger(raw: string, min?: number, max?: number): Parsed<number> {
  const d = parseDecimal(raw);
  if (!d) return { error: `nombre entier attendu (ex. 12)` };
  if (/[^0]/.test(d.fraction)) return { error: "nombre entier attendu : pas de décimales" };
  const value = (d.negative ? -1 : 1) * Number(d.integer);
  if (value < 0 && min !== undefined && min >= 0) {
    return { error: "valeur négative : un nombre positif ou nul est attendu" };
  }
  if (Math.abs(value) > INT_CEILING) return { error: `valeur trop grande (plus d'un milliard)` };
  if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
    return { error: boundsMessage(min, max) };
  }
  return { value: value === 0 ? 0 : value };
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

export function parseLatLon(raw: string): number | null {
  const d = parseDecimal(raw.replace(/€/g, "x"));
  if (!d) return null;
  return (d.negative ? -1 : 1) * Number(`${d.integer}.${d.fraction || "0"}`);
}

const BOOLEANS = new Map<string, boolean>([
  ["oui", true],
  ["o", true],
  ["1", true],
  ["vrai", true],
  ["x", true],
  ["non", false],
  ["n", false],
  ["0", false],
  ["faux", false],
]);

export function parseBoolean(key: string): boolean | undefined {
  return BOOLEANS.get(key);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `JJ/MM/AAAA` or `AAAA-MM-JJ` to ISO `AAAA-MM-JJ`. */
export function parseDate(raw: string): Parsed<string> {
  let m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(raw);
  let year: number, month: number, day: number;
  if (m) [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else {
    m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
    if (!m) return { error: "date attendue au format JJ/MM/AAAA ou AAAA-MM-JJ" };
    [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { error: "date inexistante" };
  }
  const iso = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  return { value: iso };
}

const DURATION_EXPECTED = "durée attendue en minutes (90) ou en heures (1h30, 1h, 1,5 h, 1:30)";

/** A session's duration in minutes: `90`, `1h30`, `1h`, `2 h`, `1,5 h`, `1:30`. */
export function parseDuration(raw: string, min = 0, max = 600): Parsed<number> {
  const text = raw.toLowerCase();
  let minutes: number | null = null;
  let m: RegExpExecArray | null;
  if (/^\d+$/.test(text)) minutes = Number(text);
  else if ((m = /^(\d+)\s*h\s*(\d{1,2})?$/.exec(text))) {
    minutes = Number(m[1]) * 60 + Number(m[2] ?? 0);
    if (Number(m[2] ?? 0) >= 60) return { error: DURATION_EXPECTED };
  } else if ((m = /^(\d+)[.,](\d+)\s*h$/.exec(text))) {
    minutes = Number(`${m[1]}.${m[2]}`) * 60;
    if (!Number.isInteger(Math.round(minutes * 1e6) / 1e6)) {
      return { error: `${DURATION_EXPECTED} : ${raw} ne fait pas un nombre entier de minutes` };
    }
    minutes = Math.round(minutes);
  } else if ((m = /^(\d+):([0-5]\d)$/.exec(text))) {
    minutes = Number(m[1]) * 60 + Number(m[2]);
  }
  if (minutes === null) return { error: DURATION_EXPECTED };
  if (minutes < min || minutes > max) {
    return { error: `durée attendue entre ${min} et ${max} minutes (${minutes} min lues)` };
  }
  return { value: minutes };
}

const CAMPAGNE_EXPECTED =
  "campagne attendue au format AAAA-AAAA, deux années consécutives (ex. 2024-2025)";

export function parseCampagne(raw: string): Parsed<string> {
  const m = /^(\d{4})\s*-\s*(\d{4})$/.exec(raw);
  if (!m || Number(m[2]) !== Number(m[1]) + 1) return { error: CAMPAGNE_EXPECTED };
  return { value: `${m[1]}-${m[2]}` };
}

const DEPARTEMENTS = new Set<string>([
  ...Array.from({ length: 95 }, (_, i) => String(i + 1).padStart(2, "0")).filter((c) => c !== "20"),
  "2A",
  "2B",
  "971",
  "972",
  "973",
  "974",
  "976",
]);

export function parseDepartement(raw: string): Parsed<string> {
  let code = raw.toUpperCase();
  if (/^\d$/.test(code)) code = "0" + code;
  if (!DEPARTEMENTS.has(code)) {
    return {
      error: "code département inconnu : attendu 01 à 19, 21 à 95, 2A, 2B, 971 à 974 ou 976",
    };
  }
  return { value: code };
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const LA_POSTE_SIREN = "356000000";

export function parseSiret(raw: string): Parsed<string> {
  const digits = raw.replace(/\s/g, "");
  if (!/^\d{14}$/.test(digits)) return { error: "SIRET attendu : 14 chiffres" };
  if (digits.startsWith(LA_POSTE_SIREN)) {
    const sum = [...digits].reduce((s, d) => s + Number(d), 0);
    if (sum % 5 !== 0) {
      return {
        error:
          "SIRET invalide : la somme des chiffres d'un SIRET de La Poste doit être divisible par 5",
      };
    }
  } else if (!luhn(digits)) {
    return { error: "SIRET invalide : la clé de contrôle (formule de Luhn) est fausse" };
  }
  return { value: digits };
}

export function parsePostcode(raw: string): Parsed<string> {
  return /^\d{5}$/.test(raw) ? { value: raw } : { error: "code postal attendu : 5 chiffres" };
}
