// The SQL engine on DuckDB for Node: statements and queries on a connection,
// rows appended through DuckDB's appender with their types.
import {
  BOOLEAN,
  DATE,
  DECIMAL,
  DOUBLE,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBInstance,
  DuckDBTimestampValue,
  INTEGER,
  TIMESTAMP,
  VARCHAR,
  type DuckDBConnection,
  type DuckDBType,
  type DuckDBValue,
} from "@duckdb/node-api";
import type { Cell, ColumnType, SqlEngine } from "./engine.js";

const MONEY = DECIMAL(18, 2);

function daysSinceEpoch(iso: string): number {
  return (
    Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) /
    86_400_000
  );
}

/** Each column type's DuckDB type, and a cell as DuckDB's value of it. */
const TYPES: Record<ColumnType, [DuckDBType, (v: NonNullable<Cell>) => DuckDBValue]> = {
  VARCHAR: [VARCHAR, (v) => String(v)],
  INTEGER: [INTEGER, (v) => v as number],
  DOUBLE: [DOUBLE, (v) => v as number],
  BOOLEAN: [BOOLEAN, (v) => v as boolean],
  DATE: [DATE, (v) => new DuckDBDateValue(daysSinceEpoch(v as string))],
  "DECIMAL(18,2)": [MONEY, (v) => new DuckDBDecimalValue(v as bigint, 18, 2)],
  TIMESTAMP: [TIMESTAMP, (v) => new DuckDBTimestampValue(BigInt((v as Date).getTime()) * 1000n)],
};

export function nodeEngine(connection: DuckDBConnection): SqlEngine {
  return {
    async exec(sql) {
      await connection.run(sql);
    },
    async query(sql) {
      return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
    },
    async appender(table, types, database) {
      const appender = await connection.createAppender(table, null, database ?? null);
      const columns = types.map((t) => TYPES[t]);
      return {
        row(cells) {
          for (let i = 0; i < columns.length; i++) {
            const [type, value] = columns[i]!;
            const v = cells[i];
            appender.appendValue(v === null || v === undefined ? null : value(v), type);
          }
          appender.endRow();
        },
        async close() {
          appender.flushSync();
          appender.closeSync();
        },
      };
    },
  };
}

/** An engine on an in-memory database of its own. */
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
