// Headless Chromium (Debian's) through playwright-core, for the browser tests.
import type { BrowserContext, Page } from "playwright-core";
import { launchChromium } from "../../loaders/site/chromium.js";

export { chromiumMissing } from "../../loaders/site/chromium.js";

export function launch(): Promise<BrowserContext> {
  return launchChromium();
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
