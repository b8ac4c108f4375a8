// The sites the browser tests open, built once for all of them: a small
// national sample of two campagnes, plus a Lozère action with personal data,
// a family's home and names written to run if taken for markup; its internal
// and public builds. Test files run in parallel workers: the first builds
// (others wait for it), into a folder named after the sources, so that a run
// after no change reuses it.
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PROJECT_ROOT } from "../../loaders/configuration.js";
import { writeDamagedExport } from "./damaged.js";
import { action, collectif, cp1252, pratique, toCsv, visite } from "./export.js";
import { runCli } from "./process.js";
import { cli, writeExport } from "./warehouse.js";

export interface BuiltSites {
  dir: string;
  db: string;
  /** The internal build. */
  site: string;
  /** The public build. */
  publicSite: string;
  /** What `clas indicators --format json` prints for the database. */
  indicators: Record<string, string | number | null>[];
}

// names from porteurs' files, written to run if they were ever taken for markup
export const HOSTILE_PORTEUR =
  '<img src=x onerror="window.__pwned=1"> **gras** [lien](javascript:alert(1))';
export const HOSTILE_LIEU = "<script>window.__pwned=2</script>Salle _Mende_";
export const HOSTILE_VALUE = '<img src=y onerror="window.__pwned=3">';
// Lozère's visit and practices (spec/suivi.md): texts found nowhere else, to look for in the builds
export const VISIT_TEXT = "Observation du comité : la coordinatrice quitte la structure en juin";
export const INTERNAL_PRACTICE = "Le carnet de bord partagé, pratique interne de la Lozère";
export const PUBLIC_PRACTICE = {
  titre: "Les devoirs au jardin de Mende",
  description:
    'Au jardin partagé, <img src=z onerror="window.__pwned=5"> chaque mardi.\nDeuxième ligne.',
};

function sourcesHash(): string {
  const hash = createHash("sha256");
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      if (entry.startsWith(".")) continue;
      const p = path.join(dir, entry);
      if (statSync(p).isDirectory()) walk(p);
      else hash.update(p).update(readFileSync(p));
    }
  };
  for (const d of ["src", "loaders", "config"]) walk(path.join(PROJECT_ROOT, d));
  for (const f of ["test/helpers/sites.ts", "test/helpers/export.ts", "test/helpers/damaged.ts"])
    hash.update(readFileSync(path.join(PROJECT_ROOT, f)));
  hash.update(process.env.CLAS_GEO_DIR ?? "");
  return hash.digest("hex").slice(0, 16);
}

async function build(dir: string): Promise<void> {
  const db = path.join(dir, "clas.duckdb");
  const sample = await cli(
    "sample",
    "--scale",
    "0.03",
    "--campagnes",
    "2",
    "--out",
    path.join(dir, "export"),
  );
  const exportFiles = sample.stdout.trim().split("\n").slice(1);
  const ingested = await cli("ingest", "--db", db, ...exportFiles);
  if (ingested.status !== 0) throw new Error(ingested.stderr);
  // a small département with personal data and a family's home, to check the public build against
  const lozere = writeExport(
    dir,
    [
      action({
        departement: "48",
        id_action: "L1",
        porteur_nom: HOSTILE_PORTEUR,
        coordinateur_nom: "Zoé Confidentielle",
        contact_courriel: "zoe@lozere.test",
        contact_telephone: "04 66 00 00 01",
      }),
    ],
    [
      collectif({
        departement: "48",
        id_action: "L1",
        code_insee: "48095",
        enfants: "9",
        filles: "4",
        lieu_nom: HOSTILE_LIEU,
      }),
      collectif({
        departement: "48",
        id_action: "L1",
        id_collectif: "C9",
        code_insee: "48095",
        enfants: HOSTILE_VALUE,
      }),
      collectif({
        departement: "48",
        id_action: "L1",
        id_collectif: "C2",
        code_insee: "48095",
        enfants: "8",
        filles: "3",
        lieu_type: "Domicile des familles",
        lieu_nom: "Chez les Dupré",
        adresse: "99 chemin du Domicile Secret",
      }),
    ],
    "lozere",
  );
  const visites = path.join(dir, "lozere-visites.csv");
  writeFileSync(
    visites,
    cp1252(
      toCsv("Visites", [
        visite({
          departement: "48",
          id_action: "L1",
          points_forts: VISIT_TEXT,
          suite: "Point d'alerte",
        }),
      ]),
    ),
  );
  const pratiques = path.join(dir, "lozere-pratiques.csv");
  writeFileSync(
    pratiques,
    cp1252(
      toCsv("Pratiques", [
        pratique({ departement: "48", id_action: "L1", id_pratique: "L-P1", ...PUBLIC_PRACTICE }),
        pratique({
          departement: "48",
          id_action: "L1",
          id_pratique: "L-P2",
          titre: INTERNAL_PRACTICE,
          description: INTERNAL_PRACTICE,
          diffusion: "Interne",
        }),
      ]),
    ),
  );
  const added = await cli("ingest", "--db", db, ...lozere, visites, pratiques);
  if (added.status !== 0) throw new Error(added.stderr);
  // an export whose every row is damaged (test/regression/damaged-export.test.ts)
  const damaged = path.join(dir, "abime");
  mkdirSync(damaged);
  const { files: damagedFiles, people } = await writeDamagedExport(damaged);
  const ingestDamaged = await cli("ingest", "--db", db, ...damagedFiles);
  if (ingestDamaged.status !== 0) throw new Error(ingestDamaged.stderr);
  writeFileSync(
    path.join(damaged, "resultat.json"),
    JSON.stringify({
      files: damagedFiles,
      people,
      output: ingestDamaged.stdout + ingestDamaged.stderr,
    }),
  );
  const indicators = await cli("indicators", "--db", db, "--format", "json");
  writeFileSync(path.join(dir, "indicateurs.json"), indicators.stdout);
  // the committees' words: Nord's public, Creuse's internal only
  const bilans = path.join(dir, "bilans");
  writeCommitteeTexts(bilans, String(JSON.parse(indicators.stdout).at(-1).campagne));
  // the builds at once, each in a process of its own, on the same database (a build opens
  // it read-only): test/build.test.ts compares them with builds made one after the other
  await Promise.all(
    (["interne", "public"] as const).map(async (audience) => {
      const built = await buildOne(dir, audience, path.join(dir, SITE_FOLDERS[audience]));
      if (built.status !== 0) throw new Error(built.stderr);
      writeFileSync(
        path.join(dir, `construction-${audience}.json`),
        JSON.stringify({ status: built.status, stdout: built.stdout, stderr: built.stderr }),
      );
    }),
  );
}

export const SITE_FOLDERS = { interne: "site", public: "public", limite: "limite" } as const;
/** The départements of the limited internal build, with the PDFs of their bilans. */
export const LIMITED_TO = ["23", "78", "2a"];

/**
 * One of the shared sites' builds, into `out`, as the shared sites are built: the internal
 * one, the public one, and an internal one limited to some départements, with their PDFs.
 */
export function buildOne(dir: string, build: keyof typeof SITE_FOLDERS, out: string) {
  const audience = build === "public" ? "public" : "interne";
  return runCli(
    [
      "build",
      "--db",
      path.join(dir, "clas.duckdb"),
      "--audience",
      audience,
      "--bilans",
      path.join(dir, "bilans"),
      "--out",
      out,
      // the public build asks for its PDFs where there is no Chromium (test/bilan.test.ts)
      ...(build === "interne" ? [] : ["--pdf"]),
      ...(build === "limite" ? LIMITED_TO.flatMap((d) => ["--departement", d]) : []),
    ],
    {
      env: {
        TZ: "UTC",
        // every build of the shared data says the same day: two builds either side of
        // midnight give the same site (test/build.test.ts compares them byte for byte)
        SOURCE_DATE_EPOCH: String(Date.UTC(2025, 6, 1) / 1000),
        ...(audience === "public" ? { CHROMIUM_PATH: path.join(dir, "pas-de-chromium") } : {}),
      },
    },
  );
}

/** A PNG of one white pixel, for an image of a committee's text. */
const PIXEL = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==",
  "base64",
);

/** Nord's text (public, with an image, links and raw HTML) and Creuse's (internal only). */
export const NORD_TEXT = `---
public: oui
---

## Les temps forts de l'année

Cette année, **douze nouvelles actions** ont ouvert. <img src=x onerror="window.__pwned=4">

## Les actions phares

- Le café des parents du centre social de Roubaix.
- La bibliothèque partagée de Maubeuge.

Le comité a visité six actions : [le compte rendu](https://www.exemple.fr/compte-rendu.pdf), et [ceci](javascript:alert(1)).

![Atelier parents-enfants à Lille](atelier.png)
`;

export const CREUSE_TEXT = `## Perspectives

Le comité souhaite ouvrir une action à Guéret.
`;

function writeCommitteeTexts(dir: string, campagne: string): void {
  const folder = path.join(dir, campagne);
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, "59.md"), NORD_TEXT);
  writeFileSync(path.join(folder, "23.md"), CREUSE_TEXT);
  writeFileSync(path.join(folder, "atelier.png"), PIXEL);
}

let sites: Promise<BuiltSites> | null = null;

/** The sites of older sources (untouched for a day) go: a run leaves one set behind, not one per change. */
function pruneStale(parent: string): void {
  const dayAgo = Date.now() - 86_400_000;
  for (const entry of readdirSync(parent)) {
    if (!/^clas-sites-[0-9a-f]{16}$/.test(entry)) continue;
    const p = path.join(parent, entry);
    try {
      if (statSync(p).mtimeMs < dayAgo && !existsSync(`${p}.verrou`))
        rmSync(p, { recursive: true, force: true });
    } catch {
      // gone meanwhile
    }
  }
}

/**
 * Makes the folder `target` once across the run's workers: the first takes a lock
 * (`target.verrou`) and makes it, the others wait for the file `ready` (or take over from
 * a worker that died).
 */
async function once(target: string, ready: string, make: () => Promise<void>): Promise<void> {
  const lock = `${target}.verrou`;
  for (let waited = 0; !existsSync(ready); waited += 500) {
    try {
      mkdirSync(lock);
    } catch {
      if (waited > 600_000)
        throw new Error(`construction des sites de test trop longue : ${target}`);
      try {
        if (Date.now() - statSync(lock).mtimeMs > 600_000) rmSync(lock, { recursive: true });
      } catch {
        // released meanwhile
      }
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    try {
      rmSync(target, { recursive: true, force: true });
      mkdirSync(target, { recursive: true });
      await make();
      writeFileSync(ready, "");
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

/** The built sites, built at most once per change of the sources. */
export function builtSites(): Promise<BuiltSites> {
  sites ??= (async () => {
    const dir = path.join(tmpdir(), `clas-sites-${sourcesHash()}`);
    await once(dir, path.join(dir, "pret"), async () => {
      pruneStale(path.dirname(dir));
      await build(dir);
    });
    // used now: not stale for another day (pruneStale)
    utimesSync(dir, new Date(), new Date());
    return {
      dir,
      db: path.join(dir, "clas.duckdb"),
      site: path.join(dir, "site"),
      publicSite: path.join(dir, "public"),
      indicators: JSON.parse(readFileSync(path.join(dir, "indicateurs.json"), "utf8")),
    };
  })();
  return sites;
}

let limited: Promise<string> | null = null;

/**
 * The internal build limited to LIMITED_TO's départements, with their bilans' PDFs, made
 * once after the shared sites (the tests that do not need it do not wait for it).
 */
export function limitedSite(): Promise<string> {
  limited ??= (async () => {
    const { dir } = await builtSites();
    const target = path.join(dir, SITE_FOLDERS.limite);
    await once(target, `${target}.pret`, async () => {
      const built = await buildOne(dir, "limite", target);
      if (built.status !== 0) throw new Error(built.stderr);
      writeFileSync(
        path.join(dir, "construction-limite.json"),
        JSON.stringify({ status: built.status, stdout: built.stdout, stderr: built.stderr }),
      );
    });
    return target;
  })();
  return limited;
}

/** Every file under a folder. */
export function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

/** Each build served at the root of a server of its own, as it is deployed. */
export async function serveSites(
  built: BuiltSites,
): Promise<{ url: (site: string, path: string) => string; close: () => void }> {
  const { serveSite } = await import("../../loaders/site/serve.js");
  const servers = {
    site: await serveSite(built.site, 0),
    public: await serveSite(built.publicSite, 0),
  };
  const port = (s: import("node:http").Server) => (s.address() as { port: number }).port;
  return {
    url: (site, p) => `http://127.0.0.1:${port(servers[site as keyof typeof servers])}${p}`,
    close: () => Object.values(servers).forEach((s) => s.close()),
  };
}

/** A place of the public map, read back from the built files (the map's part and the details). */
export interface PublishedPlace {
  id: number;
  lon: number;
  lat: number;
  codeCommune: string;
  niveaux: number;
  /** At its commune's (or département's) centre: not a position of its own. */
  approximate: boolean;
  nom: string;
  adresse: string;
  cp: string;
  commune: string;
  porteurs: string[];
}

/** Every place of a built site: `_file/data/lieux.*.json` and `lieux/<cle>/tous.json`. */
export function publishedPlaces(site: string): PublishedPlace[] {
  const folder = path.join(site, "_file", "data");
  const file = readdirSync(folder).find((f) => /^lieux\.[a-f0-9]+\.json$/.test(f))!;
  const map = JSON.parse(readFileSync(path.join(folder, file), "utf8")) as {
    cle: string;
    communes: string[];
    points: { x: number[]; y: number[]; c: number[]; f: number[] };
  };
  let [x, y] = [0, 0];
  const places = map.points.x.map((dx, id) => {
    x += dx;
    y += map.points.y[id]!;
    return {
      id,
      lon: x / 1e4,
      lat: y / 1e4,
      codeCommune: map.communes[map.points.c[id]!]!,
      niveaux: map.points.f[id]! & 15,
      approximate: (map.points.f[id]! & 64) !== 0,
    } as PublishedPlace;
  });
  const all = JSON.parse(
    readFileSync(path.join(site, "lieux", map.cle, "tous.json"), "utf8"),
  ) as Record<string, { porteurs: [string, string][]; lieux: (string | number)[][] }>;
  for (const { porteurs, lieux } of Object.values(all))
    for (const [id, nom, adresse, cp, commune, indexes] of lieux)
      Object.assign(places[id as number]!, {
        nom,
        adresse,
        cp,
        commune,
        porteurs: String(indexes)
          .split(" ")
          .filter(Boolean)
          .map((i) => porteurs[Number(i)]![0]),
      });
  return places;
}
