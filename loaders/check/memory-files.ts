// The ingest's files in memory, for the page: the files given are read where
// they are, the split files and the kept records are written to growing
// buffers, and the work database is DuckDB's memory. Nothing leaves the page.
import type { WorkFiles } from "../ingest/files.js";
import { IN_MEMORY } from "../ingest/work-sql.js";
import { sha256 } from "./sha256.js";

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

interface Open {
  path: string;
  /** Where the next read without a position starts, or where the next write goes. */
  at: number;
  writing: boolean;
}

export interface MemoryFiles extends WorkFiles {
  /** The files written so far, by path. */
  written(): Map<string, Uint8Array>;
}

/** `inputs[n]` is the n-th file given to the ingest. */
export function memoryFiles(inputs: Uint8Array[]): MemoryFiles {
  const stored = new Map<string, Uint8Array>();
  const sizes = new Map<string, number>();
  const written = new Set<string>();
  const handles = new Map<number, Open>();
  let next = 0;
  inputs.forEach((bytes, n) => {
    stored.set(`entree/${n}`, bytes);
    sizes.set(`entree/${n}`, bytes.length);
  });
  const bytesOf = (path: string) => {
    const bytes = stored.get(path);
    if (!bytes) throw new Error(`fichier de travail absent : ${path}`);
    return bytes.subarray(0, sizes.get(path));
  };
  return {
    open(path, mode) {
      if (mode === "w") {
        stored.set(path, new Uint8Array(64 * 1024));
        sizes.set(path, 0);
        written.add(path);
      } else bytesOf(path);
      handles.set(++next, { path, at: 0, writing: mode === "w" });
      return next;
    },
    read(handle, buffer, offset, length, position) {
      const open = handles.get(handle)!;
      const bytes = bytesOf(open.path);
      const from = position ?? open.at;
      const n = Math.max(0, Math.min(length, bytes.length - from));
      buffer.set(bytes.subarray(from, from + n), offset);
      if (position === null) open.at = from + n;
      return n;
    },
    write(handle, buffer, offset, length) {
      const open = handles.get(handle)!;
      let bytes = stored.get(open.path)!;
      const size = sizes.get(open.path)!;
      if (size + length > bytes.length) {
        const grown = new Uint8Array(Math.max(bytes.length * 2, size + length));
        grown.set(bytes.subarray(0, size));
        stored.set(open.path, (bytes = grown));
      }
      bytes.set(buffer.subarray(offset, offset + length), size);
      sizes.set(open.path, size + length);
    },
    close(handle) {
      handles.delete(handle);
    },
    readWhole: (path) => bytesOf(path),
    join: (dir, name) => `${dir}/${name}`,
    workDatabase: () => IN_MEMORY,
    hasher: sha256,
    isUtf8: (bytes) => {
      try {
        strictUtf8.decode(bytes);
        return true;
      } catch {
        return false;
      }
    },
    indexOf: (bytes, byte) => bytes.indexOf(byte),
    input: async (file, _dir, n) => ({ file, path: `entree/${n}` }),
    written: () => new Map([...written].map((path) => [path, bytesOf(path)])),
  };
}
