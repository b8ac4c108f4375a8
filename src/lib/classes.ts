// The colour classes of a choropleth, built once from every value it shows.

/**
 * The class limits: the quintiles of the values, each once (many départements
 * may share a value, 100 % say, and a limit said twice would be an empty class).
 */
export function classes(values: readonly number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const at = (p: number) => {
    const i = (sorted.length - 1) * p;
    const lo = Math.floor(i);
    const hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (i - lo);
  };
  return [...new Set([0.2, 0.4, 0.6, 0.8].map(at))].filter((v) => v > sorted[0]!);
}

/** The class of a value: how many limits it reaches (0 to the number of limits). */
export function classOf(limits: readonly number[], value: number): number {
  return limits.filter((l) => value >= l).length;
}
