// clas ingest and clas check: reading, validating, storing an export.
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { DEFAULT_BAN_URL } from "../../geo/ban.js";
import { geocodeMissing } from "../../geo/geocode.js";
import { readCommunePlaces } from "../../geo/load.js";
import type { TableName } from "../../export/fields.js";
import type { SideSlice, Slice } from "../../export/types.js";
import { keepHeapSmall } from "../../heap.js";
import {
  isLarge,
  prepareIngest,
  storeIngest,
  type IngestResult,
  type IngestStage,
} from "../../ingest/ingest.js";
import {
  createWorkDir,
  describeLeftovers,
  removeLeftovers,
  tempRoot,
} from "../../ingest/workdir.js";
import { nodeFiles } from "../../ingest/node-files.js";
import { scanOnThread } from "../../ingest/scan-elsewhere.js";
import { loadContext, loadReferentiel } from "../../configuration.js";
import { checkJson, textReport } from "../../report.js";
import { DEFAULT_DB, openWarehouse, type Warehouse } from "../../warehouse/db.js";
import { NO_PROGRESS, type Progress } from "../progress.js";
import {
  DB_HELP,
  DB_OPTION,
  MAPPING_OPTION,
  guarded,
  list,
  type Command,
  type Effects,
  type Values,
} from "./common.js";

function describeSlices(slices: Slice[], what = "tranches (campagne, département)"): string {
  if (slices.length === 0) return `aucune ${what.replace(/^tranches/, "tranche")} remplacée`;
  if (slices.length <= 12) {
    return `${what} remplacées : ${slices.map((s) => `${s.campagne}/${s.departement}`).join(", ")}`;
  }
  const campagnes = [...new Set(slices.map((s) => s.campagne))];
  const departements = new Set(slices.map((s) => s.departement));
  return `${slices.length} ${what} remplacées : campagne${campagnes.length > 1 ? "s" : ""} ${campagnes.join(", ")}, ${departements.size} départements`;
}

/** What each side table's slices are called when they are replaced. */
const SIDE_SLICES: Partial<Record<TableName, string>> = {
  Agréments: "listes d'actions agréées (campagne, département)",
  Visites: "visites de terrain (campagne, département)",
  Pratiques: "bonnes pratiques (campagne, département)",
};

/** The export's slices replaced, and each side table's (an ingest of side tables alone says those). */
function describeReplaced(batch: { slices: Slice[]; listSlices: SideSlice[] }): string {
  const parts = [];
  if (batch.slices.length > 0 || batch.listSlices.length === 0)
    parts.push(describeSlices(batch.slices));
  for (const [table, what] of Object.entries(SIDE_SLICES)) {
    const slices = batch.listSlices.filter((s) => s.table === table);
    if (slices.length > 0) parts.push(describeSlices(slices, what));
  }
  return parts.join(" ; ");
}

/** Rejected rows and warnings listed after an ingest (all are stored; `clas check` lists all). */
const REPORTED = 20;

interface IngestOptions {
  /** Address geocoding after the ingest: the BAN service at this URL, or none. */
  geocodeUrl?: string;
}

/** What the progress bar says of each stage of an ingest, as the previous one ends. */
const NEXT_STAGE: Record<IngestStage, string | null> = {
  transcode: "valeurs des colonnes",
  read: "validation des lignes",
  validate: "enregistrement",
  store: "règles du référentiel",
  rules: null,
};

/** An ingest's progress: the files' bytes as they are read, then its stages. */
export function ingestProgress(progress: Progress, paths: string[]) {
  const sizes = paths.map((p) => {
    try {
      return statSync(p).size;
    } catch {
      return 0;
    }
  });
  const total = sizes.reduce((a, b) => a + b, 0);
  // the bytes read of each file: the largest may be read on a thread beside the others
  const read = sizes.map(() => 0);
  let index = -1;
  progress.stage("lecture des fichiers", total, "octets");
  return {
    onFile: (file: string) => {
      const k = (index = paths.indexOf(file, index + 1));
      return (bytes: number) => {
        read[k] = bytes;
        progress.advance(read.reduce((a, b) => a + b, 0));
      };
    },
    mark: (stage: IngestStage) => {
      const next = NEXT_STAGE[stage];
      if (next) progress.stage(next);
      else progress.end();
    },
  };
}

export async function ingest(
  paths: string[],
  db: string,
  mappings: string[],
  effects: Effects,
  options: IngestOptions = {},
): Promise<number> {
  const context = await loadContext({ mappings });
  const referentiel = await loadReferentiel();
  // an existing database is opened first: a second ingest is refused at once
  let warehouse: Warehouse | null = existsSync(db)
    ? await openWarehouse(db, { create: false })
    : null;
  let batch: IngestResult;
  try {
    const root = tempRoot(db);
    effects.stderr(describeLeftovers(removeLeftovers(root, warehouse !== null)));
    const work = createWorkDir(root, "import");
    try {
      // read and recognised before the database is created: a refused export writes nothing
      const progress = ingestProgress(effects.progress ?? NO_PROGRESS, paths);
      let prepared;
      try {
        prepared = await prepareIngest(
          nodeFiles,
          paths,
          work.path,
          context,
          progress.onFile,
          scanOnThread,
        );
      } finally {
        effects.progress?.end();
      }
      if (isLarge(prepared)) keepHeapSmall();
      warehouse ??= await openWarehouse(db, { create: true });
      effects.stderr(`lecture et écriture dans ${db}…\n`);
      try {
        batch = await storeIngest(warehouse.engine, prepared, context, {
          now: effects.now(),
          referentiel,
          keep: REPORTED,
          mark: progress.mark,
        });
      } finally {
        effects.progress?.end();
      }
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
      work.remove();
    }
  } finally {
    warehouse?.close();
  }
  effects.stdout(textReport(batch, { limit: REPORTED }));
  effects.stdout(`\nBase ${db} : ${describeReplaced(batch)}\n`);
  return 0;
}

function geocodeOption(values: Values): IngestOptions {
  const mode = values.geocode as string | undefined;
  if (mode === undefined || mode === "aucun") return {};
  return { geocodeUrl: (values["geocode-url"] as string | undefined) ?? DEFAULT_BAN_URL };
}

export const ingestCommand: Command = {
  summary:
    "importe un export (Actions, Collectifs) et les tableaux de suivi (actions agréées, visites de terrain, bonnes pratiques) dans la base ; un export refusé n'écrit rien",
  options: {
    db: { ...DB_OPTION, help: `${DB_HELP}, créée au premier import accepté` },
    mapping: MAPPING_OPTION,
    geocode: {
      choices: ["ban", "aucun"],
      help: "« ban » : géocode une fois les adresses des lieux sans coordonnées par la Base Adresse Nationale (aucune par défaut)",
    },
    "geocode-url": {
      value: "URL",
      help: "l'adresse du service de géocodage (https://data.geopf.fr/geocodage par défaut)",
    },
  },
  arguments: "FICHIER...",
  run: (values, positionals, effects) =>
    guarded(effects, async () => {
      if (positionals.length === 0) {
        effects.stderr(
          "ingest : aucun fichier donné (ex. clas ingest actions.csv collectifs.csv)\n",
        );
        return 2;
      }
      const geocode = geocodeOption(values);
      return ingest(
        positionals,
        (values.db as string) ?? DEFAULT_DB,
        list(values.mapping),
        effects,
        geocode,
      );
    }),
};

export const checkCommand: Command = {
  summary:
    "vérifie un export sans rien écrire : lignes rejetées et pourquoi, avertissements, conformité",
  options: {
    format: {
      choices: ["text", "json"],
      default: "text",
      help: "text (par défaut) pour une personne, json pour un programme",
    },
    mapping: MAPPING_OPTION,
  },
  arguments: "FICHIER...",
  run: (values, positionals, effects) =>
    guarded(effects, async () => {
      const format = values.format as string;
      if (positionals.length === 0) {
        effects.stderr("check : aucun fichier donné\n");
        return 2;
      }
      const context = await loadContext({ mappings: list(values.mapping) });
      const referentiel = await loadReferentiel();
      // the ingest itself, into a database of its own thrown away: the same
      // verdicts, and memory bounded whatever the export's size; its files in
      // the warehouse's temporary folder, removed whatever happens
      const root = tempRoot(DEFAULT_DB);
      effects.stderr(describeLeftovers(removeLeftovers(root, false)));
      const work = createWorkDir(root, "check");
      let result;
      try {
        const prepared = await prepareIngest(
          nodeFiles,
          positionals,
          work.path,
          context,
          undefined,
          scanOnThread,
        );
        if (isLarge(prepared)) keepHeapSmall();
        const warehouse = await openWarehouse(path.join(work.path, "verification.duckdb"), {
          create: true,
        });
        try {
          result = await storeIngest(warehouse.engine, prepared, context, {
            now: effects.now(),
            referentiel,
            keep: Infinity,
          });
        } finally {
          warehouse.close();
        }
      } finally {
        work.remove();
      }
      effects.stdout(format === "json" ? checkJson(result) + "\n" : textReport(result));
      return 0;
    }),
};
