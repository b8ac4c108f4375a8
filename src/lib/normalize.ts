// Text folded for matching, in one place: ligatures spelled out, accents
// dropped, lower case, every run of other characters than ASCII letters and
// digits made `separator` (nothing for the format's header and value keys, a
// space for the map's search, a hyphen for a slug); and its SQL twin.
// Self-contained: the pages' département picker carries its source (loaders/site/chrome.ts).
export function foldText(text: string, separator = ""): string {
  const ligatures: Record<string, string> = { œ: "oe", Œ: "oe", æ: "ae", Æ: "ae", ß: "ss" };
  return text
    .replace(/[œŒæÆß]/g, (c) => ligatures[c] ?? c)
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, separator);
}

/** `foldText(expr, "")` in DuckDB's SQL (strip_accents for NFKD; test/format.test.ts holds them equal). */
export function foldSql(expr: string): string {
  return `regexp_replace(strip_accents(replace(replace(replace(lower(${expr}), 'œ', 'oe'), 'æ', 'ae'), 'ß', 'ss')), '[^a-z0-9]', '', 'g')`;
}
