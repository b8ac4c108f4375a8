// What the ingest's modules use of Node's `buffer` module, for the page: the
// `buffer` package's Buffer (injected by the bundle, check-bundle.ts) and
// `isUtf8` by a strict decoder.
import { Buffer } from "buffer";

const strict = new TextDecoder("utf-8", { fatal: true });

export function isUtf8(bytes: Uint8Array): boolean {
  try {
    strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export { Buffer };
