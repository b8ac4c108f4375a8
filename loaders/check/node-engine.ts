// The check's SQL engine on DuckDB for Node (an in-memory database of its own).
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import type { Cell, ColumnType, SqlEngine } from "./engine.js";

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
      const append: Record<ColumnType, (v: Cell) => void> = {
        VARCHAR: (v) => appender.appendVarchar(String(v)),
        DOUBLE: (v) => appender.appendDouble(v as number),
        INTEGER: (v) => appender.appendInteger(v as number),
        BOOLEAN: (v) => appender.appendBoolean(v as boolean),
      };
      for (const row of rows) {
        row.forEach((v, i) => (v === null ? appender.appendNull() : append[columns[i]!.type](v)));
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
