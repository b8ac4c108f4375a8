// The CLI's commands; effects (output, clock) are passed in so tests run them silently.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { ParseArgsConfig } from "node:util";
import { ExportRefusedError } from "./export/batch.js";
import type { Slice } from "./export/types.js";
import { DEFAULT_SAMPLE, type SampleOptions } from "./sample/generate.js";
import { loadSampleReference, writeSample } from "./sample/write.js";
import { MappingError } from "./export/mapping.js";
import { DEFAULT_BAN_URL } from "./geo/ban.js";
import { geocodeMissing } from "./geo/geocode.js";
import { GeoDataError, readCommunePlaces, readDepartements } from "./geo/load.js";
import { loadContext, loadReferentiel, PROJECT_ROOT, readExport } from "./pipeline.js";
import { ReferentielError, type SeuilsRow } from "./referentiel/seuils.js";
import { checkJson, textReport } from "./report.js";
import { buildSite, DEFAULT_SITE_OUT, SiteBuildError } from "./site/build.js";
import { serveSite } from "./site/serve.js";
import { DEFAULT_DB, openWarehouse, WarehouseError, type Warehouse } from "./warehouse/db.js";
import {
  ACTIONS_BY_ID,
  CAMPAGNES,
  COLLECTIFS_OF_ACTION,
  SEUILS_OF_SLICE,
} from "./warehouse/queries.js";
import { reevaluateAll, storeBatch } from "./warehouse/store.js";
import { computeIndicators } from "./indicators/compute.js";
import { indicatorsCsv, indicatorsJson } from "./indicators/format.js";
import { explainAction, explanationText, type ActionExplanation } from "./explain.js";

export interface Effects {
  stdout(text: string): void;
  stderr(text: string): void;
  now(): Date;
}

type Values = Record<string, string | string[] | boolean | undefined>;

export interface Command {
  options: NonNullable<ParseArgsConfig["options"]>;
  run(values: Values, positionals: string[], effects: Effects): Promise<number>;
}

/** The small example export of the tests. */
export const EXAMPLE_EXPORT = ["actions.csv", "collectifs.csv"].map((f) =>
  path.join(PROJECT_ROOT, "test/fixtures/exemple", f),
);
export const USER_EXPORTS = "data/exports";
/** Where `main` writes the national sample when data/exports/ holds no export. */
export const SAMPLE_DIR = "data/sample";
/** The embedded default: three campagnes of France at scale 1. */
export const MAIN_SAMPLE: SampleOptions = { ...DEFAULT_SAMPLE, campagnes: 3 };

/** Errors a user can act on are one line on stderr and a non-zero status; others are bugs. */
async function guarded(effects: Effects, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof ExportRefusedError) {
      effects.stderr(`export refusé, rien n'a été importé :\n${error.message}\n`);
      return 1;
    }
    if (
      error instanceof WarehouseError ||
      error instanceof MappingError ||
      error instanceof GeoDataError ||
      error instanceof ReferentielError ||
      error instanceof SiteBuildError
    ) {
      effects.stderr(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

function list(v: string | string[] | boolean | undefined): string[] {
  return v === undefined || typeof v === "boolean" ? [] : Array.isArray(v) ? v : [v];
}

function describeSlices(slices: Slice[]): string {
  if (slices.length === 0) return "aucune tranche (campagne, département) remplacée";
  if (slices.length <= 12) {
    return `tranches (campagne/département) remplacées : ${slices.map((s) => `${s.campagne}/${s.departement}`).join(", ")}`;
  }
  const campagnes = [...new Set(slices.map((s) => s.campagne))];
  const departements = new Set(slices.map((s) => s.departement));
  return `${slices.length} tranches (campagne, département) remplacées : campagne${campagnes.length > 1 ? "s" : ""} ${campagnes.join(", ")}, ${departements.size} départements`;
}

interface IngestOptions {
  /** Address geocoding after the ingest: the BAN service at this URL, or none. */
  geocodeUrl?: string;
}

async function ingest(
  paths: string[],
  db: string,
  mappings: string[],
  effects: Effects,
  options: IngestOptions = {},
): Promise<number> {
  const context = await loadContext({ mappings });
  const referentiel = await loadReferentiel();
  const batch = await readExport(paths, context);
  const warehouse = await openWarehouse(db, { create: true });
  effects.stderr(`écriture dans ${db}…\n`);
  try {
    await storeBatch(warehouse.connection, batch, { now: effects.now(), referentiel });
    if (options.geocodeUrl) {
      const report = await geocodeMissing(warehouse.connection, await readCommunePlaces(), {
        url: options.geocodeUrl,
      });
      effects.stdout(
        report.error
          ? `Géocodage : ${report.error} ; ${report.answered} adresse(s) géocodée(s) sur ${report.asked}, les autres lieux restent placés au centre de leur commune\n`
          : `Géocodage : ${report.asked} adresse(s) demandée(s), ${report.answered} réponse(s) gardée(s)\n`,
      );
    }
  } finally {
    warehouse.close();
  }
  effects.stdout(textReport(batch, { limit: 20 }));
  effects.stdout(`\nBase ${db} : ${describeSlices(batch.slices)}\n`);
  return 0;
}

function geocodeOption(values: Values): IngestOptions | string {
  const mode = values.geocode as string | undefined;
  if (mode === undefined || mode === "aucun") return {};
  if (mode !== "ban") return `--geocode ban attendu (ou aucun), pas « ${mode} »`;
  return { geocodeUrl: (values["geocode-url"] as string | undefined) ?? DEFAULT_BAN_URL };
}

const ingestCommand: Command = {
  options: {
    db: { type: "string" },
    mapping: { type: "string", multiple: true },
    geocode: { type: "string" },
    "geocode-url": { type: "string" },
  },
  run: (values, positionals, effects) =>
    guarded(effects, async () => {
      if (positionals.length === 0) {
        effects.stderr(
          "ingest : aucun fichier donné (ex. clas ingest actions.csv collectifs.csv)\n",
        );
        return 2;
      }
      const geocode = geocodeOption(values);
      if (typeof geocode === "string") {
        effects.stderr(`ingest : ${geocode}\n`);
        return 2;
      }
      return ingest(
        positionals,
        (values.db as string) ?? DEFAULT_DB,
        list(values.mapping),
        effects,
        geocode,
      );
    }),
};

const checkCommand: Command = {
  options: {
    format: { type: "string", default: "text" },
    mapping: { type: "string", multiple: true },
  },
  run: (values, positionals, effects) =>
    guarded(effects, async () => {
      const format = values.format as string;
      if (format !== "text" && format !== "json") {
        effects.stderr(`check : --format text ou json attendu, pas « ${format} »\n`);
        return 2;
      }
      if (positionals.length === 0) {
        effects.stderr("check : aucun fichier donné\n");
        return 2;
      }
      const batch = await readExport(
        positionals,
        await loadContext({ mappings: list(values.mapping) }),
      );
      effects.stdout(format === "json" ? checkJson(batch) + "\n" : textReport(batch));
      return 0;
    }),
};

function exportsIn(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => /\.(csv|txt|tsv|xlsx)$/i.test(f))
      .sort()
      .map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}

/** Writes the sample unless the same one (same options) is already there. */
async function ensureSample(
  dir: string,
  options: SampleOptions,
  effects: Effects,
): Promise<string[]> {
  const stamp = path.join(dir, "echantillon.json");
  const wanted = JSON.stringify(options);
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === wanted) {
    return readdirSync(dir)
      .filter((f) => f.endsWith(".csv"))
      .sort()
      .map((f) => path.join(dir, f));
  }
  rmSync(dir, { recursive: true, force: true });
  effects.stderr(`génération de l'échantillon national dans ${dir}…\n`);
  const written = await writeSample(await loadSampleReference(), options, dir);
  writeFileSync(stamp, wanted);
  return written.files;
}

/** Serves the built site, trying the next ports when one is taken. */
async function serve(dir: string, port: number, effects: Effects): Promise<void> {
  for (let p = port; p < port + 20; p++) {
    try {
      await serveSite(dir, p);
      effects.stdout(`\nSite prêt : http://127.0.0.1:${p}/ (Ctrl-C pour arrêter)\n`);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    }
  }
  throw new SiteBuildError(`aucun port libre entre ${port} et ${port + 19} sur 127.0.0.1`);
}

const mainCommand: Command = {
  options: {
    db: { type: "string" },
    exports: { type: "string" },
    sample: { type: "string" },
    out: { type: "string" },
    port: { type: "string", default: "3000" },
    "no-site": { type: "boolean" },
    "no-serve": { type: "boolean" },
  },
  run: (values, _positionals, effects) =>
    guarded(effects, async () => {
      const db = (values.db as string) ?? DEFAULT_DB;
      const exportsDir = (values.exports as string) ?? USER_EXPORTS;
      const own = exportsIn(exportsDir);
      effects.stdout(
        own.length > 0
          ? `Import des exports de ${exportsDir}/ :\n`
          : `Aucun export dans ${exportsDir}/ : import de l'échantillon national (${MAIN_SAMPLE.campagnes} campagnes, jusqu'à ${MAIN_SAMPLE.lastCampagne}).\n`,
      );
      const files =
        own.length > 0
          ? own
          : await ensureSample((values.sample as string) ?? SAMPLE_DIR, MAIN_SAMPLE, effects);
      const status = await ingest(files, db, [], effects);
      if (status !== 0 || values["no-site"]) return status;
      effects.stderr("construction du site…\n");
      const out = await buildSite({ db, out: (values.out as string) ?? DEFAULT_SITE_OUT });
      effects.stdout(`Site construit dans ${out}\n`);
      if (!values["no-serve"]) await serve(out, Number(values.port), effects);
      return 0;
    }),
};

const sampleCommand: Command = {
  options: {
    campagnes: { type: "string", default: String(DEFAULT_SAMPLE.campagnes) },
    scale: { type: "string", default: String(DEFAULT_SAMPLE.scale) },
    seed: { type: "string", default: DEFAULT_SAMPLE.seed },
    out: { type: "string" },
  },
  run: (values, _positionals, effects) =>
    guarded(effects, async () => {
      const campagnes = Number(values.campagnes);
      const scale = Number(values.scale);
      if (
        !values.out ||
        !Number.isInteger(campagnes) ||
        campagnes < 1 ||
        campagnes > 20 ||
        !(scale > 0) ||
        scale > 1000
      ) {
        effects.stderr(
          "sample : --out DOSSIER requis ; --campagnes entier de 1 à 20 ; --scale nombre > 0 (1 = la France)\n",
        );
        return 2;
      }
      const options: SampleOptions = {
        ...DEFAULT_SAMPLE,
        campagnes,
        scale,
        seed: values.seed as string,
      };
      const written = await writeSample(await loadSampleReference(), options, values.out as string);
      effects.stdout(
        `Échantillon écrit dans ${values.out} : ${written.rows.Actions} lignes Actions, ${written.rows.Collectifs} lignes Collectifs\n${written.files.join("\n")}\n`,
      );
      return 0;
    }),
};

const buildCommand: Command = {
  options: {
    db: { type: "string" },
    out: { type: "string" },
    audience: { type: "string", default: "interne" },
    departement: { type: "string", multiple: true },
  },
  run: (values, _positionals, effects) =>
    guarded(effects, async () => {
      const db = (values.db as string) ?? DEFAULT_DB;
      const audience = values.audience as string;
      const departements = list(values.departement).map((d) => d.toUpperCase().padStart(2, "0"));
      if (audience !== "interne" && audience !== "public") {
        effects.stderr(`build : --audience interne ou public attendu, pas « ${audience} »\n`);
        return 2;
      }
      if (audience === "public" && departements.length > 0) {
        effects.stderr(
          "build : --departement limite une construction interne ; la construction publique couvre la France\n",
        );
        return 2;
      }
      const known = new Set((await readDepartements()).map((d) => d.code));
      const unknown = departements.filter((d) => !known.has(d));
      if (unknown.length > 0) {
        effects.stderr(`build : département inconnu : ${unknown.join(", ")}\n`);
        return 2;
      }
      if (!existsSync(db)) {
        throw new WarehouseError(
          `base de données introuvable : ${db} (lancer d'abord « clas ingest »)`,
        );
      }
      const out = await buildSite({
        db,
        out: (values.out as string) ?? DEFAULT_SITE_OUT,
        audience,
        departements,
      });
      effects.stdout(
        `Site ${audience === "public" ? "public" : "interne (à servir derrière l'authentification de la Caf)"} construit dans ${out}\n`,
      );
      return 0;
    }),
};

async function withWarehouse<T>(db: string, body: (w: Warehouse) => Promise<T>): Promise<T> {
  const warehouse = await openWarehouse(db, { create: false });
  try {
    return await body(warehouse);
  } finally {
    warehouse.close();
  }
}

async function checkCampagne(w: Warehouse, campagne: string | undefined): Promise<string | null> {
  if (campagne === undefined) return null;
  const known = (await w.connection.runAndReadAll(CAMPAGNES))
    .getRowObjectsJson()
    .map((r) => String(r.campagne));
  if (!known.includes(campagne)) {
    throw new WarehouseError(
      `campagne ${campagne} absente de la base${known.length ? ` (campagnes présentes : ${known.join(", ")})` : " (base vide)"}`,
    );
  }
  return campagne;
}

const indicatorsCommand: Command = {
  options: {
    db: { type: "string" },
    campagne: { type: "string" },
    format: { type: "string", default: "json" },
  },
  run: (values, _positionals, effects) =>
    guarded(effects, async () => {
      const format = values.format as string;
      if (format !== "json" && format !== "csv") {
        effects.stderr(`indicators : --format json ou csv attendu, pas « ${format} »\n`);
        return 2;
      }
      const departements = await readDepartements();
      const rows = await withWarehouse((values.db as string) ?? DEFAULT_DB, async (w) =>
        computeIndicators(
          w.connection,
          departements,
          await checkCampagne(w, values.campagne as string | undefined),
        ),
      );
      effects.stdout(format === "json" ? indicatorsJson(rows) + "\n" : indicatorsCsv(rows));
      return 0;
    }),
};

const explainCommand: Command = {
  options: {
    db: { type: "string" },
    campagne: { type: "string" },
    departement: { type: "string" },
    format: { type: "string", default: "text" },
  },
  run: (values, positionals, effects) =>
    guarded(effects, async () => {
      const format = values.format as string;
      if (positionals.length !== 1 || (format !== "text" && format !== "json")) {
        effects.stderr(
          "explain : un N° dossier attendu (ex. clas explain A-78-001), --format text ou json\n",
        );
        return 2;
      }
      const id = positionals[0]!;
      const departements = new Map((await readDepartements()).map((d) => [d.code, d.nom]));
      const explanations = await withWarehouse((values.db as string) ?? DEFAULT_DB, async (w) => {
        const campagne = await checkCampagne(w, values.campagne as string | undefined);
        const params = {
          id,
          campagne,
          departement: (values.departement as string | undefined) ?? null,
        };
        const actions = (
          await w.connection.runAndReadAll(ACTIONS_BY_ID, params)
        ).getRowObjectsJson();
        // without --campagne, the newest campagne that has this N° dossier
        const newest = actions[0]?.campagne;
        const out: ActionExplanation[] = [];
        for (const a of actions.filter((x) => x.campagne === newest)) {
          const slice = { campagne: String(a.campagne), departement: String(a.departement) };
          const collectifs = (
            await w.connection.runAndReadAll(COLLECTIFS_OF_ACTION, { ...slice, id })
          ).getRowObjectsJson();
          const seuils = (
            await w.connection.runAndReadAll(SEUILS_OF_SLICE, slice)
          ).getRowObjectsJson()[0];
          out.push(explainAction(a, collectifs, seuils as unknown as SeuilsRow));
        }
        return out;
      });
      if (explanations.length === 0) {
        effects.stderr(
          `explain : aucune action retenue avec le N° dossier ${id}${values.campagne ? ` en ${values.campagne}` : ""} (une action rejetée n'a pas de résultat : voir « clas check »)\n`,
        );
        return 1;
      }
      effects.stdout(
        format === "json"
          ? JSON.stringify(explanations) + "\n"
          : explanations.map((e) => explanationText(e, departements.get(e.departement))).join("\n"),
      );
      return 0;
    }),
};

const rulesCommand: Command = {
  options: { db: { type: "string" } },
  run: (values, _positionals, effects) =>
    guarded(effects, async () => {
      const referentiel = await loadReferentiel();
      const count = await withWarehouse((values.db as string) ?? DEFAULT_DB, (w) =>
        reevaluateAll(w.connection, referentiel),
      );
      effects.stdout(
        `Règles du référentiel réévaluées sur ${count} tranche(s) (campagne, département)\n`,
      );
      return 0;
    }),
};

export const commands: Record<string, Command> = {
  sample: sampleCommand,
  build: buildCommand,
  indicators: indicatorsCommand,
  explain: explainCommand,
  rules: rulesCommand,
  ingest: ingestCommand,
  check: checkCommand,
  main: mainCommand,
};
