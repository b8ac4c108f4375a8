// The ingest's files on disk (Node).
import { Buffer, isUtf8 } from "node:buffer";
import { createHash } from "node:crypto";
import { closeSync, openSync, readFileSync, readSync, writeSync } from "node:fs";
import path from "node:path";
import type { WorkFiles } from "./files.js";
import { openInput } from "./inputs.js";

export const nodeFiles: WorkFiles = {
  open: (file, mode) => openSync(file, mode),
  read: (handle, buffer, offset, length, position) =>
    readSync(handle, buffer, offset, length, position),
  write: (handle, buffer, offset, length) => void writeSync(handle, buffer, offset, length),
  close: (handle) => closeSync(handle),
  readWhole: (file) => readFileSync(file),
  join: (dir, name) => path.join(dir, name),
  workDatabase: (dir) => path.join(dir, "travail.duckdb"),
  input: (file, dir, n) => openInput(file, dir, n),
  isUtf8: (bytes) => isUtf8(bytes),
  indexOf: (bytes, byte) =>
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(byte),
  hasher() {
    const hash = createHash("sha256");
    return {
      update: (bytes) => void hash.update(bytes),
      digest: () => hash.digest("hex"),
    };
  },
};
