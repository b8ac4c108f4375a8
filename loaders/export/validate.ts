// One record to typed values, problems (the row is rejected) and warnings
// (an optional value dropped). Pure: the commune list comes in as a reference.
// The checks across fields are cross-fields.ts's; what is masked, masking.ts's.
import type { CommuneReference } from "../geo/communes.js";
import { normalizeKey } from "../read/normalize.js";
import { isCellError, type Cell, type CellError, type SourceRecord } from "../read/source.js";
import {
  MASKED_CELLS,
  maskedCells,
  maskedPositions,
  maskPersonalLooking,
  PERSONAL_MASK,
  shown,
} from "./masking.js";
import { crossFieldChecks, DROPPED, type RowUnderCheck } from "./cross-fields.js";
import { TABLE_FIELDS, type FieldDef, type TableName } from "./fields.js";
import type { TableLayout } from "./header.js";
import type { Mapping } from "./mapping.js";
import type { Problem, Value } from "./types.js";
import { parseLatLon } from "./coordinates.js";
import { parseMoney } from "./money.js";
import { parseSiret } from "./siret.js";
import * as parse from "./values.js";

export interface ValidationContext {
  mapping: Mapping;
  communes: CommuneReference;
}

export interface ValidatedRow {
  row: number;
  values: Record<string, Value>;
  /** Non-personal cells as read, by field name. */
  cells: Record<string, string>;
  personal: Record<string, string | null>;
  problems: Problem[];
  warnings: Problem[];
}

/** Excel's day 0, from which its dates and times count. */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/**
 * A workbook cell as text: a date cell is its date (a time cell in a duration
 * column, its minutes); a number in a code column gets its leading zeros back;
 * a whole number computed by a formula (`3.0000000000000004`) is that number.
 */
export function cellText(cell: Exclude<Cell, CellError> | undefined, field: FieldDef): string {
  if (cell === undefined) return "";
  if (typeof cell === "string") return cell;
  if (typeof cell === "boolean") return cell ? "oui" : "non";
  if (cell instanceof Date) {
    if (field.kind === "minutes")
      return String(Math.round((cell.getTime() - EXCEL_EPOCH) / 60_000));
    return cell.toISOString().slice(0, 10);
  }
  if (
    (field.kind === "int" || field.kind === "minutes") &&
    Math.abs(cell - Math.round(cell)) < 1e-9
  ) {
    cell = Math.round(cell);
  }
  if (field.codeLength && Number.isInteger(cell) && cell >= 0) {
    return String(cell).padStart(field.codeLength, "0");
  }
  return String(cell);
}

function listOf(values: readonly string[]): string {
  return values.join(" · ");
}

function matchEnum(text: string, field: FieldDef, mapping: Mapping): string | undefined {
  const key = normalizeKey(text);
  const canonical = field.values!.find((v) => normalizeKey(v) === key);
  if (canonical) return canonical;
  const alias = mapping.values.get(field.name)?.get(key);
  return alias !== undefined
    ? field.values!.find((v) => normalizeKey(v) === normalizeKey(alias))
    : undefined;
}

function matchBoolean(text: string, field: FieldDef, mapping: Mapping): boolean | undefined {
  const key = normalizeKey(text);
  const direct = parse.parseBoolean(key);
  if (direct !== undefined) return direct;
  const alias = mapping.values.get(field.name)?.get(key) ?? mapping.values.get("bool")?.get(key);
  return alias !== undefined ? parse.parseBoolean(normalizeKey(alias)) : undefined;
}

type FieldOutcome = parse.Parsed<Value>;

/** A free text (`maxLength`): line breaks written as one `\n` whatever the file used; its length in code points. */
function parseText(text: string, field: FieldDef): FieldOutcome {
  if (field.maxLength === undefined) return { value: text };
  const value = text.replace(/\r\n?/g, "\n");
  const length = [...value].length;
  return length <= field.maxLength
    ? { value }
    : { error: `texte de ${length} caractères : au plus ${field.maxLength} attendus` };
}

/** The separators of a list cell (spec/suivi.md). */
export const LIST_SEPARATORS = /[|,]/;

/**
 * A list cell to its values, each normalised as an enumerated value, the same
 * value once, in the enumeration's order, joined by `|`; a cell of separators
 * only is empty. One unknown value makes the cell invalid.
 */
function parseList(text: string, field: FieldDef, mapping: Mapping): FieldOutcome {
  const items = text
    .split(LIST_SEPARATORS)
    .map((t) => t.trim())
    .filter((t) => t !== "");
  if (items.length === 0)
    return field.required ? { error: "valeur obligatoire manquante" } : { value: null };
  const found = new Set<string>();
  for (const item of items) {
    const value = matchEnum(item, field, mapping);
    if (value === undefined)
      return {
        error: `valeur inattendue dans la liste : « ${item} » ; attendu ${listOf(field.values!)}, séparées par | ou ,`,
      };
    found.add(value);
  }
  return { value: field.values!.filter((v) => found.has(v)).join("|") };
}

/** One non-empty cell of a field to its typed value, or why not: the rows of a file repeat few values. */
export function parseField(text: string, field: FieldDef, ctx: ValidationContext): FieldOutcome {
  switch (field.kind) {
    case "campagne":
      return parse.parseCampagne(text);
    case "departement":
      return parse.parseDepartement(text);
    case "id":
      return { value: text };
    case "text":
      return parseText(text, field);
    case "list":
      return parseList(text, field, ctx.mapping);
    case "siret":
      return parseSiret(text);
    case "enum": {
      const value = matchEnum(text, field, ctx.mapping);
      return value !== undefined
        ? { value }
        : { error: `valeur inattendue : attendu ${listOf(field.values!)}` };
    }
    case "bool": {
      const value = matchBoolean(text, field, ctx.mapping);
      return value !== undefined
        ? { value }
        : { error: "valeur inattendue : attendu oui ou non (o/n, 1/0, vrai/faux, x pour oui)" };
    }
    case "date":
      return parse.parseDate(text);
    case "int":
      return parse.parseInteger(text, field.min, field.max);
    case "money":
      return parseMoney(text, field.positive, field.max);
    case "minutes":
      return parse.parseDuration(text, field.min, field.max);
    case "postcode":
      return parse.parsePostcode(text);
    case "commune":
      return /^[0-9][0-9AB]\d{3}$/i.test(text)
        ? { value: text.toUpperCase() }
        : { error: "code commune attendu : code INSEE à 5 caractères (ex. 75056, 2A004)" };
    case "latitude":
    case "longitude": {
      const value = parseLatLon(text);
      return value !== null
        ? { value }
        : { error: "coordonnée attendue en degrés décimaux (ex. 48,8566)" };
    }
  }
}

class RowBuilder {
  values: Record<string, Value> = {};
  cells: Record<string, string> = {};
  personal: Record<string, string | null> = {};
  problems: Problem[] = [];
  warnings: Problem[] = [];
  constructor(private readonly layout: TableLayout) {}
  header(field: string): string {
    return this.layout.headerOf.get(field) ?? field;
  }
  text(field: string): string {
    return this.cells[field] ?? "";
  }
  /** An optional value is dropped with a warning: from then on exactly like an empty cell. */
  drop(
    field: FieldDef,
    message: string,
    column = this.header(field.name),
    value = this.text(field.name),
  ): void {
    this.warnings.push({ column, value, message: `${message}${DROPPED}` });
    this.values[field.name] = field.emptyValue ?? null;
  }
}

/** The export's cross-field checks (cross-fields.ts), in their order, on a row being built. */
function checkCrossFields(
  b: RowBuilder,
  table: TableName,
  fields: Map<string, FieldDef>,
  ctx: ValidationContext,
): void {
  const row: RowUnderCheck = {
    values: b.values,
    warnings: b.warnings,
    text: (field) => b.text(field),
    header: (field) => b.header(field),
    reject: (field, message) =>
      b.problems.push({ column: b.header(field), value: b.text(field), message }),
    drop: (field, message) => b.drop(fields.get(field)!, message),
  };
  for (const check of crossFieldChecks(table, (f) => fields.has(f))) {
    check.prepare?.(row, ctx);
    if (!check.holds(row, ctx)) check.fail(row, ctx);
  }
}

function checkExtraCells(
  record: SourceRecord,
  layout: TableLayout,
  b: RowBuilder,
  masked: Set<number>,
): void {
  const columns = layout.columns.length;
  const extra = record.cells
    .slice(columns)
    .map((c, k) => (masked.has(columns + k) && shown(c) !== "" ? PERSONAL_MASK : shown(c)));
  const nonEmpty = extra.filter((c) => c !== "");
  if (nonEmpty.length > 0) {
    b.problems.push({
      column: "(au-delà de la dernière colonne)",
      value: nonEmpty.join(" | "),
      message: `${record.cells.length} cellules pour ${columns} colonnes d'en-tête : cellules en trop non vides (un « ; » non protégé par des guillemets dans une cellule, ou un guillemet mal fermé ?) ; les cellules qui peuvent être des données personnelles ne sont pas reproduites`,
    });
  }
}

/** What a layout tells once for all its rows: its fields, those it lacks, where personal data is. */
interface LayoutFields {
  fields: Map<string, FieldDef>;
  absent: FieldDef[];
  personal: number[];
}
const layoutFields = new WeakMap<TableLayout, LayoutFields>();

function fieldsOf(layout: TableLayout): LayoutFields {
  let known = layoutFields.get(layout);
  if (!known) {
    const fields = new Map<string, FieldDef>();
    for (const field of layout.columns) if (field) fields.set(field.name, field);
    const absent = TABLE_FIELDS[layout.table].filter((f) => !fields.has(f.name) && !f.personal);
    const personal = layout.columns.flatMap((f, i) => (f?.personal ? [i] : []));
    known = { fields, absent, personal };
    layoutFields.set(layout, known);
  }
  return known;
}

/** Longest cell read, in characters: a longer one rejects its row (and is kept cut short). */
export const MAX_CELL = 10_000;

function tooLong(b: RowBuilder, field: FieldDef, text: string): void {
  b.problems.push({
    column: b.header(field.name),
    value: field.personal ? "" : `${text.slice(0, 60)}…`,
    message: `cellule de ${text.length} caractères : au plus ${MAX_CELL} attendus`,
  });
}

/** A workbook cell with no usable value: the row is rejected (required) or the value dropped. */
function cellError(b: RowBuilder, field: FieldDef, cell: CellError): void {
  b.cells[field.name] = cell.text;
  if (field.required) {
    b.problems.push({ column: b.header(field.name), value: cell.text, message: cell.error });
    b.values[field.name] = null;
  } else b.drop(field, cell.error);
}

export function validateRecord(
  record: SourceRecord,
  layout: TableLayout,
  ctx: ValidationContext,
): ValidatedRow {
  const b = new RowBuilder(layout);
  const { fields, absent, personal } = fieldsOf(layout);
  const masked = maskedPositions(record, layout, personal);
  layout.columns.forEach((field, i) => {
    if (!field) return;
    const cell = record.cells[i];
    if (!field.personal && masked.has(i)) {
      // off its column in a row that does not fit its header: not read, not quoted
      b.values[field.name] = null;
      b.cells[field.name] = shown(cell) === "" ? "" : PERSONAL_MASK;
      return;
    }
    if (isCellError(cell)) {
      if (field.personal) b.personal[field.name] = cell.text;
      else cellError(b, field, cell);
      return;
    }
    const text = cellText(cell, field);
    if (text.length > MAX_CELL) {
      tooLong(b, field, text);
      b.values[field.name] = null;
      if (field.personal) b.personal[field.name] = null;
      else b.cells[field.name] = `${text.slice(0, MAX_CELL)}…`;
      return;
    }
    if (field.personal) {
      b.personal[field.name] = text === "" ? null : text;
      return;
    }
    b.cells[field.name] = text;
    if (text === "") {
      if (field.emptyValue !== undefined) b.values[field.name] = field.emptyValue;
      else {
        b.values[field.name] = null;
        if (field.required)
          b.problems.push({
            column: b.header(field.name),
            value: "",
            message: "valeur obligatoire manquante",
          });
      }
      return;
    }
    const outcome = parseField(text, field, ctx);
    if (parse.isError(outcome)) {
      if (field.required) {
        b.problems.push({ column: b.header(field.name), value: text, message: outcome.error });
        b.values[field.name] = null;
      } else b.drop(field, outcome.error);
      return;
    }
    b.values[field.name] = outcome.value;
    if (outcome.note)
      b.warnings.push({ column: b.header(field.name), value: text, message: outcome.note });
  });
  for (const field of absent) b.values[field.name] = field.emptyValue ?? null;
  checkCrossFields(b, layout.table, fields, ctx);
  if (record.problem) {
    // a line that cannot be split reliably is not quoted whole where it may hold personal data
    b.problems.unshift({
      column: "(ligne entière)",
      value: personal.length > 0 ? "" : record.cells.map(shown).join(" | ").slice(0, 200),
      message: record.problem,
    });
  }
  checkExtraCells(record, layout, b, masked);
  if (personal.length > 0) {
    const hidden = maskedCells(record, layout, masked);
    if (b.problems.length > 0) maskPersonalLooking(b, hidden);
    if (Object.keys(hidden).length > 0) b.personal[MASKED_CELLS] = JSON.stringify(hidden);
  }
  return {
    row: record.row,
    values: b.values,
    cells: b.cells,
    personal: b.personal,
    problems: b.problems,
    warnings: b.warnings,
  };
}
