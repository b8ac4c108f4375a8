// What a rebuild keeps of the folder it replaces: every file an earlier build
// did not write (a robots.txt, a server's configuration put beside the site).
// Each build lists what it wrote in the site's manifest; a rebuild copies the
// other files of the old folder into the new site before the swap.
import { existsSync, readFileSync } from "node:fs";
import { copyFile, mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";

/** The list of the files a build wrote, in the built site. */
export const MANIFEST = ".clas-site.json";

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .sort();
}

function written(folder: string): Set<string> | null {
  try {
    const manifest = JSON.parse(readFileSync(path.join(folder, MANIFEST), "utf8"));
    return Array.isArray(manifest.fichiers) ? new Set(manifest.fichiers as string[]) : null;
  } catch {
    return null;
  }
}

/**
 * Writes the new site's manifest into `staging`, then copies there the files
 * of `output` its build did not write; returns them. A folder built before
 * manifests existed keeps nothing (as before).
 */
export async function carryOver(output: string, staging: string): Promise<string[]> {
  const fichiers = await filesUnder(staging);
  await writeFile(path.join(staging, MANIFEST), JSON.stringify({ fichiers }));
  const built = existsSync(output) ? written(output) : null;
  if (!built) return [];
  const kept: string[] = [];
  for (const file of await filesUnder(output)) {
    if (built.has(file) || file === MANIFEST || existsSync(path.join(staging, file))) continue;
    await mkdir(path.dirname(path.join(staging, file)), { recursive: true });
    await copyFile(path.join(output, file), path.join(staging, file));
    kept.push(file);
  }
  return kept;
}
