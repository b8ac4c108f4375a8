// Geocodes, once, the addresses whose export coordinates are missing or too far
// from their commune's centre, and keeps every answer in the warehouse (Node only).
import { DOUBLE, VARCHAR, type DuckDBConnection } from "@duckdb/node-api";
import { GEOCODE_CANDIDATES, GEOCODED_KEYS } from "../warehouse/queries.js";
import { geocodeBan, type BanOptions, type GeocodeRequest } from "./ban.js";
import { distanceKm } from "../../src/lib/distance.js";
import type { CommunePlace } from "./load.js";
import { addressKey, MAX_DISTANCE_KM } from "./places.js";

export interface GeocodeReport {
  /** Addresses sent to the service (not in the cache, not placed by the export). */
  asked: number;
  answered: number;
  error?: string;
}

export async function geocodeMissing(
  connection: DuckDBConnection,
  communes: CommunePlace[],
  options: BanOptions,
): Promise<GeocodeReport> {
  const centres = new Map(communes.map((c) => [c.code, c]));
  const cached = new Set(
    (await connection.runAndReadAll(GEOCODED_KEYS)).getRowObjectsJson().map((r) => String(r.cle)),
  );
  const requests = new Map<string, GeocodeRequest>();
  for (const row of (await connection.runAndReadAll(GEOCODE_CANDIDATES)).getRowObjectsJson()) {
    const adresse = String(row.adresse);
    const code = String(row.code_insee);
    const centre = centres.get(code);
    const lat = row.latitude as number | null;
    const lon = row.longitude as number | null;
    const placed =
      lat !== null &&
      lon !== null &&
      centre?.lat != null &&
      centre.lon != null &&
      distanceKm(lat, lon, centre.lat, centre.lon) <= MAX_DISTANCE_KM;
    const cle = addressKey(adresse, code);
    if (!placed && !cached.has(cle) && !requests.has(cle))
      requests.set(cle, { cle, adresse, code_insee: code });
  }
  if (requests.size === 0) return { asked: 0, answered: 0 };
  const outcome = await geocodeBan([...requests.values()], options);
  const appender = await connection.createAppender("geocodage");
  for (const r of outcome.results) {
    appender.appendVarchar(r.cle);
    appender.appendVarchar(r.code_insee);
    appender.appendVarchar(r.adresse);
    for (const v of [r.latitude, r.longitude, r.score])
      appender.appendValue(v !== null && Number.isFinite(v) ? v : null, DOUBLE);
    appender.appendVarchar(r.statut);
    appender.appendValue(r.code_insee_resultat, VARCHAR);
    appender.appendVarchar("ban");
    appender.endRow();
  }
  appender.flushSync();
  appender.closeSync();
  return {
    asked: requests.size,
    answered: outcome.results.length,
    ...(outcome.error ? { error: outcome.error } : {}),
  };
}
