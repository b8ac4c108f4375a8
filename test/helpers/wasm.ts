// DuckDB-Wasm 1.29 (the browser's engine) in Node, blocking build, for the tests.
import { createRequire } from "node:module";
import path from "node:path";
import type { WasmConnection } from "../../loaders/check/wasm-engine.js";

const require = createRequire(import.meta.url);

export async function wasmConnection(): Promise<WasmConnection & { close(): void }> {
  const duckdb = require("@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs");
  const dist = path.dirname(require.resolve("@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs"));
  const bundles = {
    mvp: {
      mainModule: path.join(dist, "duckdb-mvp.wasm"),
      mainWorker: path.join(dist, "duckdb-node-mvp.worker.cjs"),
    },
    eh: {
      mainModule: path.join(dist, "duckdb-eh.wasm"),
      mainWorker: path.join(dist, "duckdb-node-eh.worker.cjs"),
    },
  };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate(() => {});
  const connection = db.connect();
  return {
    query: (sql: string) => connection.query(sql),
    insertArrowFromIPCStream: (buffer, options) =>
      connection.insertArrowFromIPCStream(buffer, options),
    registerFileBuffer: (name: string, bytes: Uint8Array) => db.registerFileBuffer(name, bytes),
    dropFile: (name: string) => db.dropFile(name),
    close: () => connection.close(),
  };
}
