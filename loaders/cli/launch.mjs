// The command line's entry (`npx clas`, `npm start`, `npm run clas`): its
// TypeScript bundled by esbuild into one module, kept in node_modules/.cache
// and made again when one of its sources has changed, then run. A start takes
// 0.5 s of the processor where compiling the modules through tsx at each start
// took 1.5 s. Should the bundle not be made or kept (a read-only install), the
// sources run through tsx as before.
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const ENTRY = path.join(ROOT, "loaders", "cli", "main.ts");
/** Inside the project, so that the bundle's packages resolve from its node_modules. */
const CACHE = path.join(ROOT, "node_modules", ".cache", "clas-cli");
const BUNDLE = path.join(CACHE, "clas.mjs");
/** The bundle's sources, as esbuild read them: the bundle is made again when one is newer. */
const SOURCES = path.join(CACHE, "sources.json");

function modified(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return Infinity;
  }
}

/**
 * Whether `bundle` is there and newer than every source it was made from (listed in
 * `sourcesFile`) and than `also` (this launcher).
 */
export function isFresh(bundle, sourcesFile, also = []) {
  const made = modified(bundle);
  if (made === Infinity) return false;
  let sources;
  try {
    sources = JSON.parse(readFileSync(sourcesFile, "utf8"));
  } catch {
    return false;
  }
  return [...also, ...sources].every((s) => modified(s) < made);
}

/**
 * Bundles the command line into `file` (written beside, then renamed: two commands started at
 * once never read half a bundle). `import.meta.url` is the configuration module's everywhere:
 * the project's root, and where packages are required from, as from the sources.
 */
export async function bundleCli(file = BUNDLE) {
  const { build } = await import("esbuild");
  mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}`;
  const result = await build({
    stdin: {
      contents: `import { main } from ${JSON.stringify(ENTRY)};\nawait main();\n`,
      resolveDir: ROOT,
      sourcefile: "clas.ts",
      loader: "ts",
    },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    outfile: partial,
    metafile: true,
    define: {
      "import.meta.url": JSON.stringify(
        pathToFileURL(path.join(ROOT, "loaders", "configuration.ts")).href,
      ),
    },
    logLevel: "silent",
  }).catch((error) => {
    rmSync(partial, { force: true });
    throw error;
  });
  renameSync(partial, file);
  return Object.keys(result.metafile.inputs)
    .filter((input) => !input.startsWith("<"))
    .map((input) => path.resolve(ROOT, input));
}

async function run() {
  if (!isFresh(BUNDLE, SOURCES, [fileURLToPath(import.meta.url)])) {
    try {
      const sources = await bundleCli();
      writeFileSync(`${SOURCES}.${process.pid}`, JSON.stringify(sources));
      renameSync(`${SOURCES}.${process.pid}`, SOURCES);
    } catch {
      // no bundle: the sources, compiled by tsx
      const { register } = await import("tsx/esm/api");
      register();
      const { main } = await import(pathToFileURL(ENTRY).href);
      return main();
    }
  }
  await import(pathToFileURL(BUNDLE).href);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run();

export { run };
