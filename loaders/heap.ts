// The JavaScript heap of a large ingest in Node (millions of rows): V8 lets its old generation
// grow to several times what is alive before a full collection, and the garbage of the
// validator's rows then counted for up to 300 MB of the ingest's peak.
import { setFlagsFromString } from "node:v8";

/**
 * A full collection once the heap has grown by this share of what was alive after the last
 * one (V8 chooses between 10 and 300 % by itself). At scale 100 (the pipeline alone, its maximum
 * resident memory): 0.73–0.92 GB over seven runs with 30, 0.78–0.80 GB with 100 (two), 0.85–1.07
 * GB unset, in the same time; 0.71–0.86 GB with DuckDB's allocator as work-sql.ts LARGE_SETTINGS
 * sets it too. Not for a small ingest, where it cost the national sample 0.02–0.04 s.
 */
export const HEAP_GROWING_PERCENT = 30;

/**
 * For the rest of the process (a command's): called once an ingest is known to be large. Node
 * says flags changed after start may not hold; this one is read at each collection (the peak
 * falls as with `node --heap-growing-percent=30`: 0.72–0.73 GB in two runs of that, 0.73 GB set
 * at run time).
 */
export function keepHeapSmall(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
