import { FileRefusedError } from "./errors.js";
import { decodeWindows1252, findUndefinedWindows1252Byte } from "./windows1252.js";

export type Encoding = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

export interface DecodedText {
  text: string;
  encoding: Encoding;
}

function hex(byte: number): string {
  return "0x" + byte.toString(16).toUpperCase().padStart(2, "0");
}

function lineOf(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function where(bytes: Uint8Array, offset: number): string {
  return `à la position ${offset + 1} (ligne ${lineOf(bytes, offset)})`;
}

function decodeUtf16(bytes: Uint8Array, littleEndian: boolean, file: string): string {
  const body = bytes.subarray(2);
  if (body.length % 2 !== 0) {
    throw new FileRefusedError(file, [
      "fichier UTF-16 tronqué : nombre impair d'octets après l'indicateur d'ordre des octets (BOM)",
    ]);
  }
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const units = new Uint16Array(body.length / 2);
  for (let i = 0; i < units.length; i++) units[i] = view.getUint16(i * 2, littleEndian);
  let out = "";
  for (let i = 0; i < units.length; i += 8192) {
    out += String.fromCharCode(...units.subarray(i, i + 8192));
  }
  return out;
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
    throw new FileRefusedError(file, [
      `octet nul (0x00) ${where(bytes, nul)} : ce n'est pas un fichier texte CSV (UTF-8, UTF-16 ou Windows-1252)`,
    ]);
  }
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const asUtf8 = tryUtf8(hasBom ? bytes.subarray(3) : bytes);
  if (asUtf8 !== null) return { text: asUtf8, encoding: "utf-8" };
  if (hasBom) {
    throw new FileRefusedError(file, [
      "le fichier s'annonce en UTF-8 (BOM) mais contient des octets qui ne sont pas de l'UTF-8",
    ]);
  }
  const bad = findUndefinedWindows1252Byte(bytes);
  if (bad >= 0) {
    throw new FileRefusedError(file, [
      `octet ${hex(bytes[bad]!)} ${where(bytes, bad)} : ni UTF-8 valide, ni Windows-1252 (cet octet n'y est pas défini)`,
    ]);
  }
  return { text: decodeWindows1252(bytes), encoding: "windows-1252" };
}
