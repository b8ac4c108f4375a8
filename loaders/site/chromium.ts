// Debian's Chromium, driven by playwright-core: for the PDFs of the bilans and
// for the browser tests. Each run gets its own profile, removed when it closes.
import type { BrowserContext } from "playwright-core";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * Debian's two Chromiums, the lighter first: the headless shell (package
 * « chromium-headless-shell », the browser without its windowing layers) draws
 * the same pages, maps and PDFs for half the processor time of the full browser.
 */
const DEBIAN_CHROMIUMS = ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"];

/** Where Chromium is: CHROMIUM_PATH, else the first of Debian's that is installed. */
export function chromiumPath(): string {
  return (
    process.env.CHROMIUM_PATH ?? DEBIAN_CHROMIUMS.find((p) => existsSync(p)) ?? DEBIAN_CHROMIUMS[1]!
  );
}

/** How to get Chromium when it is missing, in French; null when it is there. */
export function chromiumMissing(executable = chromiumPath()): string | null {
  return existsSync(executable)
    ? null
    : `Chromium introuvable (${executable}) : installer le paquet Debian « chromium-headless-shell » ou « chromium » (sudo apt-get update && sudo apt-get install -y chromium-headless-shell), ou donner son chemin dans CHROMIUM_PATH.`;
}

/** Chromium's switches here: WebGL through SwiftShader, nothing asked of the network. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--enable-unsafe-swiftshader",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];

/** A headless Chromium (WebGL through SwiftShader), its profile removed on close. */
export async function launchChromium(viewport?: {
  width: number;
  height: number;
}): Promise<BrowserContext> {
  // loaded when a browser is wanted: most commands never need it (0.6 s)
  const { chromium } = await import("playwright-core");
  const profile = mkdtempSync(path.join(tmpdir(), "clas-chromium-"));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath(),
      headless: true,
      ...(viewport ? { viewport } : {}),
      args: CHROMIUM_ARGS,
    });
    // the profile goes once the browser has exited (it writes to it until then)
    const close = context.close.bind(context);
    context.close = async (options) => {
      try {
        await close(options);
      } finally {
        removeProfile(profile);
      }
    };
    return context;
  } catch (error) {
    removeProfile(profile);
    throw error;
  }
}

function removeProfile(profile: string): void {
  try {
    rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  } catch {
    // a profile left in the system's temp folder holds nothing of the data
  }
}
