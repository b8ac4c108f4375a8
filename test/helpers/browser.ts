// Headless Chromium (Debian's) through playwright-core, for the browser tests.
import AxeBuilder from "axe-core";
import type { BrowserContext, Page } from "playwright-core";
import { launchChromium } from "../../loaders/site/chromium.js";

export { chromiumMissing } from "../../loaders/site/chromium.js";

/**
 * Keeps the map of a page, which its component gives with the « carte-prete » event
 * (src/components/carte.js), as `window.clasCarte`: the tests read what it draws.
 */
function keepMap() {
  document.addEventListener("carte-prete", (e) => {
    (window as unknown as { clasCarte: unknown }).clasCarte = (e as CustomEvent).detail;
  });
}

/**
 * A browser context: on the run's shared Chromium (test/setup/shared.ts) when
 * there is one, else on a Chromium of its own (the bench). Closing it closes
 * what it opened.
 */
export async function launch(): Promise<BrowserContext> {
  let endpoint = "";
  try {
    const { inject } = await import("vitest");
    endpoint = inject("chromium") ?? "";
  } catch {
    // not in a vitest worker
  }
  if (!endpoint) {
    const context = await launchChromium();
    await context.addInitScript(keepMap);
    return context;
  }
  const { chromium } = await import("playwright-core");
  const browser = await chromium.connect(endpoint);
  // as a reader who asked for less motion: the map jumps where it would fly (and draws fewer frames)
  const context = await browser.newContext({ reducedMotion: "reduce" });
  await context.addInitScript(keepMap);
  const close = context.close.bind(context);
  context.close = async (options) => {
    await close(options);
    await browser.close();
  };
  return context;
}

export interface Watched {
  page: Page;
  errors: string[];
  requests: string[];
}

/** A page that records console errors, page errors, failed requests and every URL requested. */
export async function watchedPage(context: BrowserContext): Promise<Watched> {
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(`console: ${m.text()}`));
  page.on("pageerror", (e) => errors.push(`page: ${e.message}`));
  page.on("requestfailed", (r) =>
    errors.push(`request failed: ${r.url()} ${r.failure()?.errorText}`),
  );
  page.on("response", (r) => r.status() >= 400 && errors.push(`HTTP ${r.status()}: ${r.url()}`));
  page.on("request", (r) => requests.push(r.url()));
  return { page, errors, requests };
}

/**
 * A page of the site opened as a reader meets it: loaded, every cell of the
 * page run (Framework shows an <observablehq-loading> until a cell has).
 */
export async function openPage(
  context: BrowserContext,
  url: string,
  viewport = { width: 1280, height: 900 },
): Promise<Watched> {
  const w = await watchedPage(context);
  await w.page.setViewportSize(viewport);
  await w.page.goto(url, { waitUntil: "load" });
  await w.page.waitForFunction(() => !document.querySelector("observablehq-loading"));
  await settled(w.page);
  return w;
}

/**
 * Waits until the page's content has not changed for `quiet` ms (at most `max` ms): the
 * cells that an input set from the address runs again have drawn what they draw.
 */
export async function settled(page: Page, quiet = 200, max = 5_000): Promise<void> {
  await page.evaluate(
    ([quiet, max]) =>
      new Promise<void>((resolve) => {
        const done = () => {
          observer.disconnect();
          clearTimeout(cap);
          resolve();
        };
        let timer = setTimeout(done, quiet);
        const cap = setTimeout(done, max);
        const observer = new MutationObserver(() => {
          clearTimeout(timer);
          timer = setTimeout(done, quiet);
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      }),
    [quiet, max],
  );
}

/** What axe-core finds on the page (WCAG 2.1 A and AA, the RGAA's basis, and best practices). */
export async function accessibility(
  w: Watched,
  tags = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa", "best-practice"],
): Promise<string[]> {
  await w.page.addScriptTag({ content: AxeBuilder.source });
  const result = await w.page.evaluate(
    (values) =>
      (window as unknown as { axe: typeof AxeBuilder }).axe.run(document, {
        runOnly: { type: "tag", values },
        // the violations only: passes and incomplete checks are not reported, nor computed in full
        resultTypes: ["violations"],
      }),
    tags,
  );
  return result.violations.map(
    (v) => `${v.id}: ${v.nodes.length} × ${v.help} (${v.nodes[0]?.target})`,
  );
}

/** A download's text (saved where the test runs: the browser may be another process's). */
export async function downloadedText(
  download: import("playwright-core").Download,
): Promise<string> {
  const { mkdtempSync, readFileSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const path = await import("node:path");
  const dir = mkdtempSync(path.join(tmpdir(), "clas-telechargement-"));
  try {
    const file = path.join(dir, download.suggestedFilename());
    await download.saveAs(file);
    return readFileSync(file, "utf8");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
