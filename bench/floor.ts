// The floor: DuckDB alone loading the same files, already in UTF-8, with
// read_csv (types detected) into tables of a database file; and a bare count.
import { DuckDBInstance } from "@duckdb/node-api";

const [db, ...files] = process.argv.slice(2);
const instance = await DuckDBInstance.create(db!);
const c = await instance.connect();
const quote = (f: string) => `'${f.replace(/'/g, "''")}'`;
let t = performance.now();
for (const [i, f] of files.entries()) {
  await c.run(
    `CREATE OR REPLACE TABLE t${i} AS SELECT * FROM read_csv(${quote(f)}, delim = ';', header = true)`,
  );
}
const load = performance.now() - t;
t = performance.now();
for (const f of files)
  await c.runAndReadAll(`SELECT count(*) FROM read_csv(${quote(f)}, delim = ';', header = true)`);
const count = performance.now() - t;
c.closeSync();
instance.closeSync();
process.stdout.write(JSON.stringify({ load, count, rssMB: process.resourceUsage().maxRSS / 1024 }));
