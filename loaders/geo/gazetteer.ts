// The map's gazetteer: every commune of the reference geodata with its centre,
// population and postcodes, and the municipal arrondissements of Paris, Lyon
// and Marseille (postcodes from @etalab/decoupage-administratif; no centre of
// their own in the reference geodata). Written into the built site as small
// files (loaders/site/gazetteer-files.ts), fetched by the map's search.
import type { GazetteerEntry } from "../../src/lib/search.js";
import { etalabCommunes, geoDir, readCommunePlaces } from "./load.js";

export async function readGazetteer(dir: string = geoDir()): Promise<GazetteerEntry[]> {
  const etalab = etalabCommunes();
  const postcodes = new Map(
    etalab.filter((c) => c.type === "commune-actuelle").map((c) => [c.code, c.codesPostaux ?? []]),
  );
  const communes: GazetteerEntry[] = (await readCommunePlaces(dir)).map((c) => ({
    code: c.code,
    nom: c.nom,
    departement: c.departement,
    lat: c.lat,
    lon: c.lon,
    population: c.population,
    postcodes: postcodes.get(c.code) ?? [],
    parent: null,
  }));
  const arrondissements: GazetteerEntry[] = etalab
    .filter((c) => c.type === "arrondissement-municipal" && c.commune && c.departement)
    .map((c) => ({
      code: c.code,
      nom: c.nom,
      departement: c.departement!,
      lat: null,
      lon: null,
      population: c.population ?? 0,
      postcodes: c.codesPostaux ?? [],
      parent: c.commune!,
    }));
  return [...communes, ...arrondissements];
}
