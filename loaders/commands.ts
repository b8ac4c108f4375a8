// The CLI's commands; effects (output, clock) are passed in so tests run them silently.
import { readdirSync } from "node:fs";
import path from "node:path";
import type { ParseArgsConfig } from "node:util";
import { ExportRefusedError } from "./export/batch.js";
import { MappingError } from "./export/mapping.js";
import { GeoDataError } from "./geo/load.js";
import { loadContext, loadReferentiel, PROJECT_ROOT, readExport } from "./pipeline.js";
import { ReferentielError } from "./referentiel/seuils.js";
import { checkJson, textReport } from "./report.js";
import { DEFAULT_DB, openWarehouse, WarehouseError } from "./warehouse/db.js";
import { buildSite, DEFAULT_SITE_OUT } from "./site/build.js";
import { storeBatch } from "./warehouse/store.js";

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
      error instanceof GeoDataError
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

export const commands: Record<string, Command> = {
  build: buildCommand,
  ingest: ingestCommand,
  check: checkCommand,
  main: mainCommand,
};
