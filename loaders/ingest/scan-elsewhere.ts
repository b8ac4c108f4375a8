// The byte scan of an ingest's largest files on a thread of its own (Node), while the main
// thread scans the others (tables.ts readAll): at scale 100 the collectifs (262 MB) beside the
// other files (232 MB). The thread runs scan-thread.mjs, which compiles what it needs with tsx.
import path from "node:path";
import { Worker } from "node:worker_threads";
import { PROJECT_ROOT } from "../configuration.js";
import { nodeFiles } from "./node-files.js";
import { unpack, type Scanned } from "./scan.js";
import type { ScanElsewhere } from "./tables.js";

const ENTRY = path.join(PROJECT_ROOT, "loaders", "ingest", "scan-thread.mjs");

interface Message {
  n: number;
  read?: number;
  scanned?: unknown;
  error?: string;
}

/**
 * A file of at least this many bytes is scanned on the thread, when the files left to the main
 * thread weigh as much (a thread takes about 0.25 s to start and compile what it runs).
 */
export const THREAD_FROM = 16 * 1024 * 1024;

export const scanOnThread: ScanElsewhere = {
  from: THREAD_FROM,
  scan(jobs, mapping, onBytes) {
    const worker = new Worker(ENTRY, { execArgv: [], workerData: { jobs, mapping } });
    const scanned = new Map<number, Scanned>();
    const done = new Promise<Map<number, Scanned>>((resolve, reject) => {
      worker.on("message", (m: Message) => {
        if (m.read !== undefined) onBytes(m.n, m.read);
        else if (m.error !== undefined) reject(new Error(m.error));
        else {
          scanned.set(m.n, unpack(nodeFiles, m.scanned));
          if (scanned.size === jobs.length) resolve(scanned);
        }
      });
      worker.on("error", reject);
      worker.on("exit", (code) => {
        if (scanned.size < jobs.length) reject(new Error(`fil de lecture arrêté (code ${code})`));
      });
    });
    done.catch(() => {}); // awaited by readAll, unless it stops first
    return { scanned: done, stop: () => worker.terminate() };
  },
};
