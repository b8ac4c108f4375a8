// The reference of the ingest, in test/ only: the whole-file path of the
// export format, in plain JavaScript — each file read whole by the format's
// reader, every row validated and claimed one by one — with none of the
// ingest's byte scan, SQL typing or SQL claims. The property tests hold the
// ingest's outcome equal to this one's.
import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import {
  claimProblems,
  inReadingOrder,
  layoutWarnings,
  locateTables,
  rowOutcome,
  stringOrNull,
  type ClaimFacts,
  type ReadFile,
} from "../../loaders/export/batch.js";
import { TABLE_ORDER, TABLES, type TableName } from "../../loaders/export/fields.js";
import type {
  AcceptedRow,
  Batch,
  FileSummary,
  RowIssue,
  SideSlice,
  Slice,
} from "../../loaders/export/types.js";
import { PERSONAL_FIELDS, STORED_FIELDS } from "../../loaders/warehouse/schema.js";
import { validateRecord, type ValidationContext } from "../../loaders/export/validate.js";
import { unreadable } from "../../loaders/ingest/inputs.js";
import { tooLargeWorkbook } from "../../loaders/ingest/tables.js";
import { FileRefusedError } from "../../loaders/read/errors.js";
import { parseCsv, sepLine } from "../../loaders/read/csv.js";
import { decodeText } from "../../loaders/read/encoding.js";
import { MAGIC, notAnExport, startsWith } from "../../loaders/read/file.js";
import type { SourceTable } from "../../loaders/read/source.js";
import { readWorkbookRows } from "../../loaders/read/workbook.js";

interface Claim {
  file: string;
  row: number;
  accepted: boolean;
}

/** Files the whole-file path reads at most (the streamed ingest reads CSV files of any size). */
export const MAX_WHOLE_FILE = 64 * 1024 * 1024;

/** One file's bytes to its tables, or why they cannot be read. */
export async function readWhole(file: string, bytes: Uint8Array, hash: string): Promise<ReadFile> {
  try {
    return { file, hash, tables: await readExportFile(file, bytes) };
  } catch (error) {
    if (!(error instanceof FileRefusedError)) throw error;
    return { file, hash, tables: error };
  }
}

export async function readFiles(paths: string[]): Promise<ReadFile[]> {
  const seen = new Set<string>();
  const files: ReadFile[] = [];
  for (const file of paths) {
    let bytes: Uint8Array;
    try {
      const size = statSync(file).size;
      if (size > MAX_WHOLE_FILE && statSync(file).isFile()) {
        files.push({
          file,
          hash: "",
          tables: new FileRefusedError(file, [tooLargeWorkbook(size)]),
        });
        continue;
      }
      bytes = await readFile(file);
    } catch (error) {
      files.push({ file, hash: "", tables: new FileRefusedError(file, [unreadable(error)]) });
      continue;
    }
    const hash = createHash("sha256").update(bytes).digest("hex");
    if (seen.has(hash)) continue; // the same content given twice is read once
    seen.add(hash);
    files.push(await readWhole(file, bytes, hash));
  }
  return files;
}

/** Reads and validates the files of one ingest; throws ExportRefusedError when one cannot be read. */
export async function referenceExport(paths: string[], context: ValidationContext): Promise<Batch> {
  return validateExport(await readFiles(paths), context);
}

export function validateExport(files: ReadFile[], ctx: ValidationContext): Batch {
  const fileWarnings: RowIssue[] = [];
  const located = locateTables(files, ctx, fileWarnings);
  const batch: Batch = {
    files: [],
    actions: [],
    collectifs: [],
    agrements: [],
    visites: [],
    pratiques: [],
    rejects: [],
    warnings: fileWarnings,
    slices: [],
    listSlices: [],
  };
  const slices = new Map<string, Slice>();
  const listSlices = new Map<string, SideSlice>();
  const claims: Record<TableName, Map<string, Claim>> = {
    Actions: new Map(),
    Collectifs: new Map(),
    Agréments: new Map(),
    Visites: new Map(),
    Pratiques: new Map(),
  };
  const ordered = inReadingOrder(located);
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
    const notes = layoutWarnings(source, layout, source.records.length);
    batch.warnings.push(...notes);
    summary.warnings += notes.length;
    for (const record of source.records) {
      const row = validateRecord(record, layout, ctx);
      const campagne = stringOrNull(row.values.campagne);
      const departement = stringOrNull(row.values.departement);
      const idAction = stringOrNull(row.values.id_action);
      if (campagne && departement) {
        if (TABLES[table].liste)
          listSlices.set(`${table}|${campagne}|${departement}`, { table, campagne, departement });
        else slices.set(`${campagne}|${departement}`, { campagne, departement });
      }
      const facts: ClaimFacts = {};
      let key: string | null = null;
      if (table === "Visites" || table === "Pratiques") {
        // the key of spec/suivi.md: N° dossier and date, or the practice's identifier
        const parts = TABLES[table].key.map((f) => stringOrNull(row.values[f]));
        key = parts.every((p) => p !== null) ? parts.join("|") : null;
      } else if (campagne && departement && idAction) {
        key = `${campagne}|${departement}|${idAction}`;
        if (table === "Collectifs") {
          const action = claims.Actions.get(key);
          facts.action = !action
            ? { state: "inconnue" }
            : action.accepted
              ? { state: "acceptee" }
              : { state: "rejetee", file: action.file, row: action.row };
          const idCollectif = stringOrNull(row.values.id_collectif);
          key = idCollectif ? `${key}|${idCollectif}` : null;
        }
      }
      const claimed = key ? claims[table].get(key) : undefined;
      if (claimed) facts.duplicateOf = { file: claimed.file, row: claimed.row };
      const extra = claimProblems(row, layout, facts);
      const outcome = rowOutcome(file, layout, row, extra);
      if (key && !claimed) {
        claims[table].set(key, { file, row: row.row, accepted: outcome.accepted !== null });
      }
      if (outcome.warning) {
        batch.warnings.push(outcome.warning);
        summary.warnings += row.warnings.length;
      }
      if (outcome.accepted) {
        batch[TABLES[table].stored].push(outcome.accepted);
        summary.accepted++;
      } else {
        batch.rejects.push(outcome.reject!);
        summary.rejected++;
      }
    }
    batch.files.push(summary);
  }
  const sorted = <S extends Slice>(m: Map<string, S>) =>
    [...m.values()].sort((a, b) =>
      a.campagne === b.campagne
        ? a.departement.localeCompare(b.departement)
        : a.campagne.localeCompare(b.campagne),
    );
  batch.slices = sorted(slices);
  const side = (s: SideSlice) => TABLE_ORDER.indexOf(s.table);
  batch.listSlices = sorted(listSlices).sort((a, b) => side(a) - side(b));
  return batch;
}

/** A batch as both sides hold it: accepted rows with their stored fields, personal cells given. */
export function comparable(batch: Batch) {
  const rows = (list: AcceptedRow[], table: keyof typeof STORED_FIELDS) =>
    list.map((r) => ({
      file: r.file,
      row: r.row,
      values: Object.fromEntries(
        STORED_FIELDS[table].map((f) => [f.name, r.values[f.name] ?? null]),
      ),
      personal: Object.fromEntries(
        table === "actions" ? PERSONAL_FIELDS.map((f) => [f.name, r.personal[f.name] || null]) : [],
      ),
    }));
  return {
    ...batch,
    files: batch.files.map((f) => ({ ...f, hash: f.hash.length })),
    actions: rows(batch.actions, "actions"),
    collectifs: rows(batch.collectifs, "collectifs"),
    agrements: rows(batch.agrements, "agrements"),
    visites: rows(batch.visites, "visites"),
    pratiques: rows(batch.pratiques, "pratiques"),
  };
}

/** Every sheet of a workbook, whole: the first non-blank row of a sheet is its header. */
async function readWorkbook(bytes: Uint8Array, file: string): Promise<SourceTable[]> {
  const tables: SourceTable[] = [];
  await readWorkbookRows(bytes, file, {
    sheet(name) {
      const table: SourceTable = {
        file,
        sheet: name,
        encoding: null,
        delimiter: null,
        header: null,
        records: [],
      };
      tables.push(table);
      return (record) => {
        if (table.header === null) table.header = record;
        else table.records.push(record);
      };
    },
  });
  return tables;
}

/**
 * Bytes of one file to its tables, whatever its name says: a zip is a
 * workbook, anything else must be CSV text. No file system here.
 */
export async function readExportFile(file: string, bytes: Uint8Array): Promise<SourceTable[]> {
  if (startsWith(bytes, MAGIC.zip)) return readWorkbook(bytes, file);
  const other = notAnExport(bytes);
  if (other) throw new FileRefusedError(file, [other]);
  const { text, encoding, note } = decodeText(bytes, file);
  const sep = sepLine(text);
  if (sep && "error" in sep) throw new FileRefusedError(file, [sep.error]);
  const { delimiter, header, records } = parseCsv(text);
  const table: SourceTable = { file, sheet: null, encoding, delimiter, header, records };
  if (note) table.note = note;
  return [table];
}
