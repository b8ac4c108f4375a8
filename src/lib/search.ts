// The map's search: what a parent types (a commune, a postcode, « Marseille
// 13003 », « Paris 11e », a place's name) to communes of the gazetteer, in
// the page and at build time (the gazetteer's files are cut by `shardKey`).
// Accents, case, hyphens and apostrophes are ignored; « St » is « Saint »;
// one typo is forgiven (two in a long name).
import { foldText } from "./normalize.js";

/** A commune (or a municipal arrondissement) of the gazetteer. */
export interface GazetteerEntry {
  /** INSEE code (75111 for Paris's 11th arrondissement). */
  code: string;
  nom: string;
  departement: string;
  /** The centre; null for an arrondissement (no centre in the reference geodata). */
  lat: number | null;
  lon: number | null;
  population: number;
  postcodes: string[];
  /** The commune an arrondissement belongs to (75056 for Paris). */
  parent: string | null;
}

/** The folder of the built site the gazetteer's files are in, and their three kinds. */
export const GAZETTEER = {
  folder: "communes",
  /** By the first two letters of the name (`shardKeys`). */
  names: "noms",
  /** By the first two digits of the postcode. */
  postcodes: "codes-postaux",
  /** By département: for the labels of the map and the communes of a URL. */
  departements: "departements",
} as const;

type EncodedEntry = [string, string, number | null, number | null, number, string, string];

/** An entry as a compact row of the gazetteer's files (the département follows from the code). */
export function encodeEntry(e: GazetteerEntry): EncodedEntry {
  const r = (x: number | null) => (x === null ? null : Math.round(x * 1e4) / 1e4);
  return [e.code, e.nom, r(e.lat), r(e.lon), e.population, e.postcodes.join(" "), e.parent ?? ""];
}

export function decodeEntry([
  code,
  nom,
  lat,
  lon,
  population,
  postcodes,
  parent,
]: EncodedEntry): GazetteerEntry {
  return {
    code,
    nom,
    departement: departementOf(code),
    lat,
    lon,
    population,
    postcodes: postcodes ? postcodes.split(" ") : [],
    parent: parent || null,
  };
}

/** Search text as matched: lower case, no accents, single spaces, « st » read « saint ». */
export function normalizeSearch(text: string): string {
  return foldText(text, " ")
    .trim()
    .replace(/\b(st|ste)\b/g, (s) => (s === "st" ? "saint" : "sainte"));
}

const ARTICLE = /^(le|la|les|l) /;

/**
 * The gazetteer file a name is in: its first two letters, after an article
 * (« Le Havre » is under « ha », as a parent may type « Havre »); a Saint or
 * a Sainte under « st » and the first two letters of the saint (« Saint-Denis »
 * under « stde »): there are 4,000 of them.
 */
export function shardKey(name: string): string {
  const n = normalizeSearch(name).replace(ARTICLE, "");
  const saint = /^saint(?:e|es)? ([a-z0-9]{1,2})/.exec(n);
  if (saint) return `st${saint[1]}`;
  return n.replace(/ /g, "").slice(0, 2);
}

/** The gazetteer file of a postcode: its first two digits. */
export function postcodeKey(postcode: string): string {
  return postcode.slice(0, 2);
}

/** The département of an INSEE code: 2 characters, 3 overseas. */
export function departementOf(code: string): string {
  return code.startsWith("97") ? code.slice(0, 3) : code.slice(0, 2);
}

export type Query =
  | { kind: "postcode"; postcode: string }
  | { kind: "name"; name: string; postcode: string | null; arrondissement: number | null };

/** What was typed: a postcode, or a name with a postcode or an arrondissement number. */
export function parseQuery(text: string): Query | null {
  const n = normalizeSearch(text);
  if (!n) return null;
  if (/^\d{5}$/.test(n)) return { kind: "postcode", postcode: n };
  // « Marseille 13003 », « 13003 Marseille »
  const cp = /(?:^|\s)(\d{5})(?:\s|$)/.exec(n);
  const rest = cp ? n.replace(cp[0], " ").trim() : n;
  // « Paris 11e », « Paris 11 », « Lyon 3eme », « Paris 11e arrondissement »
  const arr = /^(.*\D)\s(\d{1,2})(?:\s?(?:e|er|eme|ieme))?(?:\s?arr(?:ondissement)?)?$/.exec(rest);
  if (arr && !cp)
    return { kind: "name", name: arr[1]!.trim(), postcode: null, arrondissement: Number(arr[2]) };
  return { kind: "name", name: rest, postcode: cp ? cp[1]! : null, arrondissement: null };
}

/**
 * The edit distance of two strings (insertions, deletions, substitutions and
 * swaps of two neighbours), or max + 1 when it is over max.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push([i]);
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        rows[0]![j] = j;
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
      best = Math.min(best, d);
    }
    if (i > 0 && best > max) return max + 1;
  }
  return Math.min(rows[a.length]![b.length]!, max + 1);
}

export type Found =
  /** One commune: go there. `corrected` when it was found despite a typo. */
  | { kind: "commune"; entry: GazetteerEntry; corrected: boolean; others: GazetteerEntry[] }
  /** Several communes answer: ask which. */
  | { kind: "choice"; entries: GazetteerEntry[] }
  | { kind: "none" };

const byPopulation = (a: GazetteerEntry, b: GazetteerEntry) => b.population - a.population;

/** Whether an arrondissement entry is number `n` (« Paris 11e Arrondissement »). */
function isArrondissement(e: GazetteerEntry, n: number): boolean {
  return (
    e.parent !== null && new RegExp(`\\s${n}(e|er) arrondissement$`).test(normalizeSearch(e.nom))
  );
}

/**
 * The communes a query names, among the gazetteer's entries that could match
 * (its files for the query's keys). Exact names first; then names that start
 * with the text; then names one typo away (two in a name of 9 letters or
 * more), where the most populous is taken when it has ten times the
 * population of the next, as a parent typing « lile » means Lille.
 */
export function findCommunes(query: Query, entries: GazetteerEntry[]): Found {
  const one = (list: GazetteerEntry[], corrected = false): Found => {
    const sorted = [...list].sort(byPopulation);
    if (sorted.length === 0) return { kind: "none" };
    if (sorted.length === 1) return { kind: "commune", entry: sorted[0]!, corrected, others: [] };
    if (corrected && sorted[0]!.population >= 10 * sorted[1]!.population)
      return { kind: "commune", entry: sorted[0]!, corrected, others: sorted.slice(1, 4) };
    return { kind: "choice", entries: sorted.slice(0, 8) };
  };
  if (query.kind === "postcode") {
    const withCode = entries.filter((e) => e.postcodes.includes(query.postcode));
    // an arrondissement's postcode: the arrondissement, not its whole city
    const arrondissements = withCode.filter((e) => e.parent !== null);
    return one(arrondissements.length ? arrondissements : withCode);
  }
  const name = normalizeSearch(query.name);
  const key = (e: GazetteerEntry) => normalizeSearch(e.nom);
  const bare = (s: string) => s.replace(ARTICLE, "");
  const narrow = (list: GazetteerEntry[]) => {
    if (query.postcode) {
      const arr = list.flatMap((e) =>
        entries.filter((x) => x.parent === e.code && x.postcodes.includes(query.postcode!)),
      );
      if (arr.length) return arr;
      const own = list.filter((e) => e.postcodes.includes(query.postcode!));
      return own.length ? own : list;
    }
    if (query.arrondissement !== null) {
      const arr = list.flatMap((e) =>
        entries.filter((x) => x.parent === e.code && isArrondissement(x, query.arrondissement!)),
      );
      return arr.length ? arr : list;
    }
    return list;
  };
  const communes = entries.filter((e) => e.parent === null);
  const exact = communes.filter((e) => key(e) === name || bare(key(e)) === bare(name));
  if (exact.length) return one(narrow(exact));
  const prefix = communes.filter(
    (e) => key(e).startsWith(name) || bare(key(e)).startsWith(bare(name)),
  );
  if (prefix.length && name.length >= 3) return one(narrow(prefix));
  if (name.length < 4) return { kind: "none" };
  const max = name.length >= 9 ? 2 : 1;
  const close = communes.filter(
    (e) =>
      Math.min(editDistance(name, key(e), max), editDistance(bare(name), bare(key(e)), max)) <= max,
  );
  return one(narrow(close), true);
}

/** « Saint-Denis (93) », to tell communes of the same name apart. */
export function communeLabel(e: GazetteerEntry): string {
  return `${e.nom} (${e.departement})`;
}
