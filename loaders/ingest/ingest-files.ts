// The ingest of files on disk into a DuckDB database (Node): a work folder of
// its own beside the database, removed whatever happens.
import type { ValidationContext } from "../export/validate.js";
import type { SqlEngine } from "../warehouse/engine.js";
import type { WorkFiles } from "./files.js";
import { keepHeapSmall } from "../heap.js";
import {
  isLarge,
  prepareIngest,
  storeIngest,
  type IngestOptions,
  type IngestResult,
} from "./ingest.js";
import { nodeFiles } from "./node-files.js";
import { scanOnThread } from "./scan-elsewhere.js";
import { createWorkDir } from "./workdir.js";

/** Reads, validates and stores files in one go, in a work folder of its own under `workRoot`. */
export async function ingestFiles(
  engine: SqlEngine,
  paths: string[],
  ctx: ValidationContext,
  options: IngestOptions & {
    workRoot: string;
    onFile?: (file: string) => ((read: number) => void) | undefined;
    /** Where the `n`-th file is read, when not at its name (the tests' files). */
    open?: (n: number) => string;
  },
): Promise<IngestResult> {
  const work = createWorkDir(options.workRoot, "import");
  const { open } = options;
  const files: WorkFiles = open
    ? {
        ...nodeFiles,
        input: (file, dir, n) => nodeFiles.input(open(n), dir, n).then((i) => ({ ...i, file })),
      }
    : nodeFiles;
  try {
    const prepared = await prepareIngest(
      files,
      paths,
      work.path,
      ctx,
      options.onFile,
      scanOnThread,
    );
    if (isLarge(prepared)) keepHeapSmall();
    return await storeIngest(engine, prepared, ctx, options);
  } finally {
    // the caller's database stays open: its temporary folder (DuckDB's spill) stays too
    work.remove({ keepRoot: true });
  }
}
