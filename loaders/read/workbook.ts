// An .xlsx workbook's sheets, row by row, typed as the export format says:
// the zip's parts are read with JSZip and each sheet's XML is parsed as a
// stream, so that memory holds the file, its shared strings and one row, not
// a model of every cell. No file system: bytes in, rows out (Node and browser).
import JSZip from "jszip";
import { SaxesParser, type SaxesTagPlain } from "saxes";
import { FileRefusedError } from "./errors.js";
import type { Cell, CellError, SourceRecord } from "./source.js";

/** Where the rows of a workbook go: `sheet` is called as a sheet begins, and returns its row sink. */
export interface WorkbookSink {
  sheet(name: string): (record: SourceRecord) => void;
}

interface Part {
  /** Decompressed text, streamed by chunks. */
  stream(onChunk: (text: string) => void): Promise<void>;
}

const ODS = "application/vnd.oasis.opendocument.spreadsheet";

/**
 * What a workbook may hold once inflated, counted while it inflates (a zip
 * bomb is refused before it fills memory): each part that is read whole (the
 * package's relations, the workbook, its styles), the shared strings (held
 * in memory for the sheets), and every part together (sheets are streamed).
 * In characters, about bytes for the XML of a workbook.
 */
export const WORKBOOK_LIMITS = {
  wholePart: 16 * 1024 * 1024,
  sharedStrings: 64 * 1024 * 1024,
  total: 2 * 1024 * 1024 * 1024,
};

const MB = (n: number) => `${Math.round(n / 1024 / 1024)} Mo`;

/** The reading of one workbook's parts, with what has been inflated so far. */
class Inflated {
  private total = 0;
  constructor(private readonly file: string) {}

  /** Counts `n` more characters of `part`, of which `soFar` already; refuses past a limit. */
  count(part: string, soFar: number, n: number, limit: number): void {
    this.total += n;
    if (soFar + n > limit)
      throw new FileRefusedError(this.file, [
        `classeur XLSX refusé : sa partie « ${part} » dépasse ${MB(limit)} une fois décompressée (un classeur fait pour saturer la mémoire, ou endommagé) ; enregistrer les tables en CSV`,
      ]);
    if (this.total > WORKBOOK_LIMITS.total)
      throw new FileRefusedError(this.file, [
        `classeur XLSX refusé : il dépasse ${MB(WORKBOOK_LIMITS.total)} une fois décompressé ; enregistrer les tables en CSV`,
      ]);
  }
}

/** Excel's day 0 (its 1900 date system) and the 1904 system's. */
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);
/** 9999-12-31, the last day a workbook date can be. */
const LAST_SERIAL = 2_958_465;

/** Built-in number formats that show a date or a time. */
const DATE_FORMAT_IDS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51,
  52, 53, 54, 55, 56, 57, 58,
]);

/** A custom number format shows a date or a time when, outside quotes and brackets, it has d, m, y, h or s. */
export function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, "")
    .replace(/\\./g, "")
    .replace(/\[(?!h\]|hh\]|m\]|mm\]|s\]|ss\])[^\]]*\]/gi, "");
  if (/general/i.test(bare)) return false;
  return /[dmyhs]/i.test(bare);
}

function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon < 0 ? name : name.slice(colon + 1);
}

/** Parses a small XML part whole. */
function parseXml(
  text: string,
  open: (name: string, attributes: Record<string, string>) => void,
  onText?: (text: string) => void,
  close?: (name: string) => void,
): void {
  const parser = new SaxesParser();
  parser.on("opentag", (node: SaxesTagPlain) => open(localName(node.name), node.attributes));
  if (onText) parser.on("text", onText);
  if (close) parser.on("closetag", (node) => close(localName(node.name)));
  parser.write(text).close();
}

/** Column index (from 0) of a cell reference such as `AB12`. */
function columnOf(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

function resolveTarget(base: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const parts = base.split("/").slice(0, -1);
  for (const segment of target.split("/")) {
    if (segment === "..") parts.pop();
    else if (segment !== ".") parts.push(segment);
  }
  return parts.join("/");
}

function formulaError(formula: string): CellError {
  return {
    error:
      "formule sans valeur calculée : ouvrir le classeur dans Excel ou LibreOffice puis l'enregistrer, pour que sa valeur soit calculée",
    text: `=${formula}`,
  };
}

/** Reads the workbook's parts and streams each sheet's rows into `sink`, in the workbook's order. */
export async function readWorkbookRows(
  bytes: Uint8Array,
  file: string,
  sink: WorkbookSink,
): Promise<void> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    throw new FileRefusedError(file, [
      "classeur XLSX illisible : l'archive zip est endommagée ou tronquée ; enregistrer le fichier à nouveau au format .xlsx, ou en CSV",
    ]);
  }
  const inflated = new Inflated(file);
  const text = async (name: string): Promise<string | null> => {
    const entry = zip.file(name);
    if (!entry) return null;
    const chunks: string[] = [];
    let size = 0;
    await partOf(entry, inflated).stream((chunk) => {
      inflated.count(name, size, chunk.length, WORKBOOK_LIMITS.wholePart);
      size += chunk.length;
      chunks.push(chunk);
    });
    return chunks.join("");
  };
  const mimetype = await text("mimetype");
  if (mimetype?.trim().startsWith(ODS)) {
    throw new FileRefusedError(file, [
      "classeur OpenDocument (.ods, LibreOffice) : l'enregistrer au format .xlsx ou CSV (Fichier › Enregistrer sous)",
    ]);
  }
  const workbookPath = await mainPart(zip, text);
  const workbookXml = workbookPath ? await text(workbookPath) : null;
  if (!workbookPath || workbookXml === null) {
    const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir);
    throw new FileRefusedError(file, [
      `archive zip qui n'est pas un classeur .xlsx (elle contient ${names.length} fichier${names.length > 1 ? "s" : ""} : ${names.slice(0, 5).join(", ")}${names.length > 5 ? ", …" : ""}) : donner les tables en .xlsx ou en CSV`,
    ]);
  }
  try {
    const sheets: { name: string; rid: string }[] = [];
    let date1904 = false;
    parseXml(workbookXml, (name, a) => {
      if (name === "sheet") sheets.push({ name: a.name ?? "", rid: a["r:id"] ?? a.id ?? "" });
      if (name === "workbookPr") date1904 = a.date1904 === "1" || a.date1904 === "true";
    });
    const relsPath = resolveTarget(workbookPath, `_rels/${workbookPath.split("/").pop()}.rels`);
    const targets = new Map<string, string>();
    let stylesPath: string | null = null;
    let stringsPath: string | null = null;
    const rels = await text(relsPath);
    if (rels !== null) {
      parseXml(rels, (name, a) => {
        if (name !== "Relationship" || !a.Target) return;
        const target = resolveTarget(workbookPath, a.Target);
        targets.set(a.Id ?? "", target);
        if (a.Type?.endsWith("/styles")) stylesPath = target;
        if (a.Type?.endsWith("/sharedStrings")) stringsPath = target;
      });
    }
    const dateStyles = await readStyles(stylesPath ? await text(stylesPath) : null);
    const strings = await readSharedStrings(
      stringsPath ? zip.file(stringsPath) : null,
      stringsPath ?? "",
      inflated,
    );
    const epoch = date1904 ? EPOCH_1904 : EPOCH_1900;
    for (const { name, rid } of sheets) {
      const path = targets.get(rid);
      const entry = path ? zip.file(path) : null;
      if (!entry) continue;
      await readSheet(partOf(entry, inflated, path!), sink.sheet(name), {
        strings,
        dateStyles,
        epoch,
      });
    }
  } catch (error) {
    if (error instanceof FileRefusedError) throw error;
    throw new FileRefusedError(file, [
      "classeur XLSX illisible : son contenu n'est pas le XML attendu ; l'ouvrir dans Excel ou LibreOffice et l'enregistrer à nouveau au format .xlsx, ou en CSV",
    ]);
  }
}

/** The workbook part: named by the package's relationships, `xl/workbook.xml` by default. */
async function mainPart(
  zip: JSZip,
  text: (name: string) => Promise<string | null>,
): Promise<string | null> {
  const rels = await text("_rels/.rels");
  let found: string | null = null;
  if (rels !== null) {
    parseXml(rels, (name, a) => {
      if (name === "Relationship" && a.Type?.endsWith("/officeDocument") && a.Target)
        found = resolveTarget("", a.Target);
    });
  }
  return found ?? (zip.file("xl/workbook.xml") ? "xl/workbook.xml" : null);
}

/** A part read by chunks; a sheet's (`counted`) counts toward the workbook's total as it inflates. */
function partOf(entry: JSZip.JSZipObject, inflated: Inflated, counted?: string): Part {
  return {
    stream: (onChunk) =>
      new Promise((resolve, reject) => {
        // JSZip's internal stream decompresses by chunks and decodes UTF-8 across them
        const helper = (
          entry as unknown as {
            internalStream(type: "string"): {
              on(event: "data", f: (chunk: string) => void): unknown;
              on(event: "end", f: () => void): unknown;
              on(event: "error", f: (e: Error) => void): unknown;
              resume(): void;
              pause(): void;
            };
          }
        ).internalStream("string");
        let size = 0;
        helper.on("data", (chunk) => {
          try {
            if (counted !== undefined) {
              inflated.count(counted, size, chunk.length, WORKBOOK_LIMITS.total);
              size += chunk.length;
            }
            onChunk(chunk);
          } catch (error) {
            helper.pause();
            reject(error as Error);
          }
        });
        helper.on("error", reject);
        helper.on("end", resolve);
        helper.resume();
      }),
  };
}

/** For each cell style, whether its number format shows a date or a time. */
async function readStyles(xml: string | null): Promise<boolean[]> {
  if (xml === null) return [];
  const custom = new Map<number, string>();
  const styles: boolean[] = [];
  let inCellXfs = false;
  parseXml(
    xml,
    (name, a) => {
      if (name === "numFmt") custom.set(Number(a.numFmtId), a.formatCode ?? "");
      else if (name === "cellXfs") inCellXfs = true;
      else if (name === "xf" && inCellXfs) {
        const id = Number(a.numFmtId ?? 0);
        const code = custom.get(id);
        styles.push(code !== undefined ? isDateFormat(code) : DATE_FORMAT_IDS.has(id));
      }
    },
    undefined,
    (name) => {
      if (name === "cellXfs") inCellXfs = false;
    },
  );
  return styles;
}

/** The shared strings, rich text joined, phonetic runs left out. */
async function readSharedStrings(
  entry: JSZip.JSZipObject | null,
  name: string,
  inflated: Inflated,
): Promise<string[]> {
  const strings: string[] = [];
  if (!entry) return strings;
  let current = "";
  let inText = false;
  let phonetic = 0;
  const parser = new SaxesParser();
  parser.on("opentag", (node: SaxesTagPlain) => {
    const name = localName(node.name);
    if (name === "si") current = "";
    else if (name === "rPh") phonetic++;
    else if (name === "t" && phonetic === 0) inText = true;
  });
  parser.on("text", (t) => {
    if (inText) current += t;
  });
  parser.on("closetag", (node) => {
    const name = localName(node.name);
    if (name === "t") inText = false;
    else if (name === "rPh") phonetic--;
    else if (name === "si") strings.push(current);
  });
  let size = 0;
  await partOf(entry, inflated).stream((chunk) => {
    inflated.count(name, size, chunk.length, WORKBOOK_LIMITS.sharedStrings);
    size += chunk.length;
    parser.write(chunk);
  });
  parser.close();
  return strings;
}

interface SheetContext {
  strings: string[];
  dateStyles: boolean[];
  epoch: number;
}

/** One sheet's rows, each with its sheet row number, trailing empty cells dropped, blank rows skipped. */
async function readSheet(
  part: Part,
  emit: (record: SourceRecord) => void,
  ctx: SheetContext,
): Promise<void> {
  let row = 0;
  let cells: Cell[] = [];
  let column = -1;
  let type = "n";
  let style = 0;
  let value: string | null = null;
  let formula: string | null = null;
  let inline = "";
  let capture: "v" | "f" | "t" | null = null;
  let inInline = false;
  const parser = new SaxesParser();
  parser.on("opentag", (node: SaxesTagPlain) => {
    const a = node.attributes;
    switch (localName(node.name)) {
      case "row":
        row = a.r ? Number(a.r) : row + 1;
        cells = [];
        column = -1;
        break;
      case "c":
        column = a.r ? columnOf(a.r) : column + 1;
        type = a.t ?? "n";
        style = Number(a.s ?? 0);
        value = null;
        formula = null;
        inline = "";
        break;
      case "v":
        capture = "v";
        value = "";
        break;
      case "f":
        capture = "f";
        formula = "";
        break;
      case "is":
        inInline = true;
        break;
      case "t":
        if (inInline) capture = "t";
        break;
    }
  });
  parser.on("text", (t) => {
    if (capture === "v") value += t;
    else if (capture === "f") formula += t;
    else if (capture === "t") inline += t;
  });
  parser.on("closetag", (node) => {
    switch (localName(node.name)) {
      case "v":
      case "f":
      case "t":
        capture = null;
        break;
      case "is":
        inInline = false;
        break;
      case "c": {
        const cell = cellValue(type, value, formula, inline, ctx.dateStyles[style] ?? false, ctx);
        if (cell !== "" && column >= 0) {
          while (cells.length < column) cells.push("");
          cells[column] = cell;
        }
        break;
      }
      case "row":
        if (cells.length > 0) emit({ row, cells });
        break;
    }
  });
  await part.stream((chunk) => parser.write(chunk));
  parser.close();
}

function cellValue(
  type: string,
  value: string | null,
  formula: string | null,
  inline: string,
  dateStyle: boolean,
  ctx: SheetContext,
): Cell {
  switch (type) {
    case "s":
      return (ctx.strings[Number(value)] ?? "").trim();
    case "inlineStr":
      return inline.trim();
    case "str":
      if (value === null) return formula !== null ? formulaError(formula) : "";
      return value.trim();
    case "b":
      return value === "1" || value === "true";
    case "e":
      return {
        error: `cellule en erreur dans le classeur (${value ?? "erreur"}) : corriger la formule ou saisir la valeur`,
        text: value ?? "",
      };
    case "d": {
      const date = new Date(value ?? "");
      return Number.isNaN(date.getTime())
        ? { error: "date attendue au format JJ/MM/AAAA ou AAAA-MM-JJ", text: value ?? "" }
        : date;
    }
    default: {
      if (value === null || value === "") return formula !== null ? formulaError(formula) : "";
      const n = Number(value);
      if (!Number.isFinite(n)) return value;
      if (!dateStyle) return n;
      if (n < 0 || n > LAST_SERIAL) {
        return {
          error: `nombre ${String(n)} dans une cellule au format date : hors du calendrier (une date entre 1900 et 9999 est attendue)`,
          text: String(n),
        };
      }
      return new Date(ctx.epoch + Math.round(n * 86_400) * 1000);
    }
  }
}
