// The Framework root of one build, in the build's own work folder: a link to
// each page, component and module of `src/` (never a copy, never a write into
// `src/`), the data files and bundles the build generates, Framework's cache,
// and the configuration. Two builds into two folders share nothing they write.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readdir, rename, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { PROJECT_ROOT } from "../configuration.js";
import { INTERNAL_ONLY_PAGES, PUBLIC_ONLY_PAGES, type Audience } from "../publish/audience.js";
import { fillNpmCache } from "./npm-cache.js";

export const SOURCE = path.join(PROJECT_ROOT, "src");

/** What the build generates itself: never taken from `src/`. */
const GENERATED = new Set(["data", ".observablehq", "methodologie.md"]);

/** Links every entry of `src/` the audience sees into `root`. */
export async function linkSources(root: string, audience: Audience): Promise<void> {
  await mkdir(root, { recursive: true });
  for (const entry of await readdir(SOURCE)) {
    if (GENERATED.has(entry)) continue;
    if (audience === "public" && INTERNAL_ONLY_PAGES.includes(entry)) continue;
    if (audience === "interne" && PUBLIC_ONLY_PAGES.includes(entry)) continue;
    await symlink(path.join(SOURCE, entry), path.join(root, entry));
  }
}

/** The fills under way in this process, by folder: one fill whoever asks meanwhile. */
const filling = new Map<string, Promise<string>>();

/**
 * Framework's npm cache, filled from node_modules once per installed set of
 * packages (node_modules/.cache): filling it bundles Plot, d3 and DuckDB-Wasm
 * (about 3 s on a fresh clone). The main job starts it while it ingests, on
 * the core the ingest leaves; the build then finds it filled. Returns its folder.
 */
export function prepareNpmCache(): Promise<string> {
  const key = createHash("sha256")
    .update(readFileSync(path.join(PROJECT_ROOT, "package-lock.json")))
    .update(readFileSync(path.join(PROJECT_ROOT, "loaders/site/npm-cache.ts")))
    .digest("hex")
    .slice(0, 16);
  const shared = path.join(PROJECT_ROOT, "node_modules/.cache/clas-bilan", `npm-${key}`);
  let fill = filling.get(shared);
  if (!fill) {
    fill = (async () => {
      if (existsSync(shared)) return shared;
      // filled beside, then renamed: two builds at once never read half a cache
      const partial = `${shared}.${process.pid}.partiel`;
      await rm(partial, { recursive: true, force: true });
      await fillNpmCache(partial, PROJECT_ROOT);
      await rename(partial, shared).catch(async (error: NodeJS.ErrnoException) => {
        // another build renamed its own first: the same content
        if (!existsSync(shared)) throw error;
        await rm(partial, { recursive: true, force: true });
      });
      return shared;
    })();
    filling.set(shared, fill);
    // done or failed, the next one who asks looks at the folder again
    fill.then(
      () => filling.delete(shared),
      () => filling.delete(shared),
    );
  }
  return fill;
}

/** Links Framework's npm cache into a build's root. */
export async function linkNpmCache(root: string): Promise<void> {
  const shared = await prepareNpmCache();
  const cache = path.join(root, ".observablehq", "cache");
  await mkdir(cache, { recursive: true });
  await symlink(path.join(shared, "_npm"), path.join(cache, "_npm"));
}

export interface FrameworkConfig {
  root: string;
  output: string;
  audience: Audience;
}

/** The site's Framework configuration, written as a module beside the root. */
export async function writeConfig(file: string, config: FrameworkConfig): Promise<void> {
  const spec = {
    title: "Clas Bilan",
    root: config.root,
    output: config.output,
    // no CDN: no external stylesheet, no DuckDB extension download
    globalStylesheets: [],
    style: "style.css",
    duckdb: { extensions: { json: null, parquet: null } },
    search: false,
    pages: [
      { name: "Bilan national", path: "/" },
      { name: "Comparer des départements", path: "/comparer" },
      { name: "Carte des lieux", path: "/carte" },
      { name: "Bonnes pratiques", path: "/pratiques" },
      { name: "Vérifier un export", path: "/verifier" },
      ...(config.audience === "public"
        ? [{ name: "Données ouvertes", path: "/donnees" }]
        : [{ name: "Qualité des données", path: "/qualite" }]),
      { name: "Méthodologie", path: "/methodologie" },
    ],
    // no « Next page » / « Previous page » links: the sidebar and the picker are the way around
    pager: false,
    toc: { show: false, label: "Sur cette page" },
    // the header, footer and favicon are put in by loaders/site/fix-pages.ts: none of Framework's
    header: "",
    footer: "",
  };
  await writeFile(file, `export default ${JSON.stringify(spec, null, 1)};\n`);
}
