// Opening the DuckDB database file (Node only).
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { SqlEngine } from "./engine.js";
import { nodeEngine } from "./node-engine.js";
import { CREATE_SCHEMA, SCHEMA_VERSION } from "./schema.js";
import { sqlString } from "./sql-text.js";

export const DEFAULT_DB = "data/clas.duckdb";

/**
 * DuckDB's memory: past this it writes to its temporary folder (next to the
 * database). With Node's own, a national export at scale 100 peaked at 0.86–1.05 GB over
 * eleven runs (`npm run bench`; 400 MB gave 0.92–1.1 GB in paired runs, in the same time;
 * 200 MB runs DuckDB's CSV reader out of memory at scale 100).
 */
export const MEMORY_LIMIT = process.env.CLAS_MEMORY_LIMIT ?? "300MB";

/**
 * The storage format a new database file is written in (the warehouse, the ingest's work
 * database, the purge's copy): DuckDB 1.3's, the first whose strings are compressed by one method
 * (DICT_FSST) rather than by trying dictionary and FSST in turn. DuckDB's default stays its 1.0
 * format, which any DuckDB since 1.0 reads; this one needs 1.3 or later (the project's is 1.5, and
 * no page reads the file). Measured at scale 100 (`bench/pipeline.ts`, alternating pairs): the
 * typed rows' writes 1.0 s shorter, the pipeline 0.5–3.0 s, the processor 1.2–4.0 s, the file
 * 115 MB instead of 129 MB, every stored value the same; the national sample level. A database
 * written before keeps its format (DuckDB reads a file's own); the purge's copy is written in
 * this one.
 */
export const STORAGE_VERSION = "v1.3.0";

/**
 * DuckDB's threads, when `CLAS_THREADS` says how many (else one a core): the test suite
 * runs two workers beside Chromium on two cores, each database on one thread.
 */
const THREADS = process.env.CLAS_THREADS;

export interface Warehouse {
  connection: DuckDBConnection;
  /** The SQL engine on the connection, which forks other connections to the database. */
  engine: SqlEngine;
  close(): void;
}

export class WarehouseError extends Error {}

export async function openWarehouse(
  file: string,
  /** `readOnly`: shared with other readers (builds at once), never written; the schema as it is. */
  options: { create: boolean; readOnly?: boolean },
): Promise<Warehouse> {
  if (!options.create && !existsSync(file)) {
    throw new WarehouseError(
      `base de données introuvable : ${file} (lancer d'abord « clas ingest »)`,
    );
  }
  if (options.create) mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(file, {
      ...(options.readOnly ? { access_mode: "READ_ONLY" } : {}),
      ...(THREADS ? { threads: THREADS } : {}),
      storage_compatibility_version: STORAGE_VERSION,
    });
  } catch (error) {
    const message = (error as Error).message;
    if (/lock/i.test(message)) {
      throw new WarehouseError(
        `base de données ${file} déjà ouverte par un autre processus (un import en cours ?) : réessayer quand il sera terminé`,
      );
    }
    throw error;
  }
  const connection = await instance.connect();
  await connection.run(`SET memory_limit = ${sqlString(MEMORY_LIMIT)}`);
  if (options.readOnly) {
    // the newest table (spec/suivi.md): a database of an earlier version gets the tables it lacks
    const schema = await connection.runAndReadAll(
      "SELECT 1 FROM information_schema.tables WHERE table_name = 'pratiques'",
    );
    if (schema.currentRowCount > 0) return warehouse(instance, connection);
    // a database never written to (or by an earlier version) lacks tables: they are made, as by any other command
    connection.closeSync();
    instance.closeSync();
    return openWarehouse(file, { create: options.create });
  }
  await connection.run(CREATE_SCHEMA);
  const version = await connection.runAndReadAll(
    "SELECT valeur FROM meta WHERE cle = 'schema_version'",
  );
  if (version.currentRowCount === 0) {
    await connection.run(`INSERT INTO meta VALUES ('schema_version', '${SCHEMA_VERSION}')`);
  }
  return warehouse(instance, connection);
}

function warehouse(instance: DuckDBInstance, connection: DuckDBConnection): Warehouse {
  return {
    connection,
    engine: nodeEngine(connection, instance),
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
