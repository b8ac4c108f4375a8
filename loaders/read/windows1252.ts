// Windows-1252 differs from Latin-1 only in 0x80–0x9F; five of those bytes are undefined.
const HIGH = [
  0x20ac, -1, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039,
  0x0152, -1, 0x017d, -1, -1, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc,
  0x2122, 0x0161, 0x203a, 0x0153, -1, 0x017e, 0x0178,
];

/** Code point of a Windows-1252 byte, or -1 for the five undefined bytes. */
export function windows1252CodePoint(byte: number): number {
  return byte >= 0x80 && byte <= 0x9f ? (HIGH[byte - 0x80] ?? -1) : byte;
}

/** The five bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D). */
export const UNDEFINED_1252: readonly number[] = HIGH.flatMap((cp, i) =>
  cp < 0 ? [0x80 + i] : [],
);

/** Offset of the first byte Windows-1252 leaves undefined, or -1 (a search per byte: fast). */
export function findUndefinedWindows1252Byte(
  bytes: Uint8Array,
  /** The first position of a byte (files.ts WorkFiles.indexOf: Node's is faster). */
  indexOf = (data: Uint8Array, byte: number) => data.indexOf(byte),
): number {
  let first = -1;
  for (const b of UNDEFINED_1252) {
    const i = indexOf(bytes, b);
    if (i >= 0 && (first < 0 || i < first)) first = i;
  }
  return first;
}

/** Windows-1252 bytes as text (the byte scan decodes a cell at a time: no array larger than it). */
export function decodeWindows1252(bytes: Uint8Array): string {
  const CHUNK = 8192;
  let out = "";
  const codes = new Array<number>(Math.min(CHUNK, bytes.length));
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(start + CHUNK, bytes.length);
    codes.length = end - start;
    for (let i = start; i < end; i++) codes[i - start] = windows1252CodePoint(bytes[i]!);
    out += String.fromCharCode(...codes);
  }
  return out;
}

const ENCODE = new Map<number, number>();
for (let b = 0; b < 256; b++) {
  const cp = windows1252CodePoint(b);
  if (cp >= 0) ENCODE.set(cp, b);
}

/** Encodes text as Windows-1252; characters it cannot hold become `?`. */
export function encodeWindows1252(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = ENCODE.get(text.charCodeAt(i)) ?? 0x3f;
  return out;
}
