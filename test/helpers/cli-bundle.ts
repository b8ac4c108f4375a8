// The command line as the tests' child processes start it: bundled once a run by
// esbuild (0.3 s) rather than compiled by tsx in each process — a start then takes
// 0.6 s of the processor where tsx took 1.5 s, over the thirty-odd CLI processes of a
// run. The same sources, bundled as they are; `npx clas` itself (bin/clas.js, run by tsx)
// is tested as a user runs it (test/cli.test.ts).
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { PROJECT_ROOT } from "../../loaders/configuration.js";

/** The variable that tells the test processes where the bundle is. */
export const CLI_BUNDLE_VARIABLE = "CLAS_TEST_CLI";

/**
 * Bundles the command line into node_modules/.cache (inside the project, so that its
 * packages resolve from there) and returns its removal. `import.meta.url` is the
 * configuration module's: the project's root, and where packages are required from.
 */
export async function bundleCli(): Promise<{ file: string; remove(): void }> {
  const dir = path.join(PROJECT_ROOT, "node_modules", ".cache", "clas-cli");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `clas-${process.pid}.mjs`);
  await build({
    stdin: {
      contents: 'import { main } from "./loaders/cli/main.ts";\nawait main();\n',
      resolveDir: PROJECT_ROOT,
      sourcefile: "clas-tests.ts",
      loader: "ts",
    },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    outfile: file,
    define: {
      "import.meta.url": JSON.stringify(
        pathToFileURL(path.join(PROJECT_ROOT, "loaders", "configuration.ts")).href,
      ),
    },
    logLevel: "error",
  });
  return { file, remove: () => rmSync(file, { force: true }) };
}
