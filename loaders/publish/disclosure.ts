// Statistical disclosure control of the public figures: a count of children,
// families or parents from 1 to the threshold is secret (never shown as 0);
// secondary suppression hides one more cell wherever a hidden cell could be
// recomputed from a published total and the visible cells; every value derived
// from a hidden count is hidden too. Pure: rows in, rows out.

/** What a published secret cell holds (pages show it as « secret statistique »). */
export { SECRET } from "../../src/lib/format.js";
import { SECRET } from "../../src/lib/format.js";
export const DEFAULT_THRESHOLD = 10;

export type Cell = number | string | null;
export type Row = Record<string, Cell>;

/** A published total equal to the sum of published parts. */
export interface Relation {
  total: CellRef;
  parts: CellRef[];
}

export interface CellRef {
  row: number;
  key: string;
}

export function isSecret(value: Cell | undefined): boolean {
  return value === SECRET;
}

/** Primary suppression: counts from 1 to the threshold. */
export function primary(
  rows: Row[],
  keys: readonly string[],
  threshold = DEFAULT_THRESHOLD,
): Row[] {
  return rows.map((row) => {
    const out = { ...row };
    for (const k of keys) {
      const v = row[k];
      if (typeof v === "number" && v >= 1 && v <= threshold) out[k] = SECRET;
    }
    return out;
  });
}

/**
 * Secondary suppression over additive relations, until none leaves exactly one
 * hidden cell beside a visible total: the smallest visible non-zero part is
 * hidden (or, when there is none, the total).
 */
export function secondary(rows: Row[], relations: readonly Relation[]): Row[] {
  const out = rows.map((r) => ({ ...r }));
  const get = (c: CellRef) => out[c.row]?.[c.key];
  const hide = (c: CellRef) => {
    out[c.row]![c.key] = SECRET;
  };
  for (let changed = true; changed;) {
    changed = false;
    for (const rel of relations) {
      const cells = [rel.total, ...rel.parts];
      const hidden = cells.filter((c) => isSecret(get(c)));
      if (hidden.length !== 1) continue;
      const candidates = rel.parts
        .filter((c) => !isSecret(get(c)) && typeof get(c) === "number" && (get(c) as number) > 0)
        .sort((a, b) => (get(a) as number) - (get(b) as number));
      const next = candidates[0] ?? (isSecret(get(rel.total)) ? undefined : rel.total);
      if (next) {
        hide(next);
        changed = true;
      }
    }
  }
  return out;
}

/** Derived values (ratios, costs per child, shares) hidden when a count they come from is. */
export function derived(
  rows: Row[],
  dependencies: Readonly<Record<string, readonly string[]>>,
): Row[] {
  return rows.map((row) => {
    const out = { ...row };
    for (const [key, sources] of Object.entries(dependencies)) {
      if (key in out && sources.some((s) => isSecret(out[s]))) out[key] = SECRET;
    }
    return out;
  });
}
