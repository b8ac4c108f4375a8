// Who a build is for, and what each audience may see. Only this module (and
// the loaders through it) decides what leaves the warehouse; pages never do.
import type { IndicatorRow } from "../indicators/compute.js";
import { INDICATORS } from "../indicators/sql.js";
import { INDICATOR_META, RATE_META } from "../../src/lib/catalogue.js";
import {
  DEFAULT_THRESHOLD,
  derived,
  primary,
  secondary,
  type Relation,
  type Row,
} from "./disclosure.js";
import { protect } from "./audit.js";

export type Audience = "interne" | "public";

export interface Publication {
  audience: Audience;
  /** An internal build limited to these départements (empty: all). */
  departements: string[];
  /** Counts from 1 to this are secret in the public build. */
  threshold: number;
}

/** Pages of the internal audience only: left out of a public build (their data too). */
export const INTERNAL_ONLY_PAGES = ["qualite.md"];
/** Pages of the public build only: the open data it publishes (loaders/publish/open-data.ts). */
export const PUBLIC_ONLY_PAGES = ["donnees.md"];

const interne = new Set(INDICATOR_META.filter((m) => m.interne).map((m) => m.key));

/** The indicators a public build publishes: those of the catalogue not marked internal. */
export const PUBLIC_INDICATORS = INDICATORS.filter((k) => !interne.has(k));

/**
 * Rates the site adds to the indicators (loaders/publish/site-data.ts), to
 * compare départements of different sizes; hidden when the count they come from is.
 */
export const SITE_RATES: readonly string[] = RATE_META.map((m) => m.key);

/** Every column of a published indicator row, in order. */
export const PUBLIC_COLUMNS: readonly string[] = [...PUBLIC_INDICATORS, ...SITE_RATES];

/** Counts of persons (children, families, parents): under statistical disclosure control. */
export const CONTROLLED: readonly string[] = INDICATOR_META.filter(
  (m) => m.secret === "personnes",
).map((m) => m.key);

/** Indicators computed from controlled counts, hidden with them (the site's rates: withRates). */
export const DERIVED: Record<string, readonly string[]> = Object.fromEntries(
  INDICATOR_META.flatMap((m) => (typeof m.secret === "object" ? [[m.key, m.secret.derive]] : [])),
);

const LEVELS = ["enfants_elementaire", "enfants_college", "enfants_lycee", "enfants_autre"];

/**
 * The additive relations between published counts: a zone's children are the
 * sum of its levels; France is the sum of its départements and of its régions;
 * a région is the sum of its départements.
 */
export function relations(
  rows: Row[],
  regionOf: Map<string, string>,
  isRegion: (i: number) => boolean,
): Relation[] {
  const out: Relation[] = [];
  const index = new Map<string, number>();
  rows.forEach((r, i) => index.set(`${r.campagne}|${isRegion(i) ? "R" : "D"}|${r.departement}`, i));
  rows.forEach((r, i) =>
    out.push({ total: { row: i, key: "enfants" }, parts: LEVELS.map((key) => ({ row: i, key })) }),
  );
  const campagnes = new Set(rows.map((r) => String(r.campagne)));
  for (const campagne of campagnes) {
    const fr = index.get(`${campagne}|D|FR`);
    if (fr === undefined) continue;
    const deps = rows
      .map((r, i) => [r, i] as const)
      .filter(([r, i]) => r.campagne === campagne && !isRegion(i) && r.departement !== "FR");
    const regs = rows
      .map((r, i) => [r, i] as const)
      .filter(([r, i]) => r.campagne === campagne && isRegion(i));
    for (const key of CONTROLLED) {
      out.push({ total: { row: fr, key }, parts: deps.map(([, i]) => ({ row: i, key })) });
      if (regs.length > 0)
        out.push({ total: { row: fr, key }, parts: regs.map(([, i]) => ({ row: i, key })) });
      for (const [reg, ri] of regs) {
        const members = deps.filter(
          ([d]) => regionOf.get(String(d.departement)) === reg.departement,
        );
        out.push({ total: { row: ri, key }, parts: members.map(([, i]) => ({ row: i, key })) });
      }
    }
  }
  return out;
}

/**
 * The public indicators: explicit columns, disclosure control (primary and
 * secondary suppression, then the audit against every combination of the
 * published relations, hiding more until it passes), derived values hidden.
 */
export async function publicIndicators(
  departementRows: IndicatorRow[],
  regionRows: IndicatorRow[],
  regionOf: Map<string, string>,
  threshold = DEFAULT_THRESHOLD,
): Promise<{ parDepartement: Row[]; parRegion: Row[] }> {
  const keep = (r: IndicatorRow): Row =>
    Object.fromEntries(PUBLIC_INDICATORS.map((k) => [k, r[k] ?? null]));
  const all = [...departementRows.map(keep), ...regionRows.map(keep)];
  const isRegion = (i: number) => i >= departementRows.length;
  const published = relations(all, regionOf, isRegion);
  let rows = primary(all, CONTROLLED, threshold);
  rows = secondary(rows, published);
  rows = await protect(rows, published, threshold);
  rows = derived(rows, DERIVED);
  return {
    parDepartement: rows.slice(0, departementRows.length),
    parRegion: rows.slice(departementRows.length),
  };
}

/** Breakdowns the public build may publish: none that counts children. */
export const PUBLIC_BREAKDOWNS = [
  "type_structure",
  "qpv",
  "reaap",
  "projet_educatif",
  "lieu_type",
  "financement",
];
