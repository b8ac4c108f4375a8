// Builds the Framework site (Node only) in a work folder of its own beside the
// output: a root linking `src/` (loaders/site/root.ts) with the data files
// written in one process (loaders/site/data-files.ts), Framework run with the
// network refused, then what Framework 1.13 cannot be told fixed in the pages
// (their language). The output replaces the previous site in one rename at
// the end; a refused or failed build leaves it as it was.
import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { geoDir, readDepartements } from "../geo/load.js";
import { readGazetteer } from "../geo/gazetteer.js";
import type { GazetteerEntry } from "../../src/lib/search.js";
import { openWarehouse } from "../warehouse/db.js";
import { footerHtml, headerHtml, readSiteMeta, type SiteMeta } from "./chrome.js";
import { PROJECT_ROOT } from "../configuration.js";
import type { Audience } from "../publish/audience.js";
import { DEFAULT_THRESHOLD } from "../publish/disclosure.js";
import { DEFAULT_BILANS } from "../publish/bilans.js";
import { bundleCheck } from "./check-bundle.js";
import { NO_PROGRESS, type Progress } from "../progress.js";
import { chromiumMissing, printBilans } from "./pdf.js";
import { dateGenerated, writeDataFiles } from "./data-files.js";
import { writeGazetteerFiles } from "./gazetteer-files.js";
import { writeKeyedFiles, type KeyedFiles } from "./keyed-files.js";
import { writeBilanPages } from "./bilan-pages.js";
import { linkNpmCache, linkSources, writeConfig } from "./root.js";
import { fixPages } from "./fix-pages.js";
import { carryOver } from "./carry-over.js";

const run = promisify(execFile);

export const DEFAULT_SITE_OUT = "dist";
const FRAMEWORK_CLI = path.join(
  PROJECT_ROOT,
  "node_modules/@observablehq/framework/dist/bin/observable.js",
);

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
  /** Counts from 1 to this are secret in the public build. */
  threshold?: number;
  /** Told what the build does as it goes (the command line's progress bar, the bench's clock). */
  progress?: Progress;
}

export interface BuiltSite {
  out: string;
  /** Files of the output folder an earlier build did not write (a robots.txt): kept. */
  kept: string[];
  /** The PDFs printed, or why none was. */
  pdf?: { files: string[] } | { missing: string };
}

/** The build's facts from the warehouse: campagnes, dates, the départements with a page. */
async function siteMeta(options: SiteOptions, audience: Audience): Promise<SiteMeta> {
  const limited = options.departements ?? [];
  const departements = (await readDepartements())
    .filter((d) => limited.length === 0 || limited.includes(d.code))
    .map((d) => ({ code: d.code, nom: d.nom }));
  const warehouse = await openWarehouse(options.db, { create: false, readOnly: true });
  try {
    return await readSiteMeta(
      warehouse.connection,
      audience,
      departements,
      options.now ?? new Date(),
    );
  } finally {
    warehouse.close();
  }
}

/** The output folder must be a folder holding nothing or a built site. */
function checkOutput(output: string): void {
  if (!existsSync(output)) return;
  let entries: string[];
  try {
    entries = readdirSync(output);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOTDIR")
      throw new SiteBuildError(
        `${output} est un fichier, pas un dossier : choisir un dossier pour le site (--out)`,
      );
    throw error;
  }
  if (entries.length > 0 && !entries.includes("_observablehq"))
    throw new SiteBuildError(
      `${output} n'est pas vide et ne contient pas un site construit : choisir un autre dossier (--out)`,
    );
}

async function runFramework(work: string): Promise<void> {
  try {
    await run(
      process.execPath,
      [
        "--import",
        path.join(PROJECT_ROOT, "loaders/site/no-network.mjs"),
        FRAMEWORK_CLI,
        "build",
        "--config",
        "observablehq.config.js",
      ],
      { cwd: work, env: process.env, maxBuffer: 256 * 1024 * 1024 },
    );
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    const log = `${e.stdout ?? ""}\n${e.stderr ?? ""}`;
    const lines = log.split("\n").filter((l) => /error|erreur|refus|✗|failed|unable/i.test(l));
    throw new SiteBuildError(
      `la construction du site a échoué :\n${(lines.length ? lines : log.split("\n").slice(-20)).join("\n")}`,
    );
  }
}

/**
 * The files the site serves beside Framework's pages: the map's search and commune names
 * (loaders/site/gazetteer-files.ts), each département's places and actions
 * (loaders/site/keyed-files.ts), the public build's open data (loaders/publish/open-data.ts).
 */
async function writeOwnFiles(
  dir: string,
  gazetteer: GazetteerEntry[],
  keyed: KeyedFiles[],
  outside: [string, string | Uint8Array][],
): Promise<void> {
  await writeGazetteerFiles(dir, gazetteer);
  for (const files of keyed) await writeKeyedFiles(dir, files);
  for (const [file, content] of outside) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), content);
  }
}

/** Moves each entry of `from` into `to`, where none of them may be already. */
async function moveEntries(from: string, to: string): Promise<void> {
  for (const entry of await readdir(from)) {
    if (existsSync(path.join(to, entry)))
      throw new SiteBuildError(`${entry} : un dossier du site porte déjà ce nom (Framework)`);
    await rename(path.join(from, entry), path.join(to, entry));
  }
}

export async function buildSite(options: SiteOptions): Promise<BuiltSite> {
  const output = path.resolve(options.out ?? DEFAULT_SITE_OUT);
  checkOutput(output);
  const audience = options.audience ?? "interne";
  const progress = options.progress ?? NO_PROGRESS;
  progress.stage("données du site");
  const meta = await siteMeta(options, audience);
  const missing = options.pdf ? chromiumMissing() : null;
  const printing = Boolean(options.pdf && !missing && meta.campagnes.length > 0);
  await mkdir(path.dirname(output), { recursive: true });
  let kept: string[] = [];
  let pdf: { files: string[] } | null = null;
  const work = await mkdtemp(
    path.join(path.dirname(output), `.${path.basename(output)}.construction-`),
  );
  try {
    const root = path.join(work, "racine");
    const staging = path.join(work, "site");
    await linkSources(root, audience);
    const db = path.resolve(options.db);
    const gazetteer = await readGazetteer();
    const [, , { keyed, outside }] = await Promise.all([
      bundleCheck(root),
      linkNpmCache(root),
      writeDataFiles(root, {
        publication: {
          audience,
          departements: options.departements ?? [],
          threshold: options.threshold ?? DEFAULT_THRESHOLD,
        },
        db,
        geoDir: geoDir(),
        bilans: path.resolve(options.bilans ?? DEFAULT_BILANS),
        meta,
        pdf: printing,
        gazetteer,
      }),
      writeConfig(path.join(work, "observablehq.config.js"), {
        root,
        output: staging,
        audience,
      }),
    ]);
    await dateGenerated(root, meta.construitLe);
    progress.stage("pages du site (Observable Framework)");
    // the site's own files (not Framework's) written meanwhile, beside: Framework empties its output
    const own = path.join(work, "fichiers");
    const done = await Promise.allSettled([
      runFramework(work),
      writeOwnFiles(own, gazetteer, keyed, outside),
    ]);
    for (const d of done) if (d.status === "rejected") throw d.reason;
    progress.stage("fichiers de la carte");
    await moveEntries(own, staging);
    await writeBilanPages(staging, meta.departements);
    await fixPages(staging, meta.departements, {
      header: headerHtml(meta),
      footer: footerHtml(meta),
    });
    // the PDFs printed from the new site before it replaces the old one
    if (printing) {
      const printed = await printBilans(staging, {
        campagne: meta.campagnes.at(-1)!,
        codes: meta.departements.map((d) => d.code),
        progress: (done, total) => {
          if (done === 0) progress.stage("bilans en PDF", total, "bilans");
          progress.advance(done);
        },
      });
      pdf = { files: printed.files.map((f) => path.join(output, path.relative(staging, f))) };
    }
    kept = await carryOver(output, staging);
    await rm(output, { recursive: true, force: true });
    await rename(staging, output);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  progress.end();
  return { out: output, kept, ...(missing ? { pdf: { missing } } : pdf ? { pdf } : {}) };
}

export class SiteBuildError extends Error {}
