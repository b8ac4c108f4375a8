// JSON files a page fetches one at a time (a département's places, its
// actions), outside Framework's own files: `<folder>/<cle>/<name>.json` of the
// built site, the key made from their content so that a page never mixes two
// builds (the page learns the key from a data file Framework hashes).
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

export interface KeyedFiles {
  folder: string;
  cle: string;
  files: Map<string, unknown>;
}

/** The files of `folder`, with the key of their content. */
export function keyedFiles(folder: string, files: Map<string, unknown>): KeyedFiles {
  const cle = createHash("sha256")
    .update(JSON.stringify([...files]))
    .digest("hex")
    .slice(0, 12);
  return { folder, cle, files };
}

export async function writeKeyedFiles(out: string, { folder, cle, files }: KeyedFiles) {
  const dir = path.join(out, folder, cle);
  await mkdir(dir, { recursive: true });
  for (const [name, content] of files)
    await writeFile(path.join(dir, `${name}.json`), JSON.stringify(content));
}
