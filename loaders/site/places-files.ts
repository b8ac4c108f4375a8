// What a parent reads of the map's places, one file per département (and one
// of them all, for a search by a place's name), in `lieux/<cle>/` of the built
// site: the page fetches the départements it shows. The key is the map data's
// own (loaders/publish/places.ts): a page never mixes two builds.
import type { placesPublication } from "../publish/places.js";
import type { KeyedFiles } from "./keyed-files.js";

export const PLACES_FOLDER = "lieux";

export function placesFiles({
  map,
  details,
}: Awaited<ReturnType<typeof placesPublication>>): KeyedFiles {
  const files = new Map<string, unknown>(details);
  files.set("tous", Object.fromEntries(details));
  return { folder: PLACES_FOLDER, cle: map.cle, files };
}
