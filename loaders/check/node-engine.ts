// The check's SQL engine on DuckDB for Node (an in-memory database of its own).
import {
  BOOLEAN,
  DOUBLE,
  DuckDBInstance,
  INTEGER,
  VARCHAR,
  type DuckDBConnection,
  type DuckDBType,
} from "@duckdb/node-api";
import type { ColumnType, SqlEngine } from "./engine.js";

export function nodeEngine(connection: DuckDBConnection): SqlEngine {
  return {
    async exec(sql) {
      await connection.run(sql);
    },
    async query(sql) {
      return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
    },
    async load(table, columns, rows) {
      await connection.run(
        `CREATE OR REPLACE TABLE ${table} (${columns.map((c) => `${c.name} ${c.type}`).join(", ")})`,
      );
      const appender = await connection.createAppender(table);
      const types: Record<ColumnType, DuckDBType> = { VARCHAR, DOUBLE, INTEGER, BOOLEAN };
      for (const row of rows) {
        row.forEach((v, i) => {
          const type = columns[i]!.type;
          appender.appendValue(type === "VARCHAR" && v !== null ? String(v) : v, types[type]);
        });
        appender.endRow();
      }
      appender.flushSync();
      appender.closeSync();
    },
  };
}

export async function memoryEngine(): Promise<{ engine: SqlEngine; close(): void }> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  return {
    engine: nodeEngine(connection),
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
