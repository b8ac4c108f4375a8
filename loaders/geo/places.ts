// Places of the public map: collectifs grouped by place, each with coordinates
// and their precision: the export's (in France and within 20 km of the
// commune's centre), else the address geocoder's (score above the threshold),
// else the commune's centre. Pure: rows and reference data in.
import { normalizeKey } from "../read/normalize.js";
import { distanceKm } from "../../src/lib/distance.js";

export type Precision = "coordonnees" | "adresse" | "commune" | "departement";

export interface MapCollectif {
  departement: string;
  niveau: string;
  lieu_nom: string;
  adresse: string | null;
  code_postal: string | null;
  code_insee: string;
  latitude: number | null;
  longitude: number | null;
  porteur_nom: string;
  /** The porteur's SIRET: its public record in the directory of companies and associations. */
  siret: string;
  rural: boolean;
  qpv: boolean | null;
  seances_semaine: number | null;
  duree_seance: number | null;
  lieu_accessible_parents: boolean | null;
}

/** A porteur as the map shows it: its name and SIRET, never its coordinator. */
export interface PlacePorteur {
  nom: string;
  siret: string;
}

export interface GeocodeHit {
  latitude: number | null;
  longitude: number | null;
  score: number | null;
}

export interface PlaceReference {
  centre(code: string): { nom: string; lat: number | null; lon: number | null } | undefined;
  departementCentre(code: string): [number, number] | undefined;
  postcode(code: string): string | undefined;
}

export interface Place {
  nom: string;
  adresse: string | null;
  code_postal: string | null;
  commune: string;
  code_insee: string;
  departement: string;
  lat: number;
  lon: number;
  precision: Precision;
  porteurs: PlacePorteur[];
  niveaux: string[];
  /** The rhythms of its collectifs: [sessions a week, minutes a session], each once. */
  rythmes: [number, number][];
  rural: boolean;
  qpv: boolean;
  /** Whether the place is open to parents (« lieu accessible aux parents »), for one of its collectifs at least. */
  parents: boolean;
}

export const MAX_DISTANCE_KM = 20;
export const DEFAULT_MIN_SCORE = 0.6;

/** The geocoding cache's key: the address as matched (case, accents, punctuation ignored) and the commune. */
export function addressKey(adresse: string, codeInsee: string): string {
  return `${normalizeKey(adresse)}|${codeInsee}`;
}

/** A place: (commune, address), or (commune, place name) when there is no address. */
function placeKey(c: MapCollectif): string {
  return c.adresse
    ? `a|${addressKey(c.adresse, c.code_insee)}`
    : `n|${normalizeKey(c.lieu_nom)}|${c.code_insee}`;
}

const LEVEL_ORDER = ["Élémentaire", "Collège", "Lycée", "Maternelle", "Autre"];

export function locatePlaces(
  collectifs: MapCollectif[],
  ref: PlaceReference,
  geocoded: Map<string, GeocodeHit>,
  minScore = DEFAULT_MIN_SCORE,
): Place[] {
  const places = new Map<string, Place>();
  for (const c of collectifs) {
    const key = placeKey(c);
    let place = places.get(key);
    if (!place) {
      const located = locate(c, ref, geocoded, minScore);
      if (!located) continue;
      place = {
        nom: c.lieu_nom,
        adresse: c.adresse,
        code_postal: c.code_postal ?? ref.postcode(c.code_insee) ?? null,
        commune: ref.centre(c.code_insee)?.nom ?? c.code_insee,
        code_insee: c.code_insee,
        departement: c.departement,
        ...located,
        porteurs: [],
        niveaux: [],
        rythmes: [],
        rural: false,
        qpv: false,
        parents: false,
      };
      places.set(key, place);
    }
    if (!place.porteurs.some((p) => p.nom === c.porteur_nom && p.siret === c.siret))
      place.porteurs.push({ nom: c.porteur_nom, siret: c.siret });
    if (!place.niveaux.includes(c.niveau)) place.niveaux.push(c.niveau);
    const { seances_semaine: n, duree_seance: d } = c;
    if (n !== null && d !== null && !place.rythmes.some(([a, b]) => a === n && b === d))
      place.rythmes.push([n, d]);
    place.rural ||= c.rural;
    place.qpv ||= c.qpv === true;
    place.parents ||= c.lieu_accessible_parents === true;
  }
  for (const p of places.values()) {
    p.niveaux.sort((a, b) => LEVEL_ORDER.indexOf(a) - LEVEL_ORDER.indexOf(b));
    p.rythmes.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  }
  return [...places.values()];
}

function locate(
  c: MapCollectif,
  ref: PlaceReference,
  geocoded: Map<string, GeocodeHit>,
  minScore: number,
): { lat: number; lon: number; precision: Precision } | null {
  const centre = ref.centre(c.code_insee);
  if (c.latitude !== null && c.longitude !== null) {
    const near =
      centre?.lat != null &&
      centre.lon != null &&
      distanceKm(c.latitude, c.longitude, centre.lat, centre.lon) <= MAX_DISTANCE_KM;
    if (near) return { lat: c.latitude, lon: c.longitude, precision: "coordonnees" };
  }
  const hit = c.adresse ? geocoded.get(addressKey(c.adresse, c.code_insee)) : undefined;
  if (hit && hit.latitude !== null && hit.longitude !== null && (hit.score ?? 0) >= minScore) {
    return { lat: hit.latitude, lon: hit.longitude, precision: "adresse" };
  }
  if (centre?.lat != null && centre.lon != null)
    return { lat: centre.lat, lon: centre.lon, precision: "commune" };
  const dep = ref.departementCentre(c.departement);
  return dep ? { lat: dep[0], lon: dep[1], precision: "departement" } : null;
}
