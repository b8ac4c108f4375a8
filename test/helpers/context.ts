// The validation context of the tests: the default mapping and the shared geodata (CLAS_GEO_DIR).
import { validateExport, type ReadFile } from "../../loaders/export/batch.js";
import type { Batch } from "../../loaders/export/types.js";
import type { ValidationContext } from "../../loaders/export/validate.js";
import { loadContext } from "../../loaders/pipeline.js";
import { readExportFile } from "../../loaders/read/file.js";
import { FileRefusedError } from "../../loaders/read/errors.js";
import { toCsv, utf8, type Row } from "./export.js";

let context: Promise<ValidationContext> | null = null;

export function testContext(): Promise<ValidationContext> {
  context ??= loadContext();
  return context;
}

export async function readBytes(file: string, bytes: Uint8Array): Promise<ReadFile> {
  try {
    return { file, hash: file, tables: await readExportFile(file, bytes) };
  } catch (error) {
    if (error instanceof FileRefusedError) return { file, hash: file, tables: error };
    throw error;
  }
}

/** Validates in-memory files as one ingest. */
export async function check(files: { file: string; bytes: Uint8Array }[]): Promise<Batch> {
  const read = await Promise.all(files.map((f) => readBytes(f.file, f.bytes)));
  return validateExport(read, await testContext());
}

/** Validates actions and collectifs rows written as UTF-8 `;` CSV. */
export async function checkRows(actions: Row[], collectifs: Row[]): Promise<Batch> {
  return check([
    { file: "actions.csv", bytes: utf8(toCsv("Actions", actions)) },
    { file: "collectifs.csv", bytes: utf8(toCsv("Collectifs", collectifs)) },
  ]);
}
