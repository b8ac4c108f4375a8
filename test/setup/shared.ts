// vitest's global setup: what the browser tests share, started once for the
// whole run in the main process. The sites are built in the background (the
// other tests run meanwhile; the browser tests are sequenced last and wait for
// them, test/helpers/sites.ts), and one Chromium serves every test file.
import type { TestProject } from "vitest/node";
import { CHROMIUM_ARGS, chromiumMissing, chromiumPath } from "../../loaders/site/chromium.js";
import { builtSites, limitedSite } from "../helpers/sites.js";
import { SITE_TESTS } from "./site-tests.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** Where the shared Chromium listens (playwright's endpoint), or "" without one. */
    chromium: string;
  }
}

/** Whether this run selects a test file that opens the built sites. */
function selectsSiteTests(argv: string[]): boolean {
  const filters = argv.filter((a) => !a.startsWith("-") && /test|\.ts$/.test(a));
  return (
    filters.length === 0 ||
    filters.some((f) => SITE_TESTS.some((t) => t.includes(f) || f.includes(t)))
  );
}

export default async function setup(project: TestProject) {
  const wanted = selectsSiteTests(process.argv.slice(2));
  const sites = wanted ? builtSites() : null;
  // then the build limited to some départements, which two tests read
  const limited = sites?.then(() => limitedSite());
  // the run must not end on an unhandled rejection: the tests report a failed build
  sites?.catch(() => {});
  limited?.catch(() => {});
  let close = async () => {};
  if (wanted && !chromiumMissing()) {
    const { chromium } = await import("playwright-core");
    const server = await chromium.launchServer({
      executablePath: chromiumPath(),
      headless: true,
      args: CHROMIUM_ARGS,
    });
    project.provide("chromium", server.wsEndpoint());
    close = () => server.close();
  } else project.provide("chromium", "");
  return async () => {
    await close();
    await sites?.catch(() => {});
    await limited?.catch(() => {});
  };
}
