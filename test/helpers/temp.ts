// The tests' temporary folders, in the system's temp folder: each removed after its
// test file (test/setup/temp-dirs.ts). A module of its own, light: every test file
// loads it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const made: string[] = [];

/**
 * Removes the folders `tempDir` made: after each test file, and when a process that is
 * not a test worker exits. (A worker is ended by a signal, which skips « exit »
 * handlers: thousands of folders had piled up in the system's temp folder.)
 */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
process.once("exit", removeTempDirs);

/** A folder of the test's own in the system's temp folder, removed after its test file. */
export function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "clas-test-"));
  made.push(dir);
  return dir;
}
