// On the thread scan-elsewhere.ts starts: each file given probed and split, as readAll would
// (scan.ts), its outcome sent back with its arrays; the bytes read as they are read.
import { parentPort, workerData } from "node:worker_threads";
import type { Mapping } from "../export/mapping.js";
import { gatheredColumns } from "./distinct-cells.js";
import { nodeFiles } from "./node-files.js";
import { pack, probeInput, splitInput } from "./scan.js";

const { jobs, mapping } = workerData as {
  jobs: { n: number; file: string; path: string; work: string }[];
  mapping: Mapping;
};
const gather = gatheredColumns(mapping);
for (const { n, file, path, work } of jobs) {
  try {
    const probed = probeInput(nodeFiles, file, path);
    const scanned =
      probed.kind === "probed"
        ? splitInput(nodeFiles, file, path, work, n, probed.probe, gather, (read) =>
            parentPort!.postMessage({ n, read }),
          )
        : probed;
    const { scanned: message, transfer } = pack(scanned);
    parentPort!.postMessage({ n, scanned: message }, transfer);
  } catch (error) {
    parentPort!.postMessage({
      n,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    break;
  }
}
