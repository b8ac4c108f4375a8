// French formatting, in one place. Intl's fr-FR groups thousands with U+202F
// (narrow no-break space) and puts U+00A0 before € and %: kept as is.

/** Intl's formatters, made once per locale and options: making one costs far more than using it. */
const formatters = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) formatters.set(key, (format = new Intl.NumberFormat(locale, options)));
  return format;
}

export function formatNumber(value: number, maximumFractionDigits = 2, locale = "fr-FR"): string {
  return numberFormat(locale, { maximumFractionDigits }).format(value);
}

/** A distance as a parent reads it: « 800 m », « 3 km ». */
export function formatDistance(km: number, locale = "fr-FR"): string {
  if (km < 0.95)
    return `${formatNumber(Math.max(100, Math.round(km * 10) * 100), 0, locale)}\u00a0m`;
  return `${formatNumber(Math.round(km), 0, locale)}\u00a0km`;
}

/** A size as people read it: « 850 ko », « 3,2 Mo ». */
export function formatBytes(bytes: number, locale = "fr-FR"): string {
  return bytes < 1e6
    ? `${formatNumber(Math.round(bytes / 1e3), 0, locale)}\u00a0ko`
    : `${formatNumber(bytes / 1e6, 1, locale)}\u00a0Mo`;
}

/**
 * Money, the one way the project writes it (pages, messages, rules): « 1 234,50 € »;
 * `centimes: false` for a whole amount said in a sentence, « 30 € ».
 */
export function formatEuros(
  value: number,
  { centimes = true }: { centimes?: boolean } = {},
  locale = "fr-FR",
): string {
  return numberFormat(locale, {
    style: "currency",
    currency: "EUR",
    minimumFractionDigits: centimes ? 2 : 0,
    maximumFractionDigits: centimes ? 2 : 0,
  }).format(value);
}

/** A large amount in a few characters, for a chart's axis and labels: « 3,2 M€ ». */
export function formatCompactEuros(value: number, locale = "fr-FR"): string {
  return numberFormat(locale, {
    notation: "compact",
    style: "currency",
    currency: "EUR",
    maximumFractionDigits: 1,
  }).format(value);
}

export function formatPercent(value: number, maximumFractionDigits = 1, locale = "fr-FR"): string {
  return numberFormat(locale, { style: "percent", maximumFractionDigits }).format(value);
}

/** A relative change, signed, the one way the site writes it: « +4,8 % », « −2 % ». */
export function formatChange(delta: number, locale = "fr-FR"): string {
  return `${delta >= 0 ? "+" : "−"}${formatPercent(Math.abs(delta), 1, locale)}`;
}

/** `AAAA-MM-JJ` as `JJ/MM/AAAA`. */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

const MOIS = [
  "janvier",
  "février",
  "mars",
  "avril",
  "mai",
  "juin",
  "juillet",
  "août",
  "septembre",
  "octobre",
  "novembre",
  "décembre",
];

/** `AAAA-MM-JJ` as a French date in words: « 1er décembre 2026 ». */
export function dateInWords(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  return `${d === 1 ? "1er" : d} ${MOIS[m! - 1]} ${y}`;
}

export function formatBoolean(value: boolean): string {
  return value ? "oui" : "non";
}

/** What a published secret cell holds (statistical disclosure control). */
export const SECRET = "secret";

/** A value on a chart: money in a few characters, the rest as in tables. */
export function formatChart(
  value: number | string | null | undefined,
  kind: IndicatorKind,
): string {
  if (kind === "euros" && typeof value === "number") {
    if (Math.abs(value) >= 100_000) return formatCompactEuros(value);
    // an axis tick or a label: no cents (« 0 € », « 450 € »)
    return formatEuros(value, { centimes: false });
  }
  return formatIndicator(value, kind);
}

/** A value of an indicator of the given kind, in French; `—` when undefined. */
export function formatIndicator(
  value: number | string | null | undefined,
  kind: IndicatorKind,
): string {
  if (value === SECRET) return "secret statistique";
  if (typeof value !== "number" || Number.isNaN(value)) return "—";
  switch (kind) {
    case "taux":
      return formatPercent(value);
    case "euros":
      return formatEuros(value);
    case "ratio":
      return formatNumber(value, 1);
    default:
      return formatNumber(value, 0);
  }
}

export type IndicatorKind = "nombre" | "euros" | "taux" | "ratio";
