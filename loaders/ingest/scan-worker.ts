// On the thread scan-elsewhere.ts starts: each file given probed and split, as readAll would
// (scan.ts), its outcome sent back with its arrays; the bytes read as they are read.
import { parentPort, workerData } from "node:worker_threads";
import { nodeFiles } from "./node-files.js";
import { pack, probeInput, splitInput } from "./scan.js";

const jobs = workerData as { n: number; file: string; path: string; work: string }[];
for (const { n, file, path, work } of jobs) {
  try {
    const probed = probeInput(nodeFiles, file, path);
    const scanned =
      probed.kind === "probed"
        ? splitInput(nodeFiles, file, path, work, n, probed.probe, (read) =>
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
