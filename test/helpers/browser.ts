// Headless Chromium (Debian's) through playwright-core, for the browser tests.
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function chromiumMissing(): string | null {
  return existsSync(CHROMIUM)
    ? null
    : `Chromium introuvable (${CHROMIUM}) : installer le paquet Debian « chromium » (apt-get update && apt-get install -y chromium)`;
}

export async function launch(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(path.join(tmpdir(), "clas-chromium-")), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--enable-unsafe-swiftshader",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });
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
