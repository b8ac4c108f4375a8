// The gazetteer's files in the built site (`communes/`): small JSON files the
// map's search fetches when a parent searches (by the first letters of a
// name, by postcode) and the map's commune labels by département, so that the
// page loads none of the 35,000 communes it does not need.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  GAZETTEER,
  departementOf,
  encodeEntry,
  postcodeKey,
  shardKey,
  type GazetteerEntry,
} from "../../src/lib/search.js";

function group(entries: GazetteerEntry[], keys: (e: GazetteerEntry) => string[]) {
  const groups = new Map<string, GazetteerEntry[]>();
  for (const e of entries)
    for (const k of new Set(keys(e))) {
      if (!/^[a-z0-9]{1,4}$/i.test(k)) continue;
      if (!groups.has(k)) groups.set(k, []);
      groups.get(k)!.push(e);
    }
  return groups;
}

/** The gazetteer's files by kind and key. */
function gazetteerFiles(entries: GazetteerEntry[]): [string, Map<string, GazetteerEntry[]>][] {
  return [
    [GAZETTEER.names, group(entries, (e) => [shardKey(e.nom)])],
    [GAZETTEER.postcodes, group(entries, (e) => e.postcodes.map(postcodeKey))],
    [GAZETTEER.departements, group(entries, (e) => [departementOf(e.code)])],
  ];
}

/** The keys of the files there are, by kind: the page asks for no file that is not. */
export function gazetteerKeysOf(entries: GazetteerEntry[]): Record<string, string[]> {
  return Object.fromEntries(
    gazetteerFiles(entries).map(([kind, groups]) => [kind, [...groups.keys()].sort()]),
  );
}

/** Writes the gazetteer's files into the site built in `out`; returns how many. */
export async function writeGazetteerFiles(out: string, entries: GazetteerEntry[]): Promise<number> {
  let files = 0;
  for (const [kind, groups] of gazetteerFiles(entries)) {
    const folder = path.join(out, GAZETTEER.folder, kind);
    await mkdir(folder, { recursive: true });
    for (const [key, list] of groups) {
      await writeFile(path.join(folder, `${key}.json`), JSON.stringify(list.map(encodeEntry)));
      files++;
    }
  }
  return files;
}
