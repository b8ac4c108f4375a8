// clas sample, clas build and the main job: the sample, the site, serving it.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { readDepartements } from "../../geo/load.js";
import { PROJECT_ROOT } from "../../configuration.js";
import { DEFAULT_SAMPLE, type SampleOptions } from "../../sample/generate.js";
import { loadSampleReference, writeSample } from "../../sample/write.js";
import { buildSite, DEFAULT_SITE_OUT, SiteBuildError } from "../../site/build.js";
import { prepareNpmCache } from "../../site/root.js";
import { serveSite } from "../../site/serve.js";
import { DEFAULT_DB, WarehouseError } from "../../warehouse/db.js";
import { NO_PROGRESS } from "../progress.js";
import { DB_OPTION, guarded, list, type Command, type Effects } from "./common.js";
import { ingest } from "./ingest.js";

/** The small example export of the tests. */
export const EXAMPLE_EXPORT = ["actions.csv", "collectifs.csv"].map((f) =>
  path.join(PROJECT_ROOT, "test/fixtures/exemple", f),
);
export const USER_EXPORTS = "data/exports";
/** Where `main` writes the national sample when data/exports/ holds no export. */
export const SAMPLE_DIR = "data/sample";
/** The embedded default: three campagnes of France at scale 1. */
export const MAIN_SAMPLE: SampleOptions = { ...DEFAULT_SAMPLE, campagnes: 3 };

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

/** About how many rows the sample writes per campagne at scale 1 (its five tables). */
const SAMPLE_ROWS = 27_000;

/** The sample's progress bar: rows written, out of about how many. */
function sampleProgress(effects: Effects, options: SampleOptions): (rows: number) => void {
  const progress = effects.progress ?? NO_PROGRESS;
  progress.stage(
    "échantillon national",
    Math.round(SAMPLE_ROWS * options.scale * options.campagnes),
    "lignes",
  );
  return (rows) => progress.advance(rows);
}

/**
 * The day a build says it was made: SOURCE_DATE_EPOCH (seconds since 1970, the reproducible
 * builds' convention) when set, else today. The same data built twice then gives the same
 * site, whatever the day of each build.
 */
export function buildDate(effects: Effects, env: NodeJS.ProcessEnv = process.env): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === "") return effects.now();
  if (!/^\d{1,12}$/.test(epoch))
    throw new SiteBuildError(
      `SOURCE_DATE_EPOCH vaut « ${epoch} » : un nombre entier de secondes depuis le 1er janvier 1970 est attendu (ou rien, pour la date du jour)`,
    );
  return new Date(Number(epoch) * 1000);
}

/** Writes the sample unless the same one (same options) is already there. */
export async function ensureSample(
  dir: string,
  options: SampleOptions,
  effects: Effects,
): Promise<string[]> {
  const stamp = path.join(dir, "echantillon.json");
  // the sample's own version: a sample written before the visits and practices is written again
  const wanted = JSON.stringify({ ...options, version: 4 });
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === wanted) {
    return readdirSync(dir)
      .filter((f) => f.endsWith(".csv"))
      .sort()
      .map((f) => path.join(dir, f));
  }
  rmSync(dir, { recursive: true, force: true });
  effects.stderr(`génération de l'échantillon national dans ${dir}…\n`);
  const written = await writeSample(
    await loadSampleReference(),
    options,
    dir,
    sampleProgress(effects, options),
  );
  effects.progress?.end();
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

export const mainCommand: Command = {
  summary:
    "importe data/exports/ (ou l'échantillon national), construit le site interne et le sert sur 127.0.0.1",
  options: {
    db: DB_OPTION,
    exports: {
      value: "DOSSIER",
      help: "le dossier des exports à importer (data/exports par défaut)",
    },
    sample: {
      value: "DOSSIER",
      help: "où écrire l'échantillon national quand il n'y a pas d'export (data/sample par défaut)",
    },
    out: { value: "DOSSIER", help: "le dossier du site construit (dist par défaut)" },
    port: {
      value: "N",
      default: "3000",
      help: "le port du serveur local (3000 par défaut, ou le suivant libre)",
    },
    "no-site": { help: "importe seulement, sans construire le site" },
    "no-serve": { help: "construit le site sans le servir" },
  },
  run: (values, _positionals, effects) =>
    guarded(effects, async () => {
      const db = (values.db as string) ?? DEFAULT_DB;
      // the site's npm cache filled while the ingest runs (on one core): the build finds it
      // ready, or waits for it and says why if it failed
      if (!values["no-site"]) prepareNpmCache().catch(() => {});
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
      const { out } = await buildSite({
        db,
        out: (values.out as string) ?? DEFAULT_SITE_OUT,
        now: buildDate(effects),
        progress: effects.progress,
      });
      effects.stdout(`Site construit dans ${out}\n`);
      if (!values["no-serve"]) await serve(out, Number(values.port), effects);
      return 0;
    }),
};

export const sampleCommand: Command = {
  summary:
    "écrit un échantillon national réaliste (exports, listes d'actions agréées, visites de terrain et bonnes pratiques, en Windows-1252)",
  options: {
    campagnes: {
      value: "N",
      default: String(DEFAULT_SAMPLE.campagnes),
      help: "le nombre de campagnes, de 1 à 20 (1 par défaut)",
    },
    scale: {
      value: "X",
      default: String(DEFAULT_SAMPLE.scale),
      help: "la taille : 1 = la France, 0,1 = un dixième (1 par défaut)",
    },
    seed: {
      value: "S",
      default: DEFAULT_SAMPLE.seed,
      help: "la graine du tirage : la même graine donne le même échantillon",
    },
    out: { value: "DOSSIER", required: true, help: "le dossier où écrire les fichiers" },
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
      const written = await writeSample(
        await loadSampleReference(),
        options,
        values.out as string,
        sampleProgress(effects, options),
      );
      effects.progress?.end();
      effects.stdout(
        `Échantillon écrit dans ${values.out} : ${Object.entries(written.rows)
          .map(([table, n]) => `${n} lignes ${table}`)
          .join(", ")}\n${written.files.join("\n")}\n`,
      );
      return 0;
    }),
};

export const buildCommand: Command = {
  summary:
    "construit le site statique (bilans des départements, comparaisons, carte, qualité des données)",
  options: {
    db: DB_OPTION,
    out: { value: "DOSSIER", help: "le dossier du site (dist par défaut)" },
    audience: {
      choices: ["interne", "public"],
      default: "interne",
      help: "interne (par défaut : tout, à servir derrière l'authentification de la Caf) ou public (sans données personnelles, secret statistique appliqué)",
    },
    departement: {
      value: "CODE",
      multiple: true,
      help: "limite une construction interne à ce département ; plusieurs possibles",
    },
    bilans: {
      value: "DOSSIER",
      help: "le dossier des textes des comités (data/bilans par défaut)",
    },
    pdf: {
      help: "imprime aussi en PDF les bilans de la dernière campagne (France et chaque département), avec Chromium",
    },
  },
  run: (values, _positionals, effects) =>
    guarded(effects, async () => {
      const db = (values.db as string) ?? DEFAULT_DB;
      // one of the option's choices, checked before the command runs
      const audience = values.audience as "interne" | "public";
      const departements = list(values.departement).map((d) => d.toUpperCase().padStart(2, "0"));
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
      const built = await buildSite({
        db,
        out: (values.out as string) ?? DEFAULT_SITE_OUT,
        audience,
        departements,
        now: buildDate(effects),
        pdf: values.pdf === true,
        bilans: values.bilans as string | undefined,
        progress: effects.progress,
      });
      effects.stdout(
        `Site ${audience === "public" ? "public" : "interne (à servir derrière l'authentification de la Caf)"} construit dans ${built.out}\n`,
      );
      if (built.kept.length > 0)
        effects.stdout(
          `Fichiers du dossier gardés (la construction ne les a pas écrits) : ${built.kept.join(", ")}\n`,
        );
      if (built.pdf && "missing" in built.pdf) effects.stderr(`${built.pdf.missing}\n`);
      else if (built.pdf)
        effects.stdout(
          `${built.pdf.files.length} bilans en PDF dans ${path.join(built.out, "bilans")}\n`,
        );
      return 0;
    }),
};
