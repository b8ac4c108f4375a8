import { defineConfig } from "vitest/config";
import { SitesLast } from "./test/setup/sequencer.js";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // both cores: the browser tests wait on Chromium while the others compute
    maxWorkers: 2,
    // a worker's test files share its modules (DuckDB's, the pipeline's): loaded once a
    // worker, not once a file (the imports took 51–67 s of a run, 7 s so); every test file
    // restores what it changes of the process (its environment, its spies)
    isolate: false,
    // the built sites and one Chromium, shared by every test file (test/setup/shared.ts)
    globalSetup: ["test/setup/shared.ts"],
    // each test file's temporary folders removed after it
    setupFiles: ["test/setup/temp-dirs.ts"],
    sequence: { sequencer: SitesLast },
    testTimeout: 60_000,
    // a browser under two builds' load may take seconds to show what it will show
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 300_000,
    // each DuckDB on one thread: two workers and Chromium already share the two cores
    env: { TZ: "UTC", CLAS_THREADS: "1" },
  },
});
