// One run of the pipeline on export files, timed stage by stage; prints JSON.
// Run in a child process so that its peak memory (max RSS) is its own.
import { readFileSync } from "node:fs";
import { validateExport, type ReadFile } from "../loaders/export/batch.js";
import { readDepartements } from "../loaders/geo/load.js";
import { computeIndicators } from "../loaders/indicators/compute.js";
import { loadContext, loadReferentiel } from "../loaders/pipeline.js";
import { parseCsv } from "../loaders/read/csv.js";
import { decodeText } from "../loaders/read/encoding.js";
import { openWarehouse } from "../loaders/warehouse/db.js";
import { storeBatch } from "../loaders/warehouse/store.js";

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
let t = performance.now();
const lap = (stage: string) => {
  const now = performance.now();
  stages[stage]! += now - t;
  t = now;
};
const texts = files.map((file) => {
  const decoded = decodeText(readFileSync(file), file);
  return { file, ...decoded };
});
lap("transcode");
const read: ReadFile[] = texts.map(({ file, text, encoding }) => {
  const { delimiter, header, records } = parseCsv(text);
  return {
    file,
    hash: file,
    tables: [{ file, sheet: null, encoding, delimiter, header, records }],
  };
});
lap("read");
const batch = validateExport(read, context);
lap("validate");
const warehouse = await openWarehouse(db!, { create: true });
await storeBatch(warehouse.connection, batch, { now: new Date(0), referentiel, mark: lap });
await computeIndicators(warehouse.connection, departements, null);
lap("indicators");
warehouse.close();
const rows = batch.files.reduce((s, f) => s + f.rows, 0);
process.stdout.write(
  JSON.stringify({ stages, rows, rssMB: process.resourceUsage().maxRSS / 1024 }),
);
