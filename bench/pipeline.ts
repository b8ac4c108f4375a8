// One run of the pipeline on export files, timed stage by stage; prints JSON.
// Run in a child process so that its peak memory (max RSS) is its own.
// Stages: transcode (probe and byte scan of each file: hash, encoding, split
// into plain lines in UTF-8 and records for the format's reader), read
// (DuckDB's reader over the plain lines: each judged column's distinct values,
// judged by the validator; the rows typed and vouched for by SQL), validate
// (the others validated in JavaScript, keys claimed across files), store (the
// transaction's inserts), rules, indicators.
import { readDepartements } from "../loaders/geo/load.js";
import { computeIndicators } from "../loaders/indicators/compute.js";
import type { IngestStage } from "../loaders/ingest/ingest.js";
import { ingestFiles } from "../loaders/ingest/ingest-files.js";
import { loadContext, loadReferentiel } from "../loaders/configuration.js";
import { tempRoot } from "../loaders/ingest/workdir.js";
import { openWarehouse } from "../loaders/warehouse/db.js";

const [db, ...files] = process.argv.slice(2);
const context = await loadContext();
const referentiel = await loadReferentiel();
const departements = await readDepartements();
const stages: Record<string, number> = {
  transcode: 0,
  read: 0,
  validate: 0,
  store: 0,
  rules: 0,
  indicators: 0,
};
const warehouse = await openWarehouse(db!, { create: true });
let t = performance.now();
const lap = (stage: IngestStage | "indicators") => {
  const now = performance.now();
  stages[stage]! += now - t;
  t = now;
};
const result = await ingestFiles(warehouse.engine, files, context, {
  now: new Date(0),
  referentiel,
  mark: lap,
  workRoot: tempRoot(db!),
});
await computeIndicators(warehouse.engine, departements, null);
lap("indicators");
warehouse.close();
const rows = result.files.reduce((s, f) => s + f.rows, 0);
process.stdout.write(
  JSON.stringify({ stages, rows, rssMB: process.resourceUsage().maxRSS / 1024 }),
);
