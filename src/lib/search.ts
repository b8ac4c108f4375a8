/** Search text as matched: lower case, no accents, single spaces. */
export function normalizeSearch(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9()]+/g, " ")
    .trim();
}
