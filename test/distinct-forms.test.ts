// The two forms of the query of each column's distinct cells (typed-sql.ts distinctSql):
// unnested pairs and grouping sets give the same cells, whichever the engine runs.
import { DuckDBInstance } from "@duckdb/node-api";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { ACTION_FIELDS } from "../loaders/export/fields.js";
import { distinctSql, UNNEST_BELOW } from "../loaders/ingest/typed-sql.js";
import { rawSource } from "../loaders/ingest/work-sql.js";
import { tempDir } from "./helpers/temp.js";

it("unnested or grouped, each column's distinct cells are the same, plain forms left out", async () => {
  const field = (name: string) => ACTION_FIELDS.find((f) => f.name === name)!;
  const columns = [
    { index: 0, field: field("type_structure") },
    { index: 1, field: field("budget_total") },
    { index: 2, field: field("siret") },
  ];
  // a plain line: its number, then its cells; « 12 000,50 » is a plain amount SQL types itself
  const lines = [
    "2;Centre social;12 000,50;73282932000074",
    "3;CCAS;12.000,50;73282932000075",
    "4;Centre social;douze mille;",
    "5;;;",
  ];
  const file = path.join(tempDir(), "0.csv");
  writeFileSync(file, lines.join("\n") + "\n");
  const source = rawSource(file, ";", 3);
  const db = await DuckDBInstance.create(":memory:");
  const connection = await db.connect();
  const cells = async (rows: number) =>
    (await connection.runAndReadAll(distinctSql(source, columns, rows, "node")))
      .getRowObjectsJson()
      .map((r) => `${String(r.k)}:${String(r.texte)}`)
      .sort();
  const unnested = await cells(1);
  const grouped = await cells(UNNEST_BELOW.node);
  expect(unnested).toEqual([
    "0:CCAS",
    "0:Centre social",
    "1:12.000,50",
    "1:douze mille",
    "2:73282932000075",
  ]);
  expect(grouped).toEqual(unnested);
  connection.closeSync();
});
