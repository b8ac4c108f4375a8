import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { geocodeBan, retryAfterMs } from "../loaders/geo/ban.js";
import { readCommunes } from "../loaders/geo/load.js";
import {
  addressKey,
  locatePlaces,
  type MapCollectif,
  type PlaceReference,
} from "../loaders/geo/places.js";
import { action, collectif } from "./helpers/export.js";
import { fakeBan } from "./helpers/fake-ban.js";
import { cli, query, tempDir, writeExport } from "./helpers/warehouse.js";

const requests = [
  { cle: "k1", adresse: "12 rue des Écoles", code_insee: "78440" },
  { cle: "k2", adresse: "Lieu-dit inconnu", code_insee: "78440" },
];

describe("the BAN batch geocoder adapter", () => {
  it("sends a multipart CSV and reads latitude, longitude, score, city code and status back", async () => {
    const ban = await fakeBan((a) =>
      a.startsWith("12") ? { latitude: 48.99, longitude: 1.91, score: 0.93 } : null,
    );
    try {
      const { results, error } = await geocodeBan(requests, { url: ban.url });
      expect(error).toBeUndefined();
      expect(ban.received[0]).toContain("k1,12 rue des Écoles,78440");
      expect(results).toEqual([
        {
          ...requests[0],
          latitude: 48.99,
          longitude: 1.91,
          score: 0.93,
          statut: "ok",
          code_insee_resultat: "78440",
        },
        {
          ...requests[1],
          latitude: null,
          longitude: null,
          score: null,
          statut: "not-found",
          code_insee_resultat: null,
        },
      ]);
    } finally {
      ban.close();
    }
  });

  it("waits Retry-After on HTTP 429, then succeeds", async () => {
    const ban = await fakeBan(() => ({ latitude: 48.99, longitude: 1.91, score: 0.9 }), {
      tooMany: 2,
    });
    const waits: number[] = [];
    try {
      const { results, error } = await geocodeBan(requests, {
        url: ban.url,
        sleep: async (ms) => void waits.push(ms),
      });
      expect(error).toBeUndefined();
      expect(waits).toEqual([2000, 2000]);
      expect(results).toHaveLength(2);
    } finally {
      ban.close();
    }
  });

  it("says so when the service cannot be reached", async () => {
    // a port that was free a moment ago, now closed
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const { results, error } = await geocodeBan(requests, { url: `http://127.0.0.1:${port}` });
    expect(results).toEqual([]);
    expect(error).toMatch(/^service de géocodage injoignable/);
  });

  it("reads Retry-After as seconds or a date, within a minute", () => {
    expect(retryAfterMs("3")).toBe(3000);
    expect(retryAfterMs(null)).toBe(1000);
    expect(retryAfterMs(new Date(Date.now() + 5000).toUTCString(), Date.now())).toBeGreaterThan(
      3000,
    );
    expect(retryAfterMs("3600")).toBe(60_000);
  });
});

describe("places and their precision", () => {
  const ref: PlaceReference = {
    centre: (code) =>
      code === "78440" ? { nom: "Les Mureaux", lat: 48.989, lon: 1.914 } : undefined,
    departementCentre: () => [48.8, 1.9],
    postcode: () => "78130",
  };
  const base: MapCollectif = {
    departement: "78",
    niveau: "Collège",
    lieu_nom: "Maison de quartier",
    adresse: "12 rue des Écoles",
    code_postal: null,
    code_insee: "78440",
    latitude: null,
    longitude: null,
    porteur_nom: "Centre social",
    siret: "12345678900011",
    rural: false,
    qpv: true,
    seances_semaine: 2,
    duree_seance: 90,
    lieu_accessible_parents: true,
  };
  const hit = (score: number) =>
    new Map([
      [addressKey("12 rue des Écoles", "78440"), { latitude: 48.995, longitude: 1.92, score }],
    ]);

  it("uses the export's coordinates within 20 km of the commune's centre", () => {
    const [p] = locatePlaces([{ ...base, latitude: 48.99, longitude: 1.9 }], ref, hit(0.9));
    expect(p).toMatchObject({
      lat: 48.99,
      lon: 1.9,
      precision: "coordonnees",
      code_postal: "78130",
      commune: "Les Mureaux",
    });
  });

  it("else the geocoder's answer above the score threshold, else the commune's centre", () => {
    const far = { ...base, latitude: 43.6, longitude: 1.44 }; // Toulouse: 560 km away
    expect(locatePlaces([far], ref, hit(0.9))[0]).toMatchObject({
      precision: "adresse",
      lat: 48.995,
    });
    expect(locatePlaces([base], ref, hit(0.3))[0]).toMatchObject({
      precision: "commune",
      lat: 48.989,
    });
    expect(locatePlaces([base], ref, new Map())[0]).toMatchObject({ precision: "commune" });
  });

  it("groups collectifs by place, with the levels served", () => {
    const places = locatePlaces(
      [
        base,
        { ...base, niveau: "Élémentaire", adresse: "12, Rue des écoles" },
        { ...base, adresse: null, lieu_nom: "Salle" },
      ],
      ref,
      new Map(),
    );
    expect(places.map((p) => [p.nom, p.niveaux])).toEqual([
      ["Maison de quartier", ["Élémentaire", "Collège"]],
      ["Salle", ["Collège"]],
    ]);
  });
});

describe("clas ingest --geocode ban", () => {
  it("geocodes each address once, keeps the answers, and falls back cleanly when the service is down", async () => {
    const dir = tempDir();
    const db = path.join(dir, "clas.duckdb");
    const files = writeExport(
      dir,
      [action()],
      [
        collectif({ adresse: "12 rue des Écoles" }),
        collectif({ id_collectif: "C2", adresse: "3 place du Marché" }),
      ],
    );
    const ban = await fakeBan(() => ({ latitude: 48.99, longitude: 1.91, score: 0.95 }));
    try {
      const first = await cli(
        "ingest",
        "--db",
        db,
        "--geocode",
        "ban",
        "--geocode-url",
        ban.url,
        ...files,
      );
      expect(first.stdout).toContain(
        "Géocodage : 2 adresse(s) demandée(s), 2 réponse(s) gardée(s)",
      );
      const again = await cli(
        "ingest",
        "--db",
        db,
        "--geocode",
        "ban",
        "--geocode-url",
        ban.url,
        ...files,
      );
      expect(again.stdout).toContain("Géocodage : 0 adresse(s) demandée(s)");
      expect(ban.received).toHaveLength(1);
      expect(await query(db, "SELECT count(*)::INT n FROM geocodage")).toEqual([{ n: 2 }]);
    } finally {
      ban.close();
    }
    const more = writeExport(
      dir,
      [action()],
      [collectif({ adresse: "7 impasse des Roses" })],
      "v2",
    );
    const down = await cli(
      "ingest",
      "--db",
      db,
      "--geocode",
      "ban",
      "--geocode-url",
      "http://127.0.0.1:9",
      ...more,
    );
    expect(down.status).toBe(0);
    expect(down.stdout).toContain("service de géocodage injoignable");
    expect(down.stdout).toContain("les autres lieux restent placés au centre de leur commune");
  });

  it("never sends a family's home to the geocoder", async () => {
    const dir = tempDir();
    const files = writeExport(
      dir,
      [action()],
      [collectif({ lieu_type: "Domicile des familles", adresse: "5 rue Privée" })],
    );
    const ban = await fakeBan(() => null);
    try {
      const r = await cli(
        "ingest",
        "--db",
        path.join(dir, "c.duckdb"),
        "--geocode",
        "ban",
        "--geocode-url",
        ban.url,
        ...files,
      );
      expect(r.stdout).toContain("Géocodage : 0 adresse(s) demandée(s)");
      expect(ban.received).toEqual([]);
    } finally {
      ban.close();
    }
  });
});

describe("the reference communes", () => {
  it("are read as CSV: a quoted name holding a comma stays one cell, a BOM and CRLF are no matter", async () => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, "communes-cog2026-centroides-densite.csv"),
      "\ufeffcode_insee,nom,departement,region,population,lat,lon,grille_densite_2024,libelle_densite,rural_urbain\r\n" +
        '99001,"Saint-Exemple, le Haut",99,84,120,45.1,4.2,6,"Rural, dispersé",rural\r\n' +
        "99002,Plainville,99,84,3000,45.2,4.3,3,Urbain,urbain\r\n",
    );
    expect(await readCommunes(dir)).toEqual([
      { code: "99001", nom: "Saint-Exemple, le Haut", departement: "99" },
      { code: "99002", nom: "Plainville", departement: "99" },
    ]);
  });
});
