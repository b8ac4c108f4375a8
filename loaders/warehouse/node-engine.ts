// The SQL engine on DuckDB for Node: statements and queries on a connection,
// rows appended through DuckDB's appender, each cell by its type's method.
import {
  DECIMAL,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBInstance,
  DuckDBTimestampValue,
  type DuckDBAppender,
  type DuckDBConnection,
} from "@duckdb/node-api";
import type { Cell, ColumnType, SqlEngine } from "./engine.js";

const MONEY = DECIMAL(18, 2);

function daysSinceEpoch(iso: string): number {
  return (
    Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) /
    86_400_000
  );
}

/**
 * How a cell of each column type is appended: through the appender's typed method, which
 * hands the value to DuckDB as it is (the generic `appendValue` builds a DuckDB value first,
 * three times the cost on the ingest's judged values and keys).
 */
const APPEND: Record<ColumnType, (a: DuckDBAppender, v: NonNullable<Cell>) => void> = {
  VARCHAR: (a, v) => a.appendVarchar(String(v)),
  INTEGER: (a, v) => a.appendInteger(v as number),
  DOUBLE: (a, v) => a.appendDouble(v as number),
  BOOLEAN: (a, v) => a.appendBoolean(v as boolean),
  DATE: (a, v) => a.appendDate(new DuckDBDateValue(daysSinceEpoch(v as string))),
  "DECIMAL(18,2)": (a, v) => a.appendValue(new DuckDBDecimalValue(v as bigint, 18, 2), MONEY),
  TIMESTAMP: (a, v) =>
    a.appendTimestamp(new DuckDBTimestampValue(BigInt((v as Date).getTime()) * 1000n)),
};

/** The engine on a connection; given the connection's `instance`, it forks (engine.ts sideBySide). */
export function nodeEngine(connection: DuckDBConnection, instance?: DuckDBInstance): SqlEngine {
  return {
    runtime: "node",
    ...(instance && {
      async fork() {
        const other = await instance.connect();
        return { engine: nodeEngine(other, instance), close: () => other.closeSync() };
      },
    }),
    async exec(sql) {
      await connection.run(sql);
    },
    async query(sql) {
      return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
    },
    async appender(table, types, database) {
      const appender = await connection.createAppender(table, null, database ?? null);
      const columns = types.map((t) => APPEND[t]);
      return {
        row(cells) {
          for (let i = 0; i < columns.length; i++) {
            const v = cells[i];
            if (v === null || v === undefined) appender.appendNull();
            else columns[i]!(appender, v);
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
    engine: nodeEngine(connection, instance),
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
