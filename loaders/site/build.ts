// Builds the Framework site (Node only), then fixes what Framework 1.13 cannot be told:
// the pages' language.
import { execFile } from "node:child_process";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { PROJECT_ROOT } from "../pipeline.js";

const run = promisify(execFile);

export const DEFAULT_SITE_OUT = "dist";
const FRAMEWORK_CLI = path.join(
  PROJECT_ROOT,
  "node_modules/@observablehq/framework/dist/bin/observable.js",
);

async function htmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".html"))
    .map((e) => path.join(e.parentPath, e.name));
}

/** Framework 1.13 writes `<html>` with no language: every page is in French. */
export async function setLanguage(dir: string, lang = "fr"): Promise<void> {
  for (const file of await htmlFiles(dir)) {
    const html = await readFile(file, "utf8");
    await writeFile(file, html.replace(/<html(?![^>]*\blang=)/, `<html lang="${lang}"`));
  }
}

export async function buildSite(out: string = DEFAULT_SITE_OUT): Promise<string> {
  const output = path.resolve(out);
  await run(process.execPath, [FRAMEWORK_CLI, "build"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, CLAS_SITE_OUT: output },
    maxBuffer: 64 * 1024 * 1024,
  });
  await setLanguage(output);
  return output;
}
