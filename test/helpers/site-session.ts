// What a browser test file shares with the others: the built sites, served, and
// a context on the run's one Chromium; opened before its tests, closed after.
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launch } from "./browser.js";
import { builtSites, serveSites, type BuiltSites } from "./sites.js";

export interface SiteSession {
  sites: BuiltSites;
  served: Awaited<ReturnType<typeof serveSites>>;
  browser: BrowserContext;
}

/** The session of a test file, filled once its `beforeAll` has run. */
export function siteSession(): SiteSession {
  const session = {} as SiteSession;
  beforeAll(async () => {
    session.sites = await builtSites();
    session.served = await serveSites(session.sites);
    session.browser = await launch();
  }, 900_000);
  afterAll(async () => {
    await session.browser?.close();
    session.served?.close();
  });
  return session;
}
