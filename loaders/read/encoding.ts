import { FileRefusedError } from "./errors.js";
import { decodeWindows1252, findUndefinedWindows1252Byte } from "./windows1252.js";

export type Encoding = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

export interface DecodedText {
  text: string;
  encoding: Encoding;
  /** Why the encoding read may be wrong (damaged UTF-8 read as Windows-1252). */
  note?: string;
}

function hex(byte: number): string {
  return "0x" + byte.toString(16).toUpperCase().padStart(2, "0");
}

/** Line ends (LF, CRLF or a lone CR) before `offset`: the line a text editor shows, minus one. */
export function countLineEnds(bytes: Uint8Array, offset: number, from = 0): number {
  let ends = 0;
  for (let i = from; i < offset; i++) {
    const b = bytes[i];
    if (b === 0x0a || (b === 0x0d && bytes[i + 1] !== 0x0a)) ends++;
  }
  return ends;
}

/** Where a byte is, for a message: its position (from 1) and its line. */
export function where(offset: number, line: number): string {
  return `à la position ${offset + 1} (ligne ${line})`;
}

export function nulByteMessage(offset: number, line: number): string {
  return `octet nul (0x00) ${where(offset, line)} : ce n'est pas un fichier texte CSV (UTF-8, UTF-16 ou Windows-1252)`;
}

export function undefinedByteMessage(byte: number, offset: number, line: number): string {
  return `octet ${hex(byte)} ${where(offset, line)} : ni UTF-8 valide, ni Windows-1252 (cet octet n'y est pas défini)`;
}

export const BOM_NOT_UTF8 =
  "le fichier s'annonce en UTF-8 (BOM) mais contient des octets qui ne sont pas de l'UTF-8";

export const UTF16_ODD =
  "fichier UTF-16 tronqué : nombre impair d'octets après l'indicateur d'ordre des octets (BOM)";

function decodeUtf16(bytes: Uint8Array, littleEndian: boolean, file: string): string {
  const body = bytes.subarray(2);
  if (body.length % 2 !== 0) throw new FileRefusedError(file, [UTF16_ODD]);
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const units = new Uint16Array(body.length / 2);
  for (let i = 0; i < units.length; i++) units[i] = view.getUint16(i * 2, littleEndian);
  let out = "";
  for (let i = 0; i < units.length; i += 8192) {
    out += String.fromCharCode(...units.subarray(i, i + 8192));
  }
  return out;
}

/**
 * UTF-8's multi-byte characters in `bytes`, and the bytes that cannot be
 * UTF-8: a file with many of the first and few of the second is UTF-8 with a
 * damaged byte, not Windows-1252 (which seldom forms valid UTF-8 sequences).
 */
export function utf8Likeness(bytes: Uint8Array): {
  valid: number;
  invalid: number;
  firstInvalid: number;
} {
  let valid = 0;
  let invalid = 0;
  let firstInvalid = -1;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x80) continue;
    const length = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b <= 0xdf ? 2 : 0;
    let ok = length > 0 && i + length <= bytes.length;
    for (let k = 1; ok && k < length; k++) ok = (bytes[i + k]! & 0xc0) === 0x80;
    if (ok) {
      valid++;
      i += length - 1;
    } else {
      invalid++;
      if (firstInvalid < 0) firstInvalid = i;
    }
  }
  return { valid, invalid, firstInvalid };
}

/** What to tell of a file read as Windows-1252 that looks like damaged UTF-8, or null. */
export function damagedUtf8Note(
  bytes: Uint8Array,
  offset = 0,
  lineOf = (at: number) => countLineEnds(bytes, at - offset) + 1,
): string | null {
  const { valid, invalid, firstInvalid } = utf8Likeness(bytes);
  if (firstInvalid < 0 || valid <= invalid) return null;
  const at = offset + firstInvalid;
  const l = lineOf(at);
  return `le fichier contient des caractères accentués en UTF-8 mais n'est pas de l'UTF-8 valide (octet ${hex(bytes[firstInvalid]!)} ${where(at, l)}) : il a été lu en Windows-1252, comme le veut le format, et ses lettres accentuées sont donc mal lues (« Ã© » pour « é ») ; corriger cet octet ou réenregistrer le fichier en UTF-8`;
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function tryUtf8(bytes: Uint8Array): string | null {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Bytes to text, as the export format says: a BOM decides; else valid UTF-8 is
 * UTF-8; else Windows-1252. NUL bytes and the five bytes Windows-1252 leaves
 * undefined refuse the file.
 */
export function decodeText(bytes: Uint8Array, file: string): DecodedText {
  if (bytes.length === 0) throw new FileRefusedError(file, ["fichier vide"]);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: decodeUtf16(bytes, true, file), encoding: "utf-16le" };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: decodeUtf16(bytes, false, file), encoding: "utf-16be" };
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    throw new FileRefusedError(file, [nulByteMessage(nul, countLineEnds(bytes, nul) + 1)]);
  }
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const asUtf8 = tryUtf8(hasBom ? bytes.subarray(3) : bytes);
  if (asUtf8 !== null) return { text: asUtf8, encoding: "utf-8" };
  if (hasBom) {
    throw new FileRefusedError(file, [BOM_NOT_UTF8]);
  }
  const bad = findUndefinedWindows1252Byte(bytes);
  if (bad >= 0) {
    throw new FileRefusedError(file, [
      undefinedByteMessage(bytes[bad]!, bad, countLineEnds(bytes, bad) + 1),
    ]);
  }
  const note = damagedUtf8Note(bytes);
  const text = decodeWindows1252(bytes);
  return note ? { text, encoding: "windows-1252", note } : { text, encoding: "windows-1252" };
}
