// What every command shares: effects passed in, the command shape, the errors a user can act on.
import type { ParseArgsConfig } from "node:util";
import { ExportRefusedError } from "../export/batch.js";
import { MappingError } from "../export/mapping.js";
import { GeoDataError } from "../geo/load.js";
import { ReferentielError } from "../referentiel/seuils.js";
import { SiteBuildError } from "../site/build.js";
import { WarehouseError } from "../warehouse/db.js";

export interface Effects {
  stdout(text: string): void;
  stderr(text: string): void;
  now(): Date;
}

export type Values = Record<string, string | string[] | boolean | undefined>;

export interface Command {
  options: NonNullable<ParseArgsConfig["options"]>;
  run(values: Values, positionals: string[], effects: Effects): Promise<number>;
}

/** Errors a user can act on are one line on stderr and a non-zero status; others are bugs. */
export async function guarded(effects: Effects, body: () => Promise<number>): Promise<number> {
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

export function list(v: string | string[] | boolean | undefined): string[] {
  return v === undefined || typeof v === "boolean" ? [] : Array.isArray(v) ? v : [v];
}
