// What the ingest decides of the files and rows of one export, whatever reads
// them: tables recognised, both present, keys claimed across files,
// collectifs linked to their actions, each row accepted or rejected.
import { FileRefusedError } from "../read/errors.js";
import type { SourceTable } from "../read/source.js";
import { TABLE_ORDER, TABLES, type TableName } from "./fields.js";
import { readHeader, type TableLayout } from "./header.js";
import type { AcceptedRow, Problem, RejectedRow, RowIssue } from "./types.js";
import type { ValidatedRow, ValidationContext } from "./validate.js";

/** One or more files refused whole: nothing of the ingest is stored. */
export class ExportRefusedError extends Error {
  constructor(readonly reasons: { file: string; reasons: string[] }[]) {
    super(reasons.map((r) => `${r.file} : ${r.reasons.join(" ; ")}`).join("\n"));
    this.name = "ExportRefusedError";
  }
}

/** How a table is recognised, in French (fields.ts's TABLE_MARKER). */
const RECOGNISED =
  "« SIRET » (table Actions) ou « N° collectif » (table Collectifs) ; pour les tableaux de suivi, « Montant agréé » (Agréments), « Date de la visite » (Visites) ou « Titre de la pratique » (Pratiques)";

export interface ReadFile {
  file: string;
  /** SHA-256 of the bytes, hex. */
  hash: string;
  /** The file's tables, or why it could not be read. */
  tables: SourceTable[] | FileRefusedError;
}

export interface Located {
  source: SourceTable;
  layout: TableLayout;
}

export function locateTables(
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
            `feuille « ${source.sheet} » ignorée : aucune table du format (${RECOGNISED})`,
          ),
        );
      }
    }
    if (found.length === 0 && reasons.length === 0) {
      reasons.push(
        tables.every((t) => t.header === null)
          ? "aucune ligne d'en-tête : le fichier ne contient aucune donnée"
          : `table non reconnue : l'en-tête doit contenir ${RECOGNISED}`,
      );
    }
    // the likely cause of what is wrong with the headers, or a warning on an accepted file
    const notes = tables.flatMap((t) => (t.note ? [{ source: t, note: t.note }] : []));
    if (reasons.length > 0)
      refused.push({ file, reasons: [...reasons, ...notes.map((n) => n.note)] });
    else {
      located.push(...found);
      for (const n of notes) fileWarnings.push(fileIssue(n.source, null, n.note, "(fichier)"));
    }
  }
  // the export's two tables go together; the list of agreed actions may come alone
  const exportTables = located.some((l) => !TABLES[l.layout.table].liste);
  if (refused.length === 0 && (exportTables || located.length === 0)) {
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

export function fileIssue(
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

export function keyText(row: ValidatedRow, table: TableName): string | null {
  const action = row.cells.id_action ?? "";
  if (table === "Pratiques") return stringOrNull(row.values.id_pratique);
  if (table === "Visites") {
    // « N° dossier date », the date as AAAA-MM-JJ; null when a part is empty or invalid
    const date = row.values.date_visite;
    // a date outside the campagne was set to null by its check (cross-fields.ts)
    return action === "" || typeof date !== "string" ? null : `${action} ${date}`;
  }
  if (table !== "Collectifs") return action === "" ? null : action;
  const collectif = row.cells.id_collectif ?? "";
  return action === "" && collectif === "" ? null : `${action}/${collectif}`;
}

/** keyText's SQL twin, over a table's typed rows: its ids as written, a visit's date typed. */
export function keyTextSql(table: TableName): string {
  if (table === "Pratiques") return "id_pratique";
  if (table === "Visites")
    return "CASE WHEN id_action IS NULL OR date_visite IS NULL THEN NULL ELSE id_action || ' ' || CAST(date_visite AS VARCHAR) END";
  if (table !== "Collectifs") return "id_action";
  return "CASE WHEN id_action IS NULL AND id_collectif IS NULL THEN NULL ELSE coalesce(id_action, '') || '/' || coalesce(id_collectif, '') END";
}

export function stringOrNull(v: unknown): string | null {
  return typeof v === "string" && v !== "" ? v : null;
}

/** Actions first, so that collectifs of any file find their action; files in the order given. */
export function inReadingOrder(located: Located[]): Located[] {
  const rank = (l: Located) => TABLE_ORDER.indexOf(l.layout.table);
  return [...located].sort((a, b) => rank(a) - rank(b));
}

/** Non-empty cells under each column whose header is empty, by column index. */
export function unheadedCells(source: SourceTable): Map<number, number> {
  const counts = new Map<number, number>();
  source.header?.cells.forEach((c, i) => {
    if (c === "") counts.set(i, 0);
  });
  for (const record of source.records) {
    for (const [c, n] of counts) {
      const cell = record.cells[c];
      if (cell !== undefined && cell !== "") counts.set(c, n + 1);
    }
  }
  return counts;
}

/** A table's own warnings: unknown columns ignored, columns without a header that hold data, no data row. */
export function layoutWarnings(
  source: SourceTable,
  layout: TableLayout,
  rows: number,
  unheaded: Map<number, number> = unheadedCells(source),
): RowIssue[] {
  const notes: RowIssue[] = [];
  const n = layout.unknown.length;
  if (n > 0) {
    const s = n > 1 ? "s" : "";
    notes.push(
      fileIssue(
        source,
        layout.table,
        `colonne${s} inconnue${s} ignorée${s}`,
        "(en-tête)",
        layout.unknown.join(" | "),
      ),
    );
  }
  for (const message of layout.lookalikes) notes.push(fileIssue(source, layout.table, message));
  for (const [c, n] of unheaded) {
    if (n === 0) continue;
    notes.push(
      fileIssue(
        source,
        layout.table,
        `colonne sans en-tête ignorée : elle contient des valeurs sur ${n} ligne${n > 1 ? "s" : ""} ; lui donner un en-tête du format (ou la supprimer si elle n'a rien à faire là)`,
        `(colonne ${c + 1})`,
      ),
    );
  }
  if (rows === 0)
    notes.push(fileIssue(source, layout.table, "aucune ligne de données sous l'en-tête"));
  return notes;
}

/** What the rows read before this one tell of it: its key already claimed, its action. */
export interface ClaimFacts {
  duplicateOf?: { file: string; row: number };
  /** A collectif's action: the first row with its key, accepted or rejected, or none. */
  action?:
    { state: "acceptee" } | { state: "inconnue" } | { state: "rejetee"; file: string; row: number };
}

/** The problems of a row that only the rows read before it reveal. */
export function claimProblems(
  row: ValidatedRow,
  layout: TableLayout,
  facts: ClaimFacts,
): Problem[] {
  const table = layout.table;
  const extra: Problem[] = [];
  const campagne = stringOrNull(row.values.campagne);
  const departement = stringOrNull(row.values.departement);
  const idAction = stringOrNull(row.values.id_action) ?? "";
  if (facts.action?.state === "inconnue") {
    extra.push({
      column:
        row.cells.id_action !== undefined
          ? (layout.headerOf.get("id_action") ?? "N° dossier")
          : "N° dossier",
      value: idAction,
      message: `action inconnue : aucune action ${idAction} de la campagne ${campagne} dans le département ${departement} dans cet import`,
    });
  } else if (facts.action?.state === "rejetee") {
    extra.push({
      column: layout.headerOf.get("id_action") ?? "N° dossier",
      value: idAction,
      message: `action rejetée : l'action ${idAction} (ligne ${facts.action.row} de ${facts.action.file}) a été rejetée, ses collectifs ne peuvent pas être retenus`,
    });
  }
  if (facts.duplicateOf) {
    const what = TABLES[table].what;
    const keyField = TABLES[table].key.at(-1)!;
    const same = {
      Visites: "même campagne, département, numéro et date",
      Pratiques: "même campagne, département et identifiant",
    }[table as string];
    extra.push({
      column: layout.headerOf.get(keyField) ?? keyField,
      value: keyText(row, table) ?? "",
      message: `doublon : ${what} a déjà été lu${what.startsWith("ce ") ? "" : "e"} ligne ${facts.duplicateOf.row} de ${facts.duplicateOf.file} (${same ?? "même campagne, département et numéro"})`,
    });
  }
  return extra;
}

/** Where a validated row goes, with the problems its claims add: accepted or rejected, and its warnings. */
export function rowOutcome(
  file: string,
  layout: TableLayout,
  row: ValidatedRow,
  extra: Problem[],
): { accepted: AcceptedRow | null; reject: RejectedRow | null; warning: RowIssue | null } {
  const table = layout.table;
  const problems = [...row.problems, ...extra];
  const issue = {
    file,
    table,
    row: row.row,
    campagne: stringOrNull(row.values.campagne),
    departement: stringOrNull(row.values.departement),
    key: keyText(row, table),
  };
  const warning = row.warnings.length > 0 ? { ...issue, problems: row.warnings } : null;
  if (problems.length === 0) {
    const accepted = { file, table, row: row.row, values: row.values, personal: row.personal };
    return { accepted, reject: null, warning };
  }
  const reject = { ...issue, problems, cells: row.cells, personal: row.personal };
  return { accepted: null, reject, warning };
}
