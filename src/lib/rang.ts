// A département's rank on an indicator, among the published values only: a
// secret or missing value has no rank and takes no place. French ordinals.

/** « 1er », « 2e », « 92e ». */
export function ordinal(n: number): string {
  return n === 1 ? "1er" : `${n}e`;
}

export interface Rang {
  rang: number;
  sur: number;
}

/**
 * The rank of `value` among `values`, from the largest (1 = the largest),
 * counting only numbers; ties share the better rank. Null when `value` is not
 * a number (secret, missing).
 */
export function rank(values: readonly unknown[], value: unknown): Rang | null {
  if (typeof value !== "number" || Number.isNaN(value)) return null;
  const published = values.filter((v): v is number => typeof v === "number" && !Number.isNaN(v));
  return { rang: published.filter((v) => v > value).length + 1, sur: published.length };
}

/** « 92e sur 95 », or « — » without a rank. */
export function formatRank(r: Rang | null): string {
  return r ? `${ordinal(r.rang)} sur ${r.sur}` : "—";
}
