// Places of the public map: collectifs grouped by place, each with coordinates
// and their precision: the export's (in France and within 20 km of the
// commune's centre), else the address geocoder's (score above the threshold),
// else the commune's centre. Pure: rows and reference data in.
import { normalizeKey } from "../read/normalize.js";
import { distanceKm } from "./distance.js";

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
  rural: boolean;
  qpv: boolean | null;
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
  porteurs: string[];
  niveaux: string[];
  rural: boolean;
  qpv: boolean;
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
        rural: false,
        qpv: false,
      };
      places.set(key, place);
    }
    if (!place.porteurs.includes(c.porteur_nom)) place.porteurs.push(c.porteur_nom);
    if (!place.niveaux.includes(c.niveau)) place.niveaux.push(c.niveau);
    place.rural ||= c.rural;
    place.qpv ||= c.qpv === true;
  }
  for (const p of places.values())
    p.niveaux.sort((a, b) => LEVEL_ORDER.indexOf(a) - LEVEL_ORDER.indexOf(b));
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
