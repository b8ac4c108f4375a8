// The judged columns' distinct cells, gathered by the byte scan (distinct-cells.ts): a plain
// form's column is not gathered, a judged one's cells are each met once, written as DuckDB's
// reader reads them (the property tests compare them with DuckDB's on any cells). And the two
// forms of the typed query (typedQuery): a field's few judged cells written in the query, or
// many joined from the table of judged values, type the same rows; a plain form's cell not
// written plainly is never judged, and leaves its row to the validator.
import { DuckDBInstance } from "@duckdb/node-api";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { ACTION_FIELDS } from "../loaders/export/fields.js";
import { CellSet, gatheredColumns } from "../loaders/ingest/distinct-cells.js";
import { INLINE_VALUES, isJudged, typedQuery, type Judged } from "../loaders/ingest/typed-sql.js";
import { CREATE_VALUES, rawSource } from "../loaders/ingest/work-sql.js";
import { testContext } from "./helpers/context.js";
import { action, cp1252, toCsv } from "./helpers/export.js";
import { splitInto } from "./helpers/split.js";
import { tempDir } from "./helpers/temp.js";

const field = (name: string) => ACTION_FIELDS.find((f) => f.name === name)!;
/** The three columns of the plain lines below, and their headers in the file. */
const FIELDS = [field("type_structure"), field("budget_total"), field("siret")];
const header = (name: string) => `«${name}»`;
const WARNING = {
  colonne: "«type_structure»",
  valeur: "ccas",
  message: "lu CCAS (exemple)",
};

/**
 * Plain lines (each its number, then its cells; « 12 000,50 » is a plain amount SQL types
 * itself) in a file, as the ingest's reader reads them.
 */
function plainLines(): string {
  const lines = [
    "2;Centre social;12 000,50;73282932000074",
    "3;CCAS;12.000,50;73282932000075",
    "4;Centre social;douze mille;",
    "5;;;",
    "6;ccas;12 000,50;73282932000074",
    "7;Centre social;12.000,50;73282932000074",
  ];
  const file = path.join(tempDir(), "0.csv");
  writeFileSync(file, lines.join("\n") + "\n");
  return rawSource(file, ";", FIELDS.length);
}

it("the byte scan gathers each judged column's distinct cells; a plain form's are not judged", async () => {
  // the ingest asks for the judged columns only: not an amount, not a SIRET
  expect(FIELDS.map(isJudged)).toEqual([true, false, false]);
  const kinds = ["Centre social", "CCAS", "ccas", "Centre social", "Association « loi 1901 »"];
  const dir = tempDir();
  const file = path.join(dir, "actions.csv");
  writeFileSync(
    file,
    cp1252(
      toCsv(
        "Actions",
        kinds.map((type_structure) => action({ type_structure })),
      ),
    ),
  );
  const split = splitInto(
    dir,
    file,
    "windows-1252",
    0,
    gatheredColumns((await testContext()).mapping),
  );
  const headers = split.header!.cells;
  const gathered = split.distinct.columns.map((c) => headers[c]);
  expect(gathered).toContain(field("type_structure").header);
  expect(gathered).not.toContain(field("budget_total").header);
  expect(gathered).not.toContain(field("siret").header);
  expect(gathered).not.toContain(field("porteur_nom").header);
  const k = gathered.indexOf(field("type_structure").header);
  expect(split.distinct.cells[k]).toEqual([
    "Centre social",
    "CCAS",
    "ccas",
    "Association « loi 1901 »",
  ]);
});

it("a column's distinct cells, however many, each kept once in the order first met", () => {
  // cells of every length, alike but for one byte anywhere (a date's month, a code's last digit),
  // and enough of one length (600,000) for some to share their 32-bit hash: their bytes decide
  const cells = Array.from({ length: 60_000 }, (_, i) => {
    const n = i % 25_000;
    return i % 3 === 0
      ? `${String((n % 28) + 1).padStart(2, "0")}/${String((n % 12) + 1).padStart(2, "0")}/${2000 + (n % 30)}`
      : "x".repeat(n % 13) + String(n);
  });
  // (unlike in their first eight bytes, or in their ninth)
  for (let n = 0; n < 300_000; n++) {
    const digits = String(n).padStart(8, "0");
    cells.push(`${digits}x`, `x${digits}`, String(n % 7));
  }
  const bytes = new TextEncoder().encode(cells.join(""));
  const view = new DataView(bytes.buffer);
  const set = new CellSet();
  const text = (from: number, to: number) => new TextDecoder().decode(bytes.subarray(from, to));
  let at = 0;
  for (const cell of cells) {
    set.add(bytes, view, at, at + cell.length, text);
    at += cell.length;
  }
  // compared as one text each (no cell holds a line break): a deep comparison took a second
  expect(set.texts.join("\n")).toBe([...new Set(cells)].join("\n"));
});

it("a field's few judged cells written in the query, or many joined, type the same rows; a plain form's other cells are the validator's", async () => {
  const fields = FIELDS;
  const source = plainLines();
  const j = (
    text: string,
    value: string | null,
    clean: boolean,
    warning: string | null = null,
  ): Judged => ({ text, value, clean, warning, departement: null });
  // what the validator says of the judged cells (values made up here)
  const few = new Map<string, Judged[]>([
    [
      "type_structure",
      [
        j("Centre social", "Centre social", true),
        j("CCAS", "CCAS", true),
        j("ccas", "CCAS", false, "lu CCAS (exemple)"),
      ],
    ],
  ]);
  // as many, each field padded past the inline limit with cells the file does not hold
  const many = new Map(
    [...few].map(([name, list]) => [
      name,
      [...list, ...Array.from({ length: INLINE_VALUES }, (_, i) => j(`autre ${i}`, null, false))],
    ]),
  );
  const db = await DuckDBInstance.create(":memory:");
  const connection = await db.connect();
  await connection.run("ATTACH ':memory:' AS travail");
  await connection.run(CREATE_VALUES);
  for (const [name, list] of many)
    for (const v of list)
      await connection.run(
        `INSERT INTO travail.valeurs VALUES ('${name}', '${v.text}', ${v.value === null ? "NULL" : `'${v.value}'`}, ${v.clean}, ${v.warning === null ? "NULL" : `'${v.warning}'`}, NULL)`,
      );
  const typed = async (judged: Map<string, Judged[]>) =>
    (
      await connection.runAndReadAll(
        `${typedQuery(source, "Actions", fields, judged, header).sql} ORDER BY ligne`,
      )
    ).getRowObjectsJson();
  const inline = await typed(few);
  const joined = await typed(many);
  expect(joined).toEqual(inline);
  expect(
    inline.map((r) => [r.type_structure, r.budget_total, r.siret, r.propre, r.avertissements]),
  ).toEqual([
    ["Centre social", "12000.50", "73282932000074", true, null],
    // an amount not written plainly, a SIRET failing its check: the validator's rows
    ["CCAS", null, null, false, null],
    ["Centre social", null, null, false, null],
    [null, null, null, false, null],
    // a judged cell accepted with a warning: the row vouched for, the warning as the validator words it
    ["CCAS", "12000.50", "73282932000074", true, [WARNING]],
    ["Centre social", null, "73282932000074", false, null],
  ]);
  // the plain forms join nothing; a judged field past the limit joins its values
  expect(typedQuery(source, "Actions", fields, new Map(), header).sql).not.toContain("JOIN");
  expect(typedQuery(source, "Actions", fields, many, header).sql.match(/LEFT JOIN/g)).toHaveLength(
    1,
  );
  connection.closeSync();
});
