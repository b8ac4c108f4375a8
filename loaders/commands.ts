// The CLI's commands; effects (output, clock) are passed in so tests run them silently.
import { readdirSync } from "node:fs";
import path from "node:path";
import type { ParseArgsConfig } from "node:util";
import { ExportRefusedError } from "./export/batch.js";
import { MappingError } from "./export/mapping.js";
import { GeoDataError, readDepartements } from "./geo/load.js";
import { loadContext, loadReferentiel, PROJECT_ROOT, readExport } from "./pipeline.js";
import { ReferentielError, type SeuilsRow } from "./referentiel/seuils.js";
import { checkJson, textReport } from "./report.js";
import { buildSite, DEFAULT_SITE_OUT } from "./site/build.js";
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

/** The example export shipped with the tests, ingested when data/exports/ holds nothing. */
export const EXAMPLE_EXPORT = ["actions.csv", "collectifs.csv"].map((f) =>
  path.join(PROJECT_ROOT, "test/fixtures/exemple", f),
);
export const USER_EXPORTS = "data/exports";

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
      error instanceof ReferentielError
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

async function ingest(
  paths: string[],
  db: string,
  mappings: string[],
  effects: Effects,
): Promise<number> {
  const context = await loadContext({ mappings });
  const referentiel = await loadReferentiel();
  const batch = await readExport(paths, context);
  const warehouse = await openWarehouse(db, { create: true });
  effects.stderr(`écriture dans ${db}…\n`);
  try {
    await storeBatch(warehouse.connection, batch, { now: effects.now(), referentiel });
  } finally {
    warehouse.close();
  }
  effects.stdout(textReport(batch, { limit: 20 }));
  const slices = batch.slices.map((s) => `${s.campagne}/${s.departement}`);
  effects.stdout(
    `\nBase ${db} : ${slices.length} tranche(s) (campagne/département) remplacée(s)${slices.length ? ` : ${slices.join(", ")}` : ""}\n`,
  );
  return 0;
}

const ingestCommand: Command = {
  options: { db: { type: "string" }, mapping: { type: "string", multiple: true } },
  run: (values, positionals, effects) =>
    guarded(effects, async () => {
      if (positionals.length === 0) {
        effects.stderr(
          "ingest : aucun fichier donné (ex. clas ingest actions.csv collectifs.csv)\n",
        );
        return 2;
      }
      return ingest(
        positionals,
        (values.db as string) ?? DEFAULT_DB,
        list(values.mapping),
        effects,
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

function userExports(): string[] {
  try {
    return readdirSync(USER_EXPORTS)
      .filter((f) => /\.(csv|txt|tsv|xlsx)$/i.test(f))
      .sort()
      .map((f) => path.join(USER_EXPORTS, f));
  } catch {
    return [];
  }
}

const mainCommand: Command = {
  options: { db: { type: "string" } },
  run: (values, _positionals, effects) =>
    guarded(effects, async () => {
      const own = userExports();
      const files = own.length > 0 ? own : EXAMPLE_EXPORT;
      effects.stdout(
        own.length > 0
          ? `Import des exports de ${USER_EXPORTS}/ :\n`
          : `Aucun export dans ${USER_EXPORTS}/ : import de l'export d'exemple.\n`,
      );
      return ingest(files, (values.db as string) ?? DEFAULT_DB, [], effects);
    }),
};

const buildCommand: Command = {
  options: { out: { type: "string" } },
  run: async (values, _positionals, effects) => {
    const out = await buildSite((values.out as string) ?? DEFAULT_SITE_OUT);
    effects.stdout(`Site construit dans ${out}\n`);
    return 0;
  },
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
  build: buildCommand,
  indicators: indicatorsCommand,
  explain: explainCommand,
  rules: rulesCommand,
  ingest: ingestCommand,
  check: checkCommand,
  main: mainCommand,
};
