// The floor: DuckDB alone loading the same files, already in UTF-8, with
// read_csv (types detected) into tables of a database file; and a bare count.
// The load is measured twice: in DuckDB's default storage format (the floor the
// issue defines), then in the warehouse's (db.ts STORAGE_VERSION), which DuckDB
// writes faster: the pipeline writes in that one.
import { DuckDBInstance } from "@duckdb/node-api";
import { rmSync } from "node:fs";
import { STORAGE_VERSION } from "../loaders/warehouse/db.js";

const [db, ...files] = process.argv.slice(2);
const quote = (f: string) => `'${f.replace(/'/g, "''")}'`;

/** The files loaded into `file`, in ms; the bare count too when `count`. */
async function measure(file: string, options: Record<string, string>, count: boolean) {
  rmSync(file, { force: true });
  const instance = await DuckDBInstance.create(file, options);
  const c = await instance.connect();
  let t = performance.now();
  for (const [i, f] of files.entries()) {
    await c.run(
      `CREATE OR REPLACE TABLE t${i} AS SELECT * FROM read_csv(${quote(f)}, delim = ';', header = true)`,
    );
  }
  const load = performance.now() - t;
  t = performance.now();
  if (count)
    for (const f of files)
      await c.runAndReadAll(
        `SELECT count(*) FROM read_csv(${quote(f)}, delim = ';', header = true)`,
      );
  const counted = performance.now() - t;
  c.closeSync();
  instance.closeSync();
  rmSync(file, { force: true });
  return { load, count: counted };
}

const { load, count } = await measure(db!, {}, true);
const same = await measure(
  `${db}.format`,
  { storage_compatibility_version: STORAGE_VERSION },
  false,
);
process.stdout.write(
  JSON.stringify({
    load,
    count,
    loadSameFormat: same.load,
    rssMB: process.resourceUsage().maxRSS / 1024,
  }),
);
