// Bundles the in-browser check (loaders/check/browser.ts and the pipeline
// modules it uses) for the pages: the same TypeScript, not a copy.
import { build } from "esbuild";
import { rename } from "node:fs/promises";
import path from "node:path";
import { PROJECT_ROOT } from "../configuration.js";

export const CHECK_BUNDLE = "data/verification.js";

export async function bundleCheck(root: string): Promise<string> {
  const outfile = path.join(root, CHECK_BUNDLE);
  // written beside, then renamed: two builds at once never read half a bundle
  const partial = `${outfile}.${process.pid}.partiel`;
  await build({
    entryPoints: [path.join(PROJECT_ROOT, "loaders/check/browser.ts")],
    outfile: partial,
    bundle: true,
    format: "esm",
    platform: "browser",
    // the browser builds of the libraries (JSZip's), not their Node ones
    mainFields: ["browser", "module", "main"],
    minify: true,
    legalComments: "none",
    logLevel: "warning",
  });
  await rename(partial, outfile);
  return outfile;
}
