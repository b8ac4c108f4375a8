// Parsers of the export's cell values: text in, typed value or a French message out.

export type Parsed<T> = { value: T; note?: string } | { error: string };

export function isError<T>(p: Parsed<T>): p is { error: string } {
  return "error" in p;
}

export interface Decimal {
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

/**
 * The dates a campagne's visits may bear (spec/suivi.md): from 1 July of its
 * first year to 31 December of its second, as ISO dates; and its SQL twin.
 */
export function campagneDates(campagne: string): { from: string; to: string } {
  return { from: `${campagne.slice(0, 4)}-07-01`, to: `${campagne.slice(5, 9)}-12-31` };
}
export function inCampagneSql(date: string, campagne: string): string {
  return `${date} BETWEEN make_date(CAST(substr(${campagne}, 1, 4) AS INTEGER), 7, 1) AND make_date(CAST(substr(${campagne}, 6, 4) AS INTEGER), 12, 31)`;
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

export function parsePostcode(raw: string): Parsed<string> {
  return /^\d{5}$/.test(raw) ? { value: raw } : { error: "code postal attendu : 5 chiffres" };
}
