// Builds the Framework site (Node only): fills Framework's npm cache from
// node_modules, drops the cached loader outputs (the database may have
// changed), builds with the network refused, then fixes what Framework 1.13
// cannot be told: the pages' language.
import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { cp, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { geoDir, readDepartements } from "../geo/load.js";
import { openWarehouse } from "../warehouse/db.js";
import { footerHtml, headerHtml, readSiteMeta, type SiteMeta } from "./chrome.js";
import { PROJECT_ROOT } from "../configuration.js";
import { INTERNAL_ONLY_FILES, type Audience } from "../publish/audience.js";
import { bundleCheck } from "./check-bundle.js";
import { NO_PROGRESS, type Progress } from "../cli/progress.js";
import { fillNpmCache } from "./npm-cache.js";
import { chromiumMissing, printBilans } from "./pdf.js";
import { writeGazetteerFiles } from "./gazetteer-files.js";
import { writePlacesFiles } from "./places-files.js";

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

/** Framework's own English, in French (in the pages and in its client script). */
const FRENCH: [RegExp, string][] = [
  [/Toggle sidebar /g, "Afficher ou masquer le menu, "],
  [/Toggle sidebar/g, "Afficher ou masquer le menu"],
  [/title="Copy code"/g, 'title="Copier le code"'],
];

/**
 * What Framework 1.13 cannot be told, fixed in every page: the language (every
 * page is in French), a viewport that allows zooming, the sidebar's close
 * control placed outside its list (a list holds only items), its English, the
 * landmarks' names, and the title of a page whose heading is computed (a
 * département's bilan). The sidebar's checkbox stays for the mouse; keyboards
 * and screen readers use the header's « Menu » button (loaders/site/chrome.ts).
 */
export function fixPage(html: string, lang = "fr", title?: string): string {
  let out = html.replace(/<html(?![^>]*\blang=)/, `<html lang="${lang}"`);
  out = out.replace(/(<meta name="viewport" content="[^"]*?), maximum-scale=1"/, '$1"');
  out = out.replace(/(<ol>)(\s*)(<label id="observablehq-sidebar-close"[^>]*><\/label>)/, "$3$2$1");
  for (const [english, french] of FRENCH) out = out.replace(english, french);
  out = out.replace(
    /<input id="observablehq-sidebar-toggle" type="checkbox"/,
    '<input id="observablehq-sidebar-toggle" type="checkbox" tabindex="-1" aria-hidden="true"',
  );
  out = out.replace(/(<label id="observablehq-sidebar-close")/, '$1 aria-hidden="true"');
  out = out.replace(
    /<nav id="observablehq-sidebar">/,
    '<nav id="observablehq-sidebar" aria-label="Pages du site">',
  );
  out = out.replace(
    /(<aside id="observablehq-toc"[^>]*>\s*)<nav>/,
    '$1<nav aria-label="Sur cette page">',
  );
  // the skip link first of all, before the sidebar
  out = out.replace(
    /<body>/,
    '<body>\n<a class="lien-evitement" href="#observablehq-main">Aller au contenu</a>',
  );
  if (title !== undefined) {
    const text = title.replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`);
    out = out.replace(/<title>[^<]*<\/title>/, `<title>${text}</title>`);
  }
  return out;
}

/** Framework's client script, in French too. */
export function fixScript(js: string): string {
  let out = js;
  for (const [english, french] of FRENCH) out = out.replace(english, french);
  return out;
}

/** Each page's title, when its heading is computed in the browser: the départements' bilans. */
function pageTitle(file: string, dir: string, names: Map<string, string>): string | undefined {
  const m = /^departement\/([^/]+)\.html$/.exec(path.relative(dir, file).split(path.sep).join("/"));
  const nom = m ? names.get(m[1]!) : undefined;
  return nom ? `${nom} (${m![1]}) : bilan annuel des Clas | Clas Bilan` : undefined;
}

export async function fixPages(
  dir: string,
  departements: { code: string; nom: string }[] = [],
): Promise<void> {
  const names = new Map(departements.map((d) => [d.code, d.nom]));
  for (const file of await htmlFiles(dir))
    await writeFile(file, fixPage(await readFile(file, "utf8"), "fr", pageTitle(file, dir, names)));
  const client = path.join(dir, "_observablehq");
  for (const name of existsSync(client) ? await readdir(client) : []) {
    if (!name.endsWith(".js")) continue;
    const file = path.join(client, name);
    const js = await readFile(file, "utf8");
    if (js.includes("Toggle sidebar")) await writeFile(file, fixScript(js));
  }
}

export interface SiteOptions {
  db: string;
  out?: string;
  audience?: Audience;
  /** An internal build limited to these départements. */
  departements?: string[];
  /** The build's date, said in every page's footer. */
  now?: Date;
  /** Print each bilan of the latest campagne to a PDF (Chromium). */
  pdf?: boolean;
  /** Where the committees' texts are (default data/bilans). */
  bilans?: string;
  /** Told what the build does as it goes (the command line's progress bar). */
  progress?: Progress;
}

export interface BuiltSite {
  out: string;
  /** The PDFs printed, or why none was. */
  pdf?: { files: string[] } | { missing: string };
}

/** The header and footer of every page, in a file Framework's configuration reads. */
async function writeChrome(
  options: SiteOptions,
  audience: Audience,
  root: string,
): Promise<{ file: string; meta: SiteMeta }> {
  const all = await readDepartements();
  const limited = options.departements ?? [];
  const departements = all
    .filter((d) => limited.length === 0 || limited.includes(d.code))
    .map((d) => ({ code: d.code, nom: d.nom }));
  const warehouse = await openWarehouse(options.db, { create: false });
  let meta: SiteMeta;
  try {
    meta = await readSiteMeta(
      warehouse.connection,
      audience,
      departements,
      options.now ?? new Date(),
    );
  } finally {
    warehouse.close();
  }
  const file = path.join(root, ".observablehq", "chrome.json");
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify({ header: headerHtml(meta), footer: footerHtml(meta) }));
  return { file, meta };
}

/**
 * The Framework root of a build: `src` for the internal site; for the public
 * one, a copy of `src` without the internal pages and loaders.
 */
async function siteRoot(audience: Audience): Promise<string> {
  const src = path.join(PROJECT_ROOT, "src");
  if (audience === "interne") return src;
  // a sibling of src, so that the loaders' relative imports still resolve
  const root = path.join(PROJECT_ROOT, "site-public");
  await rm(root, { recursive: true, force: true });
  await cp(src, root, {
    recursive: true,
    filter: (from) => {
      const rel = path.relative(src, from).split(path.sep).join("/");
      return !rel.startsWith(".observablehq") && !INTERNAL_ONLY_FILES.includes(rel);
    },
  });
  return root;
}

/** Framework refuses to overwrite files: build beside the output, then swap. */
async function prepareOutput(output: string): Promise<string> {
  if (
    existsSync(output) &&
    readdirSync(output).length > 0 &&
    !existsSync(path.join(output, "_observablehq"))
  ) {
    throw new SiteBuildError(
      `${output} n'est pas vide et ne contient pas un site construit : choisir un autre dossier (--out)`,
    );
  }
  const staging = `${output}.construction`;
  await rm(staging, { recursive: true, force: true });
  return staging;
}

export async function buildSite(options: SiteOptions): Promise<BuiltSite> {
  const output = path.resolve(options.out ?? DEFAULT_SITE_OUT);
  const staging = await prepareOutput(output);
  const audience = options.audience ?? "interne";
  await bundleCheck(path.join(PROJECT_ROOT, "src"));
  const root = await siteRoot(audience);
  const chrome = await writeChrome(options, audience, root);
  const missing = options.pdf ? chromiumMissing() : null;
  const printing = options.pdf && !missing && chrome.meta.campagnes.length > 0;
  const cache = path.join(root, ".observablehq", "cache");
  await fillNpmCache(cache, PROJECT_ROOT);
  await rm(path.join(cache, "data"), { recursive: true, force: true });
  const bin = path.join(PROJECT_ROOT, "node_modules/.bin");
  const progress = options.progress ?? NO_PROGRESS;
  progress.stage("pages du site (Observable Framework)");
  try {
    await run(
      process.execPath,
      ["--import", path.join(PROJECT_ROOT, "loaders/site/no-network.mjs"), FRAMEWORK_CLI, "build"],
      {
        cwd: PROJECT_ROOT,
        env: {
          ...process.env,
          CLAS_SITE_OUT: staging,
          CLAS_SITE_ROOT: root,
          CLAS_AUDIENCE: audience,
          CLAS_DEPARTEMENTS: (options.departements ?? []).join(","),
          CLAS_DB: path.resolve(options.db),
          CLAS_SITE_CHROME: chrome.file,
          CLAS_BUILD_DATE: chrome.meta.construitLe,
          CLAS_EXTRAIT_LE: chrome.meta.extraitLe ?? "",
          CLAS_PDF: printing ? "1" : "",
          ...(options.bilans ? { CLAS_BILANS: path.resolve(options.bilans) } : {}),
          CLAS_GEO_DIR: geoDir(),
          PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`,
        },
        maxBuffer: 256 * 1024 * 1024,
      },
    );
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    const log = `${e.stdout ?? ""}\n${e.stderr ?? ""}`;
    const lines = log.split("\n").filter((l) => /error|erreur|refus|✗|failed|unable/i.test(l));
    throw new SiteBuildError(
      `la construction du site a échoué :\n${(lines.length ? lines : log.split("\n").slice(-20)).join("\n")}`,
    );
  }
  progress.stage("fichiers de la carte");
  await fixPages(staging, chrome.meta.departements);
  // the map's search and commune names, by file (loaders/site/gazetteer-files.ts)
  await writeGazetteerFiles(staging, geoDir());
  // what a parent reads of each place, by département (loaders/site/places-files.ts)
  await writePlacesFiles(staging, path.resolve(options.db));
  // the public root is a copy made for this build only
  if (root !== path.join(PROJECT_ROOT, "src")) await rm(root, { recursive: true, force: true });
  await rm(output, { recursive: true, force: true });
  await rename(staging, output);
  progress.end();
  if (missing) return { out: output, pdf: { missing } };
  if (!printing) return { out: output };
  const printed = await printBilans(output, {
    campagne: chrome.meta.campagnes.at(-1)!,
    codes: chrome.meta.departements.map((d) => d.code),
    progress: (done, total) => {
      if (done === 0) progress.stage("bilans en PDF", total, "bilans");
      progress.advance(done);
    },
  });
  progress.end();
  return { out: output, pdf: printed };
}

export class SiteBuildError extends Error {}
