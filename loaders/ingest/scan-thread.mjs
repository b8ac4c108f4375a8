// The thread of scan-elsewhere.ts: its TypeScript compiled by tsx (the command line's bundle
// does not hold it), then the scans it was given.
import { register } from "tsx/esm/api";

register();
await import("./scan-worker.ts");
