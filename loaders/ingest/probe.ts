// First pass over a file on disk, in chunks: its hash, and whether the byte
// scan can split it (a CSV in UTF-8 or Windows-1252 with nothing to refuse).
// Anything else is left to the whole-file reader, which says exactly why.
import { isUtf8 } from "node:buffer";
import { createHash } from "node:crypto";
import { closeSync, openSync, readSync } from "node:fs";

export type Probe =
  | { kind: "csv"; encoding: "utf-8" | "windows-1252"; bom: number; hash: string; size: number }
  | { kind: "other"; hash: string; size: number };

const CHUNK = 16 * 1024 * 1024;
/** The five bytes Windows-1252 leaves undefined. */
const UNDEFINED_1252 = [0x81, 0x8d, 0x8f, 0x90, 0x9d];

const MAGIC = [
  [0x50, 0x4b, 0x03, 0x04], // zip: a workbook
  [0x25, 0x50, 0x44, 0x46], // PDF
  [0xd0, 0xcf, 0x11, 0xe0], // Excel 97-2003
  [0xff, 0xfe], // UTF-16 LE
  [0xfe, 0xff], // UTF-16 BE
];

/** Bytes at the end of `bytes` that may begin a UTF-8 character cut by the chunk's end. */
function cutTail(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back]!;
    if (b < 0x80) return 0;
    if (b >= 0xc0) return back; // a lead byte: its character may go on in the next chunk
  }
  return 0;
}

export function probeFile(file: string): Probe {
  const fd = openSync(file, "r");
  const hash = createHash("sha256");
  const buffer = Buffer.allocUnsafe(CHUNK + 3);
  let size = 0;
  let carry = 0;
  let utf8 = true;
  let suspicious = false;
  let undefined1252 = false;
  let head: Uint8Array | null = null;
  try {
    for (;;) {
      const n = readSync(fd, buffer, carry, CHUNK, null);
      const bytes = buffer.subarray(0, carry + n);
      hash.update(buffer.subarray(carry, carry + n));
      size += n;
      if (head === null) head = Uint8Array.from(bytes.subarray(0, 4));
      if (bytes.subarray(carry).indexOf(0) >= 0) suspicious = true;
      if (n === 0) {
        if (carry > 0 && utf8 && !isUtf8(bytes)) utf8 = false;
        if (!undefined1252) undefined1252 = UNDEFINED_1252.some((b) => bytes.indexOf(b) >= 0);
        break;
      }
      const tail = cutTail(bytes);
      const body = bytes.subarray(0, bytes.length - tail);
      if (utf8 && !isUtf8(body)) utf8 = false;
      if (!undefined1252) undefined1252 = UNDEFINED_1252.some((b) => body.indexOf(b) >= 0);
      buffer.copyWithin(0, bytes.length - tail, bytes.length);
      carry = tail;
    }
  } finally {
    closeSync(fd);
  }
  const digest = hash.digest("hex");
  const magic = head !== null && MAGIC.some((m) => m.every((b, i) => head![i] === b));
  if (size === 0 || suspicious || magic) return { kind: "other", hash: digest, size };
  const bom = head![0] === 0xef && head![1] === 0xbb && head![2] === 0xbf ? 3 : 0;
  // A file declared UTF-8 by its BOM but not UTF-8 is refused by the whole-file reader.
  if (bom > 0 && !utf8) return { kind: "other", hash: digest, size };
  if (!utf8 && undefined1252) return { kind: "other", hash: digest, size };
  return { kind: "csv", encoding: utf8 ? "utf-8" : "windows-1252", bom, hash: digest, size };
}
