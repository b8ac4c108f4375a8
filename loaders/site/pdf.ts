// `clas build --pdf`: each département's bilan and the national one, printed
// by Chromium from the built pages (so a PDF says exactly what its page says,
// under the same disclosure control), into `bilans/<campagne>/<code>.pdf` of
// the built site. Node only.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { BrowserContext } from "playwright-core";
import { chromiumMissing as missing, chromiumPath, launchChromium } from "./chromium.js";
import { serveSite } from "./serve.js";

/** How to get Chromium when it is missing, in French, for `clas build --pdf`; null when it is there. */
export function chromiumMissing(executable = chromiumPath()): string | null {
  const why = missing(executable);
  return (
    why &&
    `${why} Les PDF des bilans ne sont pas produits ; relancer « clas build --pdf » une fois Chromium installé.`
  );
}

/** A4 at 96 pixels per inch: the pages are laid out at the printed width. */
const A4_WIDTH = 794;

export interface PrintedBilans {
  files: string[];
}

export interface PrintOptions {
  campagne: string;
  /** The départements, after France. */
  codes: string[];
  /** Where the PDFs go: the built site's `bilans/<campagne>/` by default. */
  dir?: string;
  /** Print France's bilan (the overview) too. */
  france?: boolean;
  progress?: (done: number, total: number) => void;
  /** A browser to print with (kept open after); by default a Chromium of its own, closed after. */
  browser?: BrowserContext;
}

/** Prints the bilans of a campagne (France, then each département) of the site built in `out`. */
export async function printBilans(out: string, options: PrintOptions): Promise<PrintedBilans> {
  const { campagne, codes, progress = () => {} } = options;
  const server = await serveSite(out, 0);
  const port = (server.address() as { port: number }).port;
  const viewport = { width: A4_WIDTH, height: 1123 };
  const browser = options.browser ?? (await launchChromium(viewport));
  const files: string[] = [];
  const dir = options.dir ?? path.join(out, "bilans", campagne);
  mkdirSync(dir, { recursive: true });
  try {
    const all = [...(options.france === false ? [] : ["FR"]), ...codes];
    for (const [i, code] of all.entries()) {
      const page = await browser.newPage();
      await page.setViewportSize(viewport);
      const url = code === "FR" ? "/" : `/departement/${encodeURIComponent(code)}`;
      await page.goto(`http://127.0.0.1:${port}${url}?campagne=${campagne}`, {
        waitUntil: "networkidle",
      });
      // every cell run: Framework shows an <observablehq-loading> element until a cell has
      await page.waitForFunction(() => !document.querySelector("observablehq-loading"));
      await page.evaluate(() => document.fonts.ready);
      const file = path.join(dir, `${code}.pdf`);
      await page.pdf({
        path: file,
        format: "A4",
        printBackground: true,
        preferCSSPageSize: true,
        tagged: true,
        outline: true,
      });
      await page.close();
      files.push(file);
      progress(i + 1, all.length);
    }
  } finally {
    if (!options.browser) await browser.close();
    server.close();
  }
  return { files };
}
