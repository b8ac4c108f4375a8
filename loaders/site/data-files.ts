// Every data file the pages read (`data/…` of the build's root) and the
// generated Méthodologie page, written in one process from one read of the
// warehouse and of the reference geodata. Framework then only copies them:
// no loader process per file (each cost a TypeScript start-up and a database
// opening), and nothing is written into `src/`.
import { readFileSync, statSync } from "node:fs";
import { mkdir, readdir, utimes, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { DEFAULT_MAPPING, loadReferentiel, PROJECT_ROOT } from "../configuration.js";
import { readCommunes, readDepartements, readFormerCodes } from "../geo/load.js";
import type { GazetteerEntry } from "../../src/lib/search.js";
import { basemapLabels } from "../publish/basemap.js";
import { committeeTexts } from "../publish/bilans.js";
import type { Publication } from "../publish/audience.js";
import { placesPublication } from "../publish/places.js";
import {
  actionsByDepartement,
  breakdownsData,
  departementsGeo,
  indicatorsData,
  qualityData,
  siteConfig,
} from "../publish/site-data.js";
import { encodeOutlines } from "../../src/lib/outlines.js";
import { gazetteerKeysOf } from "./gazetteer-files.js";
import { keyedFiles, type KeyedFiles } from "./keyed-files.js";
import { placesFiles } from "./places-files.js";
import { methodologyPage } from "./methodologie.js";
import { practicesData, suiviByDepartement } from "../publish/suivi.js";
import { openDataFiles } from "../publish/open-data.js";
import type { SiteMeta } from "./chrome.js";

export interface DataInputs {
  publication: Publication;
  /** The warehouse's file. */
  db: string;
  geoDir: string;
  /** Where the committees' texts are. */
  bilans: string;
  meta: SiteMeta;
  pdf: boolean;
  /** The gazetteer, read once for the map's keys and its files. */
  gazetteer: GazetteerEntry[];
}

/** The map's font files (@fontsource/noto-sans, SIL Open Font License). */
export const FONT_FILES = [
  "noto-sans-latin-400-normal.woff2",
  "noto-sans-latin-700-normal.woff2",
  "noto-sans-latin-ext-400-normal.woff2",
];

const require = createRequire(import.meta.url);

/**
 * MapLibre's module, worker and stylesheet, as plain files of the map page (imported from
 * their address): as an `npm:` import, Framework parsed its megabyte three times a build
 * (≈ 2 s). Their source map's comment is left out: the site has no source maps.
 */
const MAPLIBRE_FILES = {
  "data/carte/maplibre-gl.js": "maplibre-gl/dist/maplibre-gl.mjs",
  "data/carte/maplibre-gl-worker.js": "maplibre-gl/dist/maplibre-gl-worker.mjs",
  "data/carte/maplibre-gl.css": "maplibre-gl/dist/maplibre-gl.css",
};

function withoutSourceMap(text: string): string {
  return text.replace(/\n\/[/*]# sourceMappingURL=[^\n]*\s*$/, "\n");
}
const json = (value: unknown) => JSON.stringify(value);

/**
 * What the in-browser check needs of the reference data: communes, former
 * codes, default aliases, thresholds and départements (no database).
 */
export async function checkReference(geoDir: string) {
  return {
    communes: (await readCommunes(geoDir)).map((c) => [c.code, c.nom, c.departement]),
    anciensCodes: readFormerCodes(),
    mapping: JSON.parse(readFileSync(DEFAULT_MAPPING, "utf8")),
    referentiel: await loadReferentiel(),
    departements: (await readDepartements(geoDir)).map((d) => ({
      code: d.code,
      nom: d.nom,
      region: d.region,
    })),
  };
}

/** The files of one build, by path in the root: each one's bytes or text; and the fetched ones. */
async function dataFiles(inputs: DataInputs): Promise<{
  files: [string, string | Uint8Array][];
  keyed: KeyedFiles[];
  /** Files written beside the pages, by path in the built site (the open data). */
  outside: [string, string | Uint8Array][];
}> {
  const { publication, db } = inputs;
  const referentiel = await loadReferentiel();
  const files: [string, string | Uint8Array][] = [];
  const add = (file: string, content: string | Uint8Array) => files.push([file, content]);
  // the warehouse's reads at once, each on its own read-only connection
  const [indicators, breakdowns, byDepartement, quality, practices, suiviFiles, places] =
    await Promise.all([
      indicatorsData(publication, db),
      breakdownsData(publication, db),
      actionsByDepartement(publication, db),
      publication.audience === "interne" ? qualityData(publication, db) : null,
      practicesData(publication, db),
      suiviByDepartement(publication, db),
      // the map's places, computed once for the page and for their files
      placesPublication(db),
    ]);
  add("data/indicateurs.json", json(indicators));
  add("data/repartitions.json", json(breakdowns));
  // each bilan fetches its own département's actions (`actions/<cle>/<code>.json`)
  const actions = keyedFiles("actions", byDepartement);
  add("data/actions.json", json({ cle: actions.cle }));
  if (quality) add("data/qualite.json", json(quality));
  // field visits and good practices (spec/suivi.md): a bilan fetches its département's visits
  add("data/pratiques.json", json(practices));
  const suivi = keyedFiles("suivi", suiviFiles);
  add("data/suivi.json", json({ cle: suivi.cle }));
  add("data/bilans.json", json(committeeTexts(publication, inputs.bilans)));
  add(
    "data/site.json",
    json(
      siteConfig({
        construitLe: inputs.meta.construitLe,
        extraitLe: inputs.meta.extraitLe,
        pdf: inputs.pdf,
      }),
    ),
  );
  add("data/departements.json", json(await departementsGeo()));
  add(
    "data/contours-carte.json",
    json(encodeOutlines((await departementsGeo(2)).features as never, 100)),
  );
  add(
    "data/fond-carte.json",
    json({
      ...(await basemapLabels(inputs.geoDir)),
      fichiers: gazetteerKeysOf(inputs.gazetteer),
    }),
  );
  add("data/lieux.json", json(places.map));
  for (const [file, source] of Object.entries(MAPLIBRE_FILES))
    add(file, withoutSourceMap(readFileSync(require.resolve(source), "utf8")));
  for (const font of FONT_FILES)
    add(
      `data/polices/${font}`,
      readFileSync(require.resolve(`@fontsource/noto-sans/files/${font}`)),
    );
  const wasm = path.join(PROJECT_ROOT, "node_modules/@duckdb/duckdb-wasm/dist/duckdb-eh.wasm");
  add("data/moteur.json", json({ octets: statSync(wasm).size }));
  add("data/reference.json", json(await checkReference(inputs.geoDir)));
  add("methodologie.md", methodologyPage(publication, inputs.meta.campagnes, referentiel));
  // the public build's open data (donnees/), from the rows its pages publish
  const outside: [string, string | Uint8Array][] = [];
  if (publication.audience === "public") {
    const open = await openDataFiles({
      parDepartement: indicators.parDepartement,
      places: places.places,
      campagnePlaces: places.campagne,
      practices,
      // no extraction date recorded: the build's
      extraitLe: inputs.meta.extraitLe ?? inputs.meta.construitLe,
      construitLe: inputs.meta.construitLe,
      campagnes: inputs.meta.campagnes,
    });
    for (const [file, content] of open.files) outside.push([`donnees/${file}`, content]);
    add("data/donnees.json", json({ paquet: open.descriptor, schemas: open.schemas }));
  }
  return { files, keyed: [actions, suivi, placesFiles(places)], outside };
}

/**
 * Writes the build's data files into its root; returns the files fetched by
 * key, written into the built site after Framework's build.
 */
export async function writeDataFiles(
  root: string,
  inputs: DataInputs,
): Promise<{ keyed: KeyedFiles[]; outside: [string, string | Uint8Array][] }> {
  const { files, keyed, outside } = await dataFiles(inputs);
  for (const [file, content] of files) {
    const target = path.join(root, file);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
  }
  return { keyed, outside };
}

/**
 * Dates every generated file of the root the build's day: Framework tells
 * pages each file's date, and the same data built twice the same day must
 * give the same site.
 */
export async function dateGenerated(root: string, day: string): Promise<void> {
  const date = new Date(`${day}T00:00:00Z`);
  const entries = await readdir(path.join(root, "data"), { recursive: true, withFileTypes: true });
  for (const e of entries)
    if (e.isFile()) await utimes(path.join(e.parentPath, e.name), date, date);
  await utimes(path.join(root, "methodologie.md"), date, date);
}
