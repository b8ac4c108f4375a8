// Fills Framework's npm cache from node_modules, so that a build downloads
// nothing: each package the pages import is bundled by esbuild into
// `_npm/<name>@<version>/_esm.js`, its own imports left external and rewritten
// to their bundles; every other package Framework's standard library may name
// gets an empty version folder, so that Framework does not ask the registry.
import { build, type Plugin } from "esbuild";
import { mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/**
 * What the pages import (and, through them, their dependencies). MapLibre is not here: the
 * map page imports it as a plain file (site/data-files.ts MAPLIBRE_FILES).
 */
export const PAGE_PACKAGES = [
  "@observablehq/plot",
  "@observablehq/inputs",
  "d3",
  "htl",
  "@duckdb/duckdb-wasm",
];

/** Files a page refers to beside a package's module: stylesheets, workers. */
const PACKAGE_FILES: Record<string, string[]> = {
  // the exception-handling build only: every browser this site targets has it
  "@duckdb/duckdb-wasm": ["dist/duckdb-eh.wasm", "dist/duckdb-browser-eh.worker.js"],
};

/**
 * Every other package Framework 1.13's standard library names (dynamic imports
 * behind FileAttachment methods and recommended libraries): placeholders only.
 */
const NAMED_BY_STDLIB = [
  "apache-arrow",
  "arquero",
  "d3-dsv",
  "echarts",
  "exceljs",
  "jszip",
  "katex",
  "leaflet",
  "lodash",
  "mapbox-gl",
  "mermaid",
  "parquet-wasm",
  "react",
  "react-dom",
  "sql.js",
  "topojson-client",
  "vega",
  "vega-lite",
  "vega-lite-api",
  "@observablehq/duckdb",
  "@observablehq/sample-datasets",
  "@uwdata/vgplot",
  "@viz-js/viz",
];

const PLACEHOLDER_VERSION = "0.0.0-hors-ligne";

interface Bundled {
  name: string;
  version: string;
  dir: string;
}

function packageDir(name: string, from: string): string {
  const require = createRequire(path.join(from, "package.json"));
  // resolve package.json through the exports map when it allows it, else walk up from the entry
  try {
    return path.dirname(require.resolve(`${name}/package.json`));
  } catch {
    let dir = path.dirname(require.resolve(name));
    while (!readJson(path.join(dir, "package.json"))?.name) dir = path.dirname(dir);
    return dir;
  }
}

function readJson(file: string): Record<string, unknown> | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch {
    return null;
  }
}

function bareName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

export async function fillNpmCache(cacheRoot: string, projectRoot: string): Promise<Bundled[]> {
  const npmDir = path.join(cacheRoot, "_npm");
  rmSync(npmDir, { recursive: true, force: true });
  const done = new Map<string, Bundled>();
  const queue: { name: string; from: string }[] = PAGE_PACKAGES.map((name) => ({
    name,
    from: projectRoot,
  }));
  while (queue.length > 0) {
    const { name, from } = queue.shift()!;
    if (done.has(name)) continue;
    const dir = packageDir(name, from);
    const version = String(readJson(path.join(dir, "package.json"))!.version);
    const out = path.join(npmDir, `${name}@${version}`);
    const bundled: Bundled = { name, version, dir };
    done.set(name, bundled);
    const imports = new Set<string>();
    const externals: Plugin = {
      name: "externals",
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) => {
          // a CommonJS require() cannot reach another ES module: bundle it in
          if (args.kind === "entry-point" || args.kind === "require-call") return undefined;
          imports.add(bareName(args.path));
          return { path: args.path, external: true };
        });
      },
    };
    const result = await build({
      entryPoints: [name],
      absWorkingDir: dir,
      bundle: true,
      format: "esm",
      platform: "browser",
      mainFields: ["module", "jsnext:main", "browser", "main"],
      conditions: ["import", "module", "browser", "default"],
      minify: true,
      write: false,
      plugins: [externals],
      logLevel: "silent",
    });
    let code = result.outputFiles[0]!.text;
    // bare imports become relative paths to the dependency's own bundle
    const depth = name.split("/").length;
    for (const dep of imports) {
      const depDir = packageDir(dep, dir);
      const depVersion = String(readJson(path.join(depDir, "package.json"))!.version);
      const target = `${"../".repeat(depth)}${dep}@${depVersion}/_esm.js`;
      code = code.replace(
        new RegExp(`(from|import)\\s*(["'])${dep.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}\\2`, "g"),
        `$1"${target}"`,
      );
      queue.push({ name: dep, from: dir });
    }
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, "_esm.js"), code);
    for (const file of PACKAGE_FILES[name] ?? []) copyPackageFile(cacheRoot, bundled, file);
  }
  for (const name of NAMED_BY_STDLIB) {
    if (!done.has(name))
      mkdirSync(path.join(npmDir, `${name}@${PLACEHOLDER_VERSION}`), { recursive: true });
  }
  return [...done.values()];
}

/** Copies a package file (a stylesheet, a worker) next to its bundle. */
export function copyPackageFile(cacheRoot: string, b: Bundled, file: string): void {
  const target = path.join(cacheRoot, "_npm", `${b.name}@${b.version}`, file);
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(path.join(b.dir, file), target);
}
