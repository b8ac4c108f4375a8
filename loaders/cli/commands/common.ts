// What every command shares: effects passed in, the command shape, the errors a user can act on.
import type { ParseArgsConfig } from "node:util";
import type { Progress } from "../progress.js";
import { ExportRefusedError } from "../../export/batch.js";
import { MappingError } from "../../export/mapping.js";
import { GeoDataError } from "../../geo/load.js";
import { ReferentielError } from "../../referentiel/seuils.js";
import { SiteBuildError } from "../../site/build.js";
import { WarehouseError } from "../../warehouse/db.js";

export interface Effects {
  stdout(text: string): void;
  stderr(text: string): void;
  now(): Date;
  /** The progress bar of long work (on a terminal only; none in tests). */
  progress?: Progress;
}

/** What `--db FICHIER` means for every command that reads or writes the database. */
export const DB_HELP = "la base de données (data/clas.duckdb par défaut)";

export const DB_OPTION: Option = { value: "FICHIER", help: DB_HELP };

export const MAPPING_OPTION: Option = {
  value: "FICHIER",
  multiple: true,
  help: "un fichier de correspondances d'en-têtes (voir le README) ; plusieurs possibles",
};

export type Values = Record<string, string | string[] | boolean | undefined>;

/**
 * An option of a command, declared once: the parser's options, the usage line
 * and `clas <command> --help` derive from it (cli/help.ts), and its values are
 * checked before the command runs.
 */
export interface Option {
  /** What it does, in French. */
  help: string;
  /** What its value is, as the usage shows it (`FICHIER`, `AAAA-AAAA`); none for a switch. */
  value?: string;
  /** The values it takes (`json`, `csv`): any other is refused before the command runs. */
  choices?: readonly string[];
  default?: string;
  /** Given several times (`--mapping A --mapping B`). */
  multiple?: boolean;
  /** Not optional: shown without brackets on the usage line. */
  required?: boolean;
}

export interface Command {
  /** What it does, in one line of French. */
  summary: string;
  options: Record<string, Option>;
  /** What follows the options on the usage line (`FICHIER...`). */
  arguments?: string;
  run(values: Values, positionals: string[], effects: Effects): Promise<number>;
}

/** The parser's options of a command (node:util parseArgs). */
export function parserOptions(command: Command): NonNullable<ParseArgsConfig["options"]> {
  return Object.fromEntries(
    Object.entries(command.options).map(([name, o]) => [
      name,
      {
        type: o.value || o.choices ? ("string" as const) : ("boolean" as const),
        ...(o.default !== undefined ? { default: o.default } : {}),
        ...(o.multiple ? { multiple: true } : {}),
      },
    ]),
  );
}

/** The first value given to an option outside its choices, as a French message; null when none. */
export function refusedChoice(command: Command, values: Values): string | null {
  for (const [name, o] of Object.entries(command.options)) {
    if (!o.choices) continue;
    const given = values[name];
    for (const v of Array.isArray(given) ? given : given === undefined ? [] : [given])
      if (typeof v === "string" && !o.choices.includes(v))
        return `--${name} « ${v} » inattendu : attendu ${o.choices.join(" ou ")}`;
  }
  return null;
}

/**
 * What the system or DuckDB said (in English) of a file it could not write
 * or read, in French, with what to do; null when the error is not of that kind.
 */
export function systemProblem(error: unknown): string | null {
  const e = error as NodeJS.ErrnoException;
  const message = e.message ?? "";
  const file = e.path ?? /"([^"]+)"/.exec(message)?.[1] ?? /'(\/[^']+)'/.exec(message)?.[1];
  const where = file ? ` (${file})` : "";
  if (
    e.code === "ENOSPC" ||
    /no space left on device|disk is full|not enough space/i.test(message)
  ) {
    return `espace disque insuffisant${where} : libérer de la place sur ce disque, puis relancer ; la base de données est restée telle qu'elle était`;
  }
  if (
    e.code === "EACCES" ||
    e.code === "EPERM" ||
    e.code === "EROFS" ||
    /permission denied|read-only file system|operation not permitted/i.test(message)
  ) {
    return `écriture ou lecture refusée${where} : droits insuffisants, fichier protégé (chattr +i) ou disque en lecture seule ; vérifier les droits du dossier et du fichier, ou choisir un autre emplacement (--db) ; la base de données est restée telle qu'elle était`;
  }
  if (
    /not a valid duckdb database|corrupt|checksum|serialization error|database file .* is|wal file/i.test(
      message,
    )
  ) {
    return `base de données endommagée ou illisible${where} : la restaurer depuis une copie, ou la supprimer et réimporter les exports (clas ingest)`;
  }
  if (e.code === "EIO" || /input\/output error/i.test(message)) {
    return `erreur de lecture ou d'écriture du disque${where} : vérifier le disque, puis relancer`;
  }
  return null;
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
    const problem = systemProblem(error);
    if (problem) {
      effects.stderr(`${problem}\n`);
      return 1;
    }
    // a bug: one French line, the detail on request
    effects.stderr(
      `erreur interne inattendue (${(error as Error).message?.split("\n")[0] ?? String(error)}) : la base de données n'a pas été modifiée ; merci de signaler ce message (CLAS_DEBUG=1 pour le détail)\n`,
    );
    if (process.env.CLAS_DEBUG) effects.stderr(`${(error as Error).stack ?? ""}\n`);
    return 1;
  }
}

export function list(v: string | string[] | boolean | undefined): string[] {
  return v === undefined || typeof v === "boolean" ? [] : Array.isArray(v) ? v : [v];
}
