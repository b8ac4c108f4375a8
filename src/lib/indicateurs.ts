// What pages ask of the indicator catalogue (src/lib/catalogue.ts): an
// indicator's record by key, its definition's anchor, the indicators a site shows
// (how a spreadsheet writes a value: lib/columns.ts).
import { INDICATOR_META, RATE_META, type IndicatorMeta } from "./catalogue.js";

export { INDICATOR_META, RATE_META, type IndicatorMeta };

export const META_BY_KEY = new Map([...INDICATOR_META, ...RATE_META].map((m) => [m.key, m]));

/** The anchor of an indicator's definition on the Méthodologie page. */
export function definitionAnchor(key: string): string {
  return `indicateur-${key.replace(/_/g, "-")}`;
}

/** The indicators a site shows, in the catalogue's order: those it publishes, then the rates per inhabitant. */
export function shownIndicators(published: readonly string[]): IndicatorMeta[] {
  return [...INDICATOR_META.filter((m) => published.includes(m.key)), ...RATE_META];
}
