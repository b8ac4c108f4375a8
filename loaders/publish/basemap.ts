// The labels of the map's own basemap, from the reference geodata: each
// département's name at a point inside it, and the towns of 10,000
// inhabitants or more (the others come by département, from the gazetteer's
// files, when the map is zoomed in).
import { TOWN_POPULATION } from "../../src/lib/basemap.js";
import { geoDir, readCommunePlaces, readDepartements } from "../geo/load.js";

/** Towns labelled at every zoom where the map shows towns. */
export { TOWN_POPULATION };

export async function basemapLabels(dir: string = geoDir()) {
  const [communes, departements] = await Promise.all([
    readCommunePlaces(dir),
    readDepartements(dir),
  ]);
  const round = (x: number) => Math.round(x * 1e3) / 1e3;
  const located = communes.filter((c) => c.lat !== null && c.lon !== null);
  return {
    /** [code, name, lon, lat]: the commune centre nearest the mean of the département's commune centres (always inside it). */
    departements: departements.flatMap((d) => {
      const own = located.filter((c) => c.departement === d.code);
      if (own.length === 0) return [];
      const lat = own.reduce((s, c) => s + c.lat!, 0) / own.length;
      const lon = own.reduce((s, c) => s + c.lon!, 0) / own.length;
      const at = own.reduce((best, c) =>
        (c.lat! - lat) ** 2 + (c.lon! - lon) ** 2 < (best.lat! - lat) ** 2 + (best.lon! - lon) ** 2
          ? c
          : best,
      );
      return [[d.code, d.nom, round(at.lon!), round(at.lat!)]];
    }),
    /** [name, lon, lat, population], the most populous first. */
    communes: located
      .filter((c) => c.population >= TOWN_POPULATION)
      .sort((a, b) => b.population - a.population)
      .map((c) => [c.nom, round(c.lon!), round(c.lat!), c.population]),
  };
}
