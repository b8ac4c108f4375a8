// The places of the public map (newest campagne, never a family's home), in two
// parts: what the map draws and filters for every place (positions, commune,
// levels, milieu, QPV), small enough for the page to load at once; and what a
// parent reads of a place (name, address, porteurs and their SIRET, rhythms,
// parents welcome), by département, fetched when the list or a popup shows
// one (loaders/site/places-files.ts). Both come from one computation, keyed
// by a hash of it, so a page never mixes two builds.
import { createHash } from "node:crypto";
import { readCommunePlaces, readDepartements, readPostcodes } from "../geo/load.js";
import {
  locatePlaces,
  type GeocodeHit,
  type MapCollectif,
  type Place,
  type PlaceReference,
} from "../geo/places.js";
import { departementOf } from "../../src/lib/search.js";
import { basemapStyle, routingUrl, rows, withSiteDb } from "./site-data.js";
import { GEOCODE_CACHE, MAP_COLLECTIFS } from "./sql.js";

/** Precision of a place's position, one letter in the published rows. */
const PRECISION_CODES = { coordonnees: "c", adresse: "a", commune: "m", departement: "d" } as const;
const LEVELS = ["Élémentaire", "Collège", "Lycée"];

/** What the page loads at once. */
export interface PlacesMap {
  campagne: string;
  /** A basemap style URL (configuration), or null: the map then needs no tile server. */
  fond: string | null;
  /** A routing service's URL with {lat} and {lon} (configuration), or null: no « y aller » link. */
  itineraire: string | null;
  /** The key of this build's place files: `lieux/<cle>/<département>.json`. */
  cle: string;
  /** The INSEE codes of the places' communes. */
  communes: string[];
  /**
   * One entry per place, by column: longitude and latitude in 1e-4 degrees,
   * each as the difference from the place before; commune (index in
   * `communes`); flags (levels: élémentaire 1, collège 2, lycée 4, other 8;
   * rural 16; QPV 32; a position that is not the place's own, its commune's or
   * département's centre, 64). A place's id is its index.
   */
  points: { x: number[]; y: number[]; c: number[]; f: number[] };
}

/** What a parent reads of the places of one département. */
export interface PlacesDetails {
  /** [name, SIRET] */
  porteurs: [string, string][];
  /**
   * [id, name, address, postcode, commune name, porteurs (indexes, space
   * separated), precision (c, a, m, d), rhythms (« 2x90 1x120 »: sessions a
   * week x minutes), open to parents (1 or 0)]
   */
  lieux: (string | number)[][];
}

async function locate(db: string): Promise<{ places: Place[]; campagne: string }> {
  const [communes, departements] = [await readCommunePlaces(), await readDepartements()];
  const postcodes = readPostcodes();
  const byCode = new Map(communes.map((c) => [c.code, c]));
  const depCentres = new Map<string, [number, number]>();
  for (const d of departements) {
    const own = communes.filter(
      (c) => c.departement === d.code && c.lat !== null && c.lon !== null,
    );
    if (own.length)
      depCentres.set(d.code, [
        own.reduce((s, c) => s + c.lat!, 0) / own.length,
        own.reduce((s, c) => s + c.lon!, 0) / own.length,
      ]);
  }
  const ref: PlaceReference = {
    centre: (code) => byCode.get(code),
    departementCentre: (code) => depCentres.get(code),
    postcode: (code) => postcodes.get(code)?.[0],
  };
  const { collectifs, geocoded, campagne } = await withSiteDb(
    async (c) => ({
      collectifs: (await rows(c, MAP_COLLECTIFS)) as unknown as MapCollectif[],
      geocoded: new Map(
        (await rows(c, GEOCODE_CACHE)).map((r) => [String(r.cle), r as unknown as GeocodeHit]),
      ),
      campagne: String((await rows(c, "SELECT max(campagne) AS c FROM actions"))[0]?.c ?? ""),
    }),
    db,
  );
  const places = locatePlaces(collectifs, ref, geocoded).sort(
    (a, b) =>
      a.departement.localeCompare(b.departement) ||
      a.code_insee.localeCompare(b.code_insee) ||
      a.nom.localeCompare(b.nom, "fr") ||
      (a.adresse ?? "").localeCompare(b.adresse ?? "", "fr"),
  );
  return { places, campagne };
}

/** The map's part and the details by département, from the database `db`. */
export async function placesPublication(db: string) {
  const { places, campagne } = await locate(db);
  const e4 = (x: number) => Math.round(x * 1e4);
  const codes = [...new Set(places.map((p) => p.code_insee))].sort();
  const communeIndex = new Map(codes.map((code, i) => [code, i]));
  const points = { x: [] as number[], y: [] as number[], c: [] as number[], f: [] as number[] };
  let [x0, y0] = [0, 0];
  for (const p of places) {
    const [x, y] = [e4(p.lon), e4(p.lat)];
    points.x.push(x - x0);
    points.y.push(y - y0);
    [x0, y0] = [x, y];
    points.c.push(communeIndex.get(p.code_insee)!);
    const levels = p.niveaux.reduce(
      (bits, n) => bits | (LEVELS.includes(n) ? 1 << LEVELS.indexOf(n) : 8),
      0,
    );
    const approximate = p.precision === "commune" || p.precision === "departement";
    points.f.push(levels | (p.rural ? 16 : 0) | (p.qpv ? 32 : 0) | (approximate ? 64 : 0));
  }
  const details = new Map<string, PlacesDetails>();
  places.forEach((p, id) => {
    const dep = departementOf(p.code_insee);
    if (!details.has(dep)) details.set(dep, { porteurs: [], lieux: [] });
    const file = details.get(dep)!;
    const porteurs = p.porteurs.map((x) => {
      let i = file.porteurs.findIndex(([nom, siret]) => nom === x.nom && siret === x.siret);
      if (i < 0) i = file.porteurs.push([x.nom, x.siret]) - 1;
      return i;
    });
    file.lieux.push([
      id,
      p.nom,
      p.adresse ?? "",
      p.code_postal ?? "",
      p.commune,
      porteurs.join(" "),
      PRECISION_CODES[p.precision],
      p.rythmes.map(([n, d]) => `${n}x${d}`).join(" "),
      p.parents ? 1 : 0,
    ]);
  });
  const cle = createHash("sha256")
    .update(JSON.stringify([points, codes, [...details]]))
    .digest("hex")
    .slice(0, 12);
  const map: PlacesMap = {
    campagne,
    fond: basemapStyle(),
    itineraire: routingUrl(),
    cle,
    communes: codes,
    points,
  };
  return { map, details, places, campagne };
}
