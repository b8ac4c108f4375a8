// The byte scan of one file into `dir` (its split file `s.csv`, its kept records `lignes`), as
// the ingest runs it: for the tests of the scan itself.
import path from "node:path";
import { nodeFiles } from "../../loaders/ingest/node-files.js";
import { RecordFile } from "../../loaders/ingest/records.js";
import { splitCsvFile, type Gather, type SplitCsv } from "../../loaders/ingest/split.js";

export function splitInto(
  dir: string,
  file: string,
  encoding: "utf-8" | "windows-1252",
  bom = 0,
  /** The columns whose distinct cells are gathered (none by default). */
  gather: Gather = () => [],
): SplitCsv {
  return splitCsvFile(
    nodeFiles,
    file,
    file,
    path.join(dir, "s.csv"),
    new RecordFile(nodeFiles, path.join(dir, "lignes")),
    encoding,
    bom,
    gather,
  );
}
