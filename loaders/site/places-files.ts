// What a parent reads of the map's places, one file per département (and one
// of them all, for a search by a place's name), in `lieux/<cle>/` of the built
// site: the page fetches the départements it shows. The key is the map data's
// own (loaders/publish/places.ts): a page never mixes two builds.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { placesPublication, type PlacesDetails } from "../publish/places.js";

export const PLACES_FOLDER = "lieux";

export async function writePlacesFiles(out: string, db: string): Promise<string> {
  const { map, details } = await placesPublication(db);
  const folder = path.join(out, PLACES_FOLDER, map.cle);
  await mkdir(folder, { recursive: true });
  const all: Record<string, PlacesDetails> = {};
  for (const [dep, file] of details) {
    await writeFile(path.join(folder, `${dep}.json`), JSON.stringify(file));
    all[dep] = file;
  }
  await writeFile(path.join(folder, "tous.json"), JSON.stringify(all));
  return map.cle;
}
