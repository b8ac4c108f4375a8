// Adapter for the Base Adresse Nationale batch geocoder (Géoplateforme,
// `POST /search/csv`): a multipart CSV in, the same CSV with `latitude`,
// `longitude`, `result_score`, `result_citycode`, `result_status`… out.
// The network is passed in (fetch, sleep), so tests run it against a fake.
import { parseCsv } from "../read/csv.js";

export const DEFAULT_BAN_URL = "https://data.geopf.fr/geocodage";

export interface GeocodeRequest {
  cle: string;
  adresse: string;
  code_insee: string;
}

export interface GeocodeResult extends GeocodeRequest {
  latitude: number | null;
  longitude: number | null;
  score: number | null;
  statut: string;
  code_insee_resultat: string | null;
}

export interface BanOptions {
  url?: string;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Retries of one batch answered 429 (Too Many Requests). */
  maxRetries?: number;
  batchSize?: number;
  timeoutMs?: number;
}

export interface BanOutcome {
  results: GeocodeResult[];
  /** Why some addresses could not be geocoded (the pipeline then falls back to commune centres). */
  error?: string;
}

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Seconds (or an HTTP date) of a Retry-After header, in milliseconds, bounded to a minute. */
export function retryAfterMs(header: string | null, now = Date.now()): number {
  if (!header) return 1000;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now;
  return Math.min(Math.max(Number.isFinite(ms) ? ms : 1000, 0), 60_000);
}

function parseResults(text: string, batch: GeocodeRequest[]): GeocodeResult[] {
  const { header, records } = parseCsv(text, ",");
  const cols = (header?.cells ?? []).map(String);
  const at = (name: string) => cols.indexOf(name);
  const byKey = new Map(batch.map((r) => [r.cle, r]));
  const num = (s: string | undefined) => (s === undefined || s === "" ? null : Number(s));
  const out: GeocodeResult[] = [];
  for (const rec of records) {
    const cells = rec.cells.map(String);
    const request = byKey.get(cells[at("cle")] ?? "");
    if (!request) continue;
    out.push({
      ...request,
      latitude: num(cells[at("latitude")]),
      longitude: num(cells[at("longitude")]),
      score: num(cells[at("result_score")]),
      statut: cells[at("result_status")] || "inconnu",
      code_insee_resultat: cells[at("result_citycode")] || null,
    });
  }
  return out;
}

export async function geocodeBan(
  requests: GeocodeRequest[],
  options: BanOptions = {},
): Promise<BanOutcome> {
  const url = `${(options.url ?? DEFAULT_BAN_URL).replace(/\/$/, "")}/search/csv`;
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const size = options.batchSize ?? 5000;
  const results: GeocodeResult[] = [];
  for (let start = 0; start < requests.length; start += size) {
    const batch = requests.slice(start, start + size);
    const csv = [
      "cle,adresse,citycode",
      ...batch.map((r) => [r.cle, r.adresse, r.code_insee].map(csvCell).join(",")),
    ].join("\n");
    for (let attempt = 0; ; attempt++) {
      const form = new FormData();
      form.append("data", new Blob([csv], { type: "text/csv" }), "adresses.csv");
      form.append("columns", "adresse");
      form.append("citycode", "citycode");
      let response: Response;
      try {
        response = await doFetch(url, {
          method: "POST",
          body: form,
          signal: AbortSignal.timeout(options.timeoutMs ?? 120_000),
        });
      } catch (error) {
        return {
          results,
          error: `service de géocodage injoignable (${url} : ${(error as Error).message})`,
        };
      }
      if (response.status === 429 && attempt < (options.maxRetries ?? 5)) {
        await sleep(retryAfterMs(response.headers.get("retry-after")));
        continue;
      }
      if (!response.ok) {
        return {
          results,
          error: `service de géocodage en erreur (${url} : HTTP ${response.status})`,
        };
      }
      results.push(...parseResults(await response.text(), batch));
      break;
    }
  }
  return { results };
}
