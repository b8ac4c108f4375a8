// Matching key for headers and enumerated values: the spec's normalisation
// (NFKD, combining marks dropped, lower case, only ASCII letters and digits kept).
const LIGATURES: Record<string, string> = { œ: "oe", Œ: "oe", æ: "ae", Æ: "ae", ß: "ss" };

function computeKey(text: string): string {
  return text
    .replace(/[œŒæÆß]/g, (c) => LIGATURES[c] ?? c)
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

// Exports repeat the same few values (oui, non, levels, types) hundreds of
// thousands of times: remember them (bounded, so a hostile file cannot grow it).
const memo = new Map<string, string>();
const MEMO_LIMIT = 20_000;

export function normalizeKey(text: string): string {
  let key = memo.get(text);
  if (key === undefined) {
    key = computeKey(text);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(text, key);
  }
  return key;
}
