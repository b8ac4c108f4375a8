// The files of one ingest to one batch: tables recognised, both present, rows
// validated, keys claimed across files, collectifs linked to their actions.
import { FileRefusedError } from "../read/errors.js";
import type { SourceTable } from "../read/source.js";
import type { TableName } from "./fields.js";
import { readHeader, type TableLayout } from "./header.js";
import type {
  AcceptedRow,
  Batch,
  FileSummary,
  Problem,
  RejectedRow,
  RowIssue,
  Slice,
} from "./types.js";
import { validateRecord, type ValidatedRow, type ValidationContext } from "./validate.js";

/** One or more files refused whole: nothing of the ingest is stored. */
export class ExportRefusedError extends Error {
  constructor(readonly reasons: { file: string; reasons: string[] }[]) {
    super(reasons.map((r) => `${r.file} : ${r.reasons.join(" ; ")}`).join("\n"));
    this.name = "ExportRefusedError";
  }
}

export interface ReadFile {
  file: string;
  /** SHA-256 of the bytes, hex. */
  hash: string;
  /** The file's tables, or why it could not be read. */
  tables: SourceTable[] | FileRefusedError;
}

interface Located {
  source: SourceTable;
  layout: TableLayout;
}

interface Claim {
  file: string;
  row: number;
  accepted: boolean;
}

function locateTables(
  files: ReadFile[],
  ctx: ValidationContext,
  fileWarnings: RowIssue[],
): Located[] {
  const refused: { file: string; reasons: string[] }[] = [];
  const located: Located[] = [];
  for (const { file, tables } of files) {
    if (tables instanceof FileRefusedError) {
      refused.push({ file, reasons: tables.reasons });
      continue;
    }
    const reasons: string[] = [];
    const found: Located[] = [];
    for (const source of tables) {
      const result = readHeader(source, ctx.mapping);
      if ("layout" in result) found.push({ source, layout: result.layout });
      else if ("errors" in result)
        reasons.push(
          ...result.errors.map((e) => (source.sheet ? `feuille « ${source.sheet} » : ${e}` : e)),
        );
      else if (source.sheet !== null && source.header !== null) {
        fileWarnings.push(
          fileIssue(
            source,
            null,
            `feuille « ${source.sheet} » ignorée : ni table Actions (colonne SIRET) ni table Collectifs (colonne N° collectif)`,
          ),
        );
      }
    }
    if (found.length === 0 && reasons.length === 0) {
      reasons.push(
        tables.every((t) => t.header === null)
          ? "aucune ligne d'en-tête : le fichier ne contient aucune donnée"
          : "table non reconnue : l'en-tête doit contenir « SIRET » (table Actions) ou « N° collectif » (table Collectifs)",
      );
    }
    if (reasons.length > 0) refused.push({ file, reasons });
    else located.push(...found);
  }
  if (refused.length === 0) {
    for (const table of ["Actions", "Collectifs"] as TableName[]) {
      if (!located.some((l) => l.layout.table === table)) {
        refused.push({
          file: files.map((f) => f.file).join(", "),
          reasons: [
            `table ${table} absente : un import doit contenir les deux tables, Actions et Collectifs`,
          ],
        });
      }
    }
  }
  if (refused.length > 0) throw new ExportRefusedError(refused);
  return located;
}

function fileIssue(
  source: SourceTable,
  table: TableName | null,
  message: string,
  column = "(en-tête)",
  value = "",
): RowIssue {
  return {
    file: source.file,
    table,
    row: source.header?.row ?? 1,
    campagne: null,
    departement: null,
    key: null,
    problems: [{ column, value, message }],
  };
}

function keyText(row: ValidatedRow, table: TableName): string | null {
  const action = row.cells.id_action ?? "";
  if (table === "Actions") return action === "" ? null : action;
  const collectif = row.cells.id_collectif ?? "";
  return action === "" && collectif === "" ? null : `${action}/${collectif}`;
}

function stringOrNull(v: unknown): string | null {
  return typeof v === "string" && v !== "" ? v : null;
}

export function validateExport(files: ReadFile[], ctx: ValidationContext): Batch {
  const fileWarnings: RowIssue[] = [];
  const located = locateTables(files, ctx, fileWarnings);
  const batch: Batch = {
    files: [],
    actions: [],
    collectifs: [],
    rejects: [],
    warnings: fileWarnings,
    slices: [],
  };
  const slices = new Map<string, Slice>();
  const claims: Record<TableName, Map<string, Claim>> = {
    Actions: new Map(),
    Collectifs: new Map(),
  };
  // actions first, so that collectifs of any file find their action
  const ordered = [...located].sort((a, b) =>
    a.layout.table === b.layout.table ? 0 : a.layout.table === "Actions" ? -1 : 1,
  );
  const hashes = new Map(files.map((f) => [f.file, f.hash]));
  for (const { source, layout } of ordered) {
    const table = layout.table;
    const file = source.file;
    const summary: FileSummary = {
      file,
      hash: hashes.get(file) ?? "",
      sheet: source.sheet,
      table,
      encoding: source.encoding,
      delimiter: source.delimiter,
      rows: source.records.length,
      accepted: 0,
      rejected: 0,
      warnings: 0,
    };
    if (layout.unknown.length > 0) {
      batch.warnings.push(
        fileIssue(
          source,
          table,
          `colonne${layout.unknown.length > 1 ? "s" : ""} inconnue${layout.unknown.length > 1 ? "s" : ""} ignorée${layout.unknown.length > 1 ? "s" : ""}`,
          "(en-tête)",
          layout.unknown.join(" | "),
        ),
      );
      summary.warnings++;
    }
    if (source.records.length === 0) {
      batch.warnings.push(fileIssue(source, table, "aucune ligne de données sous l'en-tête"));
      summary.warnings++;
    }
    for (const record of source.records) {
      const row = validateRecord(record, layout, ctx);
      const campagne = stringOrNull(row.values.campagne);
      const departement = stringOrNull(row.values.departement);
      const idAction = stringOrNull(row.values.id_action);
      if (campagne && departement)
        slices.set(`${campagne}|${departement}`, { campagne, departement });
      const extra: Problem[] = [];
      let key: string | null = null;
      if (campagne && departement && idAction) {
        key = `${campagne}|${departement}|${idAction}`;
        if (table === "Collectifs") {
          const action = claims.Actions.get(key);
          if (!action) {
            extra.push({
              column:
                row.cells.id_action !== undefined
                  ? (layout.headerOf.get("id_action") ?? "N° dossier")
                  : "N° dossier",
              value: idAction,
              message: `action inconnue : aucune action ${idAction} de la campagne ${campagne} dans le département ${departement} dans cet import`,
            });
          } else if (!action.accepted) {
            extra.push({
              column: layout.headerOf.get("id_action") ?? "N° dossier",
              value: idAction,
              message: `action rejetée : l'action ${idAction} (ligne ${action.row} de ${action.file}) a été rejetée, ses collectifs ne peuvent pas être retenus`,
            });
          }
          const idCollectif = stringOrNull(row.values.id_collectif);
          key = idCollectif ? `${key}|${idCollectif}` : null;
        }
      }
      const claimed = key ? claims[table].get(key) : undefined;
      if (claimed) {
        extra.push({
          column: layout.headerOf.get(table === "Actions" ? "id_action" : "id_collectif")!,
          value: keyText(row, table) ?? "",
          message: `doublon : ${table === "Actions" ? "cette action" : "ce collectif"} a déjà été lu${table === "Actions" ? "e" : ""} ligne ${claimed.row} de ${claimed.file} (même campagne, département et numéro)`,
        });
      }
      const problems = [...row.problems, ...extra];
      const accepted = problems.length === 0;
      if (key && !claimed) claims[table].set(key, { file, row: row.row, accepted });
      const issue = { file, table, row: row.row, campagne, departement, key: keyText(row, table) };
      if (row.warnings.length > 0) {
        batch.warnings.push({ ...issue, problems: row.warnings });
        summary.warnings += row.warnings.length;
      }
      if (accepted) {
        const target: AcceptedRow[] = table === "Actions" ? batch.actions : batch.collectifs;
        target.push({ file, table, row: row.row, values: row.values, personal: row.personal });
        summary.accepted++;
      } else {
        const reject: RejectedRow = {
          ...issue,
          problems,
          cells: row.cells,
          personal: row.personal,
        };
        batch.rejects.push(reject);
        summary.rejected++;
      }
    }
    batch.files.push(summary);
  }
  batch.slices = [...slices.values()].sort((a, b) =>
    a.campagne === b.campagne
      ? a.departement.localeCompare(b.departement)
      : a.campagne.localeCompare(b.campagne),
  );
  return batch;
}
