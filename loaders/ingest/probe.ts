// First pass over a file on disk, in chunks: its hash, what it is (a CSV in
// UTF-8 or Windows-1252, a UTF-16 text, a workbook), or why it is refused
// (a NUL byte, a byte Windows-1252 leaves undefined, at its real line), in
// the words of the whole-file reader. Memory stays bounded by the chunk.
import {
  BOM_NOT_UTF8,
  damagedUtf8Note,
  nulByteMessage,
  undefinedByteMessage,
  UTF16_ODD,
} from "../read/encoding.js";
import { MAGIC, notAnExport, startsWith } from "../read/file.js";
import { findUndefinedWindows1252Byte } from "../read/windows1252.js";
import type { WorkFiles } from "./files.js";

export type Probe = { hash: string; size: number } & (
  | { kind: "csv"; encoding: "utf-8" | "windows-1252"; bom: number; note?: string }
  | { kind: "utf-16"; littleEndian: boolean }
  | { kind: "workbook" }
  | { kind: "refused"; reasons: string[] }
);

/** What the probe reads at a time (as the byte scan, loaders/ingest/split.ts). */
const CHUNK = 1024 * 1024;

/** Bytes at the end of `bytes` that may begin a UTF-8 character cut by the chunk's end. */
function cutTail(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back]!;
    if (b < 0x80) return 0;
    if (b >= 0xc0) return back; // a lead byte: its character may go on in the next chunk
  }
  return 0;
}

/** The line (from 1) of byte `offset` of a file: LF, CRLF and a lone CR each end a line. */
export function lineOfByte(files: WorkFiles, file: string, offset: number): number {
  const fd = files.open(file, "r");
  const buffer = new Uint8Array(CHUNK + 1);
  let line = 1;
  let position = 0;
  try {
    while (position < offset) {
      const n = files.read(fd, buffer, 0, Math.min(CHUNK + 1, offset + 1 - position), position);
      if (n === 0) break;
      const upto = Math.min(n, offset - position);
      for (let i = buffer.indexOf(10); i >= 0 && i < upto; i = buffer.indexOf(10, i + 1)) line++;
      for (let i = buffer.indexOf(13); i >= 0 && i < upto; i = buffer.indexOf(13, i + 1)) {
        if (i + 1 >= n || buffer[i + 1] !== 10) line++;
      }
      position += Math.min(n, CHUNK);
    }
  } finally {
    files.close(fd);
  }
  return line;
}

export function probeFile(files: WorkFiles, file: string, path = file): Probe {
  const fd = files.open(path, "r");
  const hash = files.hasher();
  const buffer = new Uint8Array(CHUNK + 3);
  let size = 0;
  let carry = 0;
  let utf8 = true;
  let nul = -1;
  let undefined1252 = -1;
  let damaged: { offset: number; bytes: Uint8Array } | null = null;
  let head: Uint8Array | null = null;
  try {
    for (;;) {
      const n = files.read(fd, buffer, carry, CHUNK, null);
      const bytes = buffer.subarray(0, carry + n);
      const offset = size - carry; // of bytes[0] in the file
      hash.update(buffer.subarray(carry, carry + n));
      size += n;
      if (head === null) head = Uint8Array.from(bytes.subarray(0, 4));
      if (nul < 0) {
        const i = files.indexOf(bytes.subarray(carry), 0);
        if (i >= 0) nul = offset + carry + i;
      }
      const tail = n === 0 ? 0 : cutTail(bytes);
      const body = bytes.subarray(0, bytes.length - tail);
      if (utf8 && !files.isUtf8(body)) {
        utf8 = false;
        damaged = { offset, bytes: Uint8Array.from(body) };
      }
      if (undefined1252 < 0) {
        const i = findUndefinedWindows1252Byte(body, files.indexOf);
        if (i >= 0) undefined1252 = offset + i;
      }
      if (n === 0) break;
      buffer.copyWithin(0, bytes.length - tail, bytes.length);
      carry = tail;
    }
  } finally {
    files.close(fd);
  }
  const digest = hash.digest();
  const refused = (reason: string): Probe => ({
    kind: "refused",
    hash: digest,
    size,
    reasons: [reason],
  });
  if (size === 0) return refused("fichier vide");
  if (startsWith(head!, MAGIC.zip)) return { kind: "workbook", hash: digest, size };
  const other = notAnExport(head!);
  if (other) return refused(other);
  if ((head![0] === 0xff && head![1] === 0xfe) || (head![0] === 0xfe && head![1] === 0xff)) {
    if (size % 2 !== 0) return refused(UTF16_ODD);
    return { kind: "utf-16", littleEndian: head![0] === 0xff, hash: digest, size };
  }
  if (nul >= 0) return refused(nulByteMessage(nul, lineOfByte(files, path, nul)));
  const bom = head![0] === 0xef && head![1] === 0xbb && head![2] === 0xbf ? 3 : 0;
  if (bom > 0 && !utf8) return refused(BOM_NOT_UTF8);
  if (!utf8 && undefined1252 >= 0) {
    const byte = readByte(files, path, undefined1252);
    return refused(
      undefinedByteMessage(byte, undefined1252, lineOfByte(files, path, undefined1252)),
    );
  }
  const probe: Probe = {
    kind: "csv",
    encoding: utf8 ? "utf-8" : "windows-1252",
    bom,
    hash: digest,
    size,
  };
  if (probe.kind === "csv" && damaged) {
    const note = damagedUtf8Note(damaged.bytes, damaged.offset, (at) =>
      lineOfByte(files, path, at),
    );
    if (note) probe.note = note;
  }
  return probe;
}

function readByte(files: WorkFiles, path: string, offset: number): number {
  const fd = files.open(path, "r");
  try {
    const one = new Uint8Array(1);
    files.read(fd, one, 0, 1, offset);
    return one[0]!;
  } finally {
    files.close(fd);
  }
}
