// The gazetteer's client, as the map's search reads it: small files of the built site
// (`communes/…`), fetched when a parent searches or zooms in, then kept.
import {
  GAZETTEER,
  decodeEntry,
  departementOf,
  findCommunes,
  normalizeSearch,
  parseQuery,
  postcodeKey,
  shardKey,
} from "./search.js";

/** `keys`: the files there are, by kind (the basemap's data, `fichiers`). */
export function Gazetteer(base, keys) {
  const files = new Map();
  const exists = Object.fromEntries(
    Object.entries(keys).map(([kind, list]) => [kind, new Set(list)]),
  );
  const load = (kind, key) => {
    if (!exists[kind]?.has(key)) return Promise.resolve([]);
    const url = new URL(`${GAZETTEER.folder}/${kind}/${encodeURIComponent(key)}.json`, base);
    if (!files.has(url.href))
      files.set(
        url.href,
        fetch(url)
          .then((r) => (r.ok ? r.json() : []))
          .then((rows) => rows.map(decodeEntry))
          .catch(() => {
            files.delete(url.href);
            throw new Error(
              "la liste des communes n'a pas pu être chargée : vérifier la connexion et réessayer",
            );
          }),
      );
    return files.get(url.href);
  };
  return {
    /** What a text names: { query, found } (see findCommunes). */
    async find(text) {
      const query = parseQuery(text);
      if (!query) return { query, found: { kind: "none" } };
      const entries =
        query.kind === "postcode"
          ? await load(GAZETTEER.postcodes, postcodeKey(query.postcode))
          : await load(GAZETTEER.names, shardKey(query.name));
      return { query, found: findCommunes(query, entries) };
    },
    /** A commune (or arrondissement) by its INSEE code, or null. */
    async commune(code) {
      if (!/^[0-9][0-9AB][0-9]{3}$/i.test(code ?? "")) return null;
      const entries = await load(GAZETTEER.departements, departementOf(code.toUpperCase()));
      return entries.find((e) => e.code === code.toUpperCase()) ?? null;
    },
    /** Every commune of a département. */
    departement(code) {
      return load(GAZETTEER.departements, code);
    },
  };
}

/** Places whose name, porteur or address holds the text (accents and case ignored). */
export function placesNamed(places, text) {
  const q = normalizeSearch(text);
  if (q.length < 3) return [];
  return places.filter((p) =>
    normalizeSearch([p.nom, p.adresse, ...p.porteurs.map((x) => x.nom)].join(" ")).includes(q),
  );
}
