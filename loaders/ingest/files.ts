// The files of an ingest, as the ingest reads and writes them: on disk in
// Node (node-files.ts), in memory in the page (check/memory-files.ts). The
// calls are those of Node's synchronous file API, on numbered handles.

/** A file given to an ingest: where to read it, or why it is refused. */
export type Input =
  /** `size`: its bytes, when known (how the ingest shares the byte scan between threads). */
  { file: string; path: string; size?: number } | { file: string; refused: string };

export interface Hasher {
  update(bytes: Uint8Array): void;
  /** The SHA-256 of what was given, in hexadecimal. */
  digest(): string;
}

export interface WorkFiles {
  /** Opens a file to read (`r`) or to write anew (`w`); returns its handle. */
  open(path: string, mode: "r" | "w"): number;
  /** Reads into `buffer` from `position` (or where the last read ended, when null); 0 at the end. */
  read(
    handle: number,
    buffer: Uint8Array,
    offset: number,
    length: number,
    position: number | null,
  ): number;
  write(handle: number, buffer: Uint8Array, offset: number, length: number): void;
  close(handle: number): void;
  /** A whole file (a workbook, read zipped). */
  readWhole(path: string): Uint8Array;
  /** `name` in the folder `dir`. */
  join(dir: string, name: string): string;
  /**
   * Where a large export's work database lives in the folder `dir` (a file, or memory); a small
   * one's is in memory anyway (work-sql.ts IN_MEMORY).
   */
  workDatabase(dir: string): string;
  hasher(): Hasher;
  /** Whether `bytes` are valid UTF-8 (Node's own check is many times faster than decoding). */
  isUtf8(bytes: Uint8Array): boolean;
  /**
   * The first position of `byte` in `bytes`, or -1. Node's (`Buffer`'s, a memchr) is six times
   * faster than `Uint8Array`'s: the probe's five searches of each chunk took 0.8 s at scale 100.
   */
  indexOf(bytes: Uint8Array, byte: number): number;
  /** The `n`-th file given to the ingest, opened (a pipe read once into the folder `dir`). */
  input(file: string, dir: string, n: number): Promise<Input>;
}
