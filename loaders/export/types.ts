import type { Delimiter } from "../read/csv.js";
import type { Encoding } from "../read/encoding.js";
import type { TableName } from "./fields.js";

/** A typed value of a field: text, integer, boolean, money in cents, decimal degrees, or missing. */
export type Value = string | number | boolean | bigint | null;

export interface Problem {
  /** The column's header as written in the file. */
  column: string;
  /** The raw value as read. */
  value: string;
  /** What is wrong and what was expected, in French. */
  message: string;
}

/** A row's problems (a rejected row) or its warnings; `row` is the spreadsheet row. */
export interface RowIssue {
  file: string;
  /** `null` for a warning about a sheet that is neither table. */
  table: TableName | null;
  row: number;
  campagne: string | null;
  departement: string | null;
  key: string | null;
  problems: Problem[];
}

export interface RejectedRow extends RowIssue {
  table: TableName;
  /** The row's non-personal cells as read, by field name. */
  cells: Record<string, string>;
  personal: Record<string, string | null>;
}

export interface AcceptedRow {
  file: string;
  table: TableName;
  row: number;
  values: Record<string, Value>;
  personal: Record<string, string | null>;
}

export interface FileSummary {
  file: string;
  /** SHA-256 of the file's bytes: the same content ingested again replaces its earlier record. */
  hash: string;
  sheet: string | null;
  table: TableName;
  encoding: Encoding | null;
  delimiter: Delimiter | null;
  rows: number;
  accepted: number;
  rejected: number;
  warnings: number;
}

export interface Slice {
  campagne: string;
  departement: string;
}

/** A side table's slice (spec/agrements.md, spec/suivi.md): it replaces that table's rows only. */
export interface SideSlice extends Slice {
  table: TableName;
}

/** Everything one ingest read: nothing lost, every row accepted or rejected. */
export interface Batch {
  files: FileSummary[];
  actions: AcceptedRow[];
  collectifs: AcceptedRow[];
  /** The list of agreed actions' rows (spec/agrements.md). */
  agrements: AcceptedRow[];
  /** Field visits and good practices (spec/suivi.md). */
  visites: AcceptedRow[];
  pratiques: AcceptedRow[];
  rejects: RejectedRow[];
  warnings: RowIssue[];
  /** The export's slices: their actions, collectifs, rejects and warnings are replaced. */
  slices: Slice[];
  /** The side tables' slices: each table's own rows (and rejects) in them are replaced. */
  listSlices: SideSlice[];
}
