// Matching key for headers and enumerated values: the spec's normalisation
// (NFKD, combining marks dropped, lower case, only ASCII letters and digits kept).
import { foldText } from "../../src/lib/normalize.js";

// Exports repeat the same few values (oui, non, levels, types) hundreds of
// thousands of times: remember them (bounded, so a hostile file cannot grow it).
const memo = new Map<string, string>();
const MEMO_LIMIT = 20_000;

export function normalizeKey(text: string): string {
  let key = memo.get(text);
  if (key === undefined) {
    key = foldText(text);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(text, key);
  }
  return key;
}
