// French formatting, in one place. Intl's fr-FR groups thousands with U+202F
// (narrow no-break space) and puts U+00A0 before € and %: kept as is.

export function formatNumber(value: number, maximumFractionDigits = 2, locale = "fr-FR"): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits }).format(value);
}

export function formatEuros(value: number, locale = "fr-FR"): string {
  return new Intl.NumberFormat(locale, { style: "currency", currency: "EUR" }).format(value);
}

export function formatPercent(value: number, maximumFractionDigits = 1, locale = "fr-FR"): string {
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits }).format(value);
}

/** `AAAA-MM-JJ` as `JJ/MM/AAAA`. */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

export function formatBoolean(value: boolean): string {
  return value ? "oui" : "non";
}

/** What a published secret cell holds (statistical disclosure control). */
export const SECRET = "secret";

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
