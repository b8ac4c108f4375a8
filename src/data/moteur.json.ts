// The size of the check's engine (DuckDB-Wasm's WebAssembly), for the check
// page's progress bar while it downloads (a compressed response says no size).
import { statSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../../loaders/configuration.js";

const wasm = path.join(PROJECT_ROOT, "node_modules/@duckdb/duckdb-wasm/dist/duckdb-eh.wasm");
process.stdout.write(JSON.stringify({ octets: statSync(wasm).size }));
