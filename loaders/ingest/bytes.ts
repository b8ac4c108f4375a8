// Bytes and UTF-8 text, as the ingest handles them anywhere (Node and the
// page): Uint8Array and the standard encoders, no Node Buffer.

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

export function utf8Bytes(text: string): Uint8Array {
  return encoder.encode(text);
}

/** `bytes[from, to)` as UTF-8 text (invalid sequences replaced). */
export function utf8Text(bytes: Uint8Array, from = 0, to = bytes.length): string {
  return decoder.decode(bytes.subarray(from, to));
}

/** Writes `text` in UTF-8 into `target` from `offset`; returns the bytes written. */
export function writeUtf8(text: string, target: Uint8Array, offset: number): number {
  return encoder.encodeInto(text, target.subarray(offset)).written;
}

/** How many bytes `text` takes in UTF-8 (a lone surrogate as U+FFFD: 3), without encoding it. */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** Copies `source[from, to)` into `target` at `offset` (Buffer's copy). */
export function copyBytes(
  source: Uint8Array,
  target: Uint8Array,
  offset: number,
  from: number,
  to: number,
): void {
  target.set(source.subarray(from, to), offset);
}
