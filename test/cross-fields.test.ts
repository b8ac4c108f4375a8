// Each cross-field check of the export decides as its SQL twin: the rows the
// typed query vouches for are those the validator lets through untouched.
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { CROSS_FIELD_CHECKS, DROPPED, type RowUnderCheck } from "../loaders/export/cross-fields.js";
import type { ValidationContext } from "../loaders/export/validate.js";
import type { Value } from "../loaders/export/types.js";

/** Communes: 59350 in the Nord, 75056 in Paris; an old code of Lille. */
const ctx = {
  communes: {
    resolve: (code: string) =>
      ({
        "59350": { code: "59350", nom: "Lille", departement: "59", via: "actuel" },
        "75056": { code: "75056", nom: "Paris", departement: "75", via: "actuel" },
      })[code] ?? null,
  },
} as unknown as ValidationContext;

type Row = Record<string, Value> & { t_latitude?: string | null; t_longitude?: string | null };

/** Rows that pass and rows that fail each check, with the cells as read where the check reads them. */
const CASES: Record<string, [Row, boolean][]> = {
  dates: [
    [{ date_debut: "2024-09-01", date_fin: "2025-06-30" }, true],
    [{ date_debut: "2024-09-01", date_fin: "2024-09-01" }, true],
    [{ date_debut: "2024-09-01", date_fin: "2024-08-31" }, false],
    [{ date_debut: null, date_fin: "2024-08-31" }, true],
  ],
  filles: [
    [{ filles: 5, enfants: 10 }, true],
    [{ filles: 10, enfants: 10 }, true],
    [{ filles: 11, enfants: 10 }, false],
    [{ filles: null, enfants: 10 }, true],
  ],
  formation: [
    [{ intervenants_formation: 3, intervenants_salaries: 2, intervenants_benevoles: 1 }, true],
    [{ intervenants_formation: 4, intervenants_salaries: 2, intervenants_benevoles: 1 }, false],
    [{ intervenants_formation: 4, intervenants_salaries: null, intervenants_benevoles: 1 }, true],
  ],
  coordonnees: [
    [{ latitude: null, longitude: null, t_latitude: null, t_longitude: null }, true],
    [{ latitude: 50.63, longitude: 3.06, t_latitude: "50,63", t_longitude: "3,06" }, true],
    [{ latitude: -21.1, longitude: 55.5, t_latitude: "-21,1", t_longitude: "55,5" }, true],
    [{ latitude: 40.4, longitude: -3.7, t_latitude: "40,4", t_longitude: "-3,7" }, false],
    [{ latitude: 50.63, longitude: null, t_latitude: "50,63", t_longitude: null }, false],
    [{ latitude: null, longitude: null, t_latitude: "nord", t_longitude: "3,06" }, false],
  ],
  // a visit's date from 1 July of the campagne's first year to 31 December of its second
  date_visite: [
    [{ campagne: "2024-2025", date_visite: "2024-07-01" }, true],
    [{ campagne: "2024-2025", date_visite: "2025-12-31" }, true],
    [{ campagne: "2024-2025", date_visite: "2024-06-30" }, false],
    [{ campagne: "2024-2025", date_visite: "2026-01-01" }, false],
    [{ campagne: "2024-2025", date_visite: null }, true],
  ],
  commune: [
    [{ code_insee: "59350", departement: "59", commune_departement: "59" }, true],
    [{ code_insee: "75056", departement: "59", commune_departement: "75" }, false],
  ],
};

function underCheck(row: Row): RowUnderCheck {
  const text = (f: string) => {
    const raw = f === "latitude" ? row.t_latitude : f === "longitude" ? row.t_longitude : row[f];
    return raw === null || raw === undefined ? "" : String(raw);
  };
  return {
    values: { ...row },
    warnings: [],
    text,
    header: (f) => f,
    reject: () => {},
    drop: () => {},
  };
}

/** The typed query's column types: numbers, dates, and text (codes, cells as read). */
const sqlType = (column: string) =>
  /^(filles|enfants|intervenants_.*)$/.test(column)
    ? "INTEGER"
    : /^(latitude|longitude)$/.test(column)
      ? "DOUBLE"
      : column.startsWith("date")
        ? "DATE"
        : "VARCHAR";

const sqlLiteral = (v: unknown) =>
  v === null || v === undefined
    ? "NULL"
    : typeof v === "number"
      ? String(v)
      : /^\d{4}-\d{2}-\d{2}$/.test(String(v))
        ? `DATE '${String(v)}'`
        : `'${String(v)}'`;

describe("the cross-field checks, in JavaScript and in SQL", () => {
  it("every check has cases, and each case is decided alike by its test and its SQL twin", async () => {
    expect(Object.keys(CASES).sort()).toEqual(CROSS_FIELD_CHECKS.map((c) => c.name).sort());
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    try {
      for (const check of CROSS_FIELD_CHECKS) {
        for (const [row, expected] of CASES[check.name]!) {
          expect(check.holds(underCheck(row), ctx), `${check.name} ${JSON.stringify(row)}`).toBe(
            expected,
          );
          const columns = Object.keys(row);
          const sql = `SELECT coalesce(${check.sql}, false) AS passe FROM (VALUES (${columns
            .map((c) => `${sqlLiteral(row[c])}::${sqlType(c)}`)
            .join(", ")})) AS t(${columns.join(", ")})`;
          const passes = (await connection.runAndReadAll(sql)).getRows()[0]![0];
          expect(passes, `${check.name} en SQL ${JSON.stringify(row)}`).toBe(expected);
        }
      }
    } finally {
      connection.closeSync();
    }
  });

  it("a failure that only warns is worded alike by the check and its SQL twin", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const header = (f: string) => `[${f}]`;
    let compared = 0;
    try {
      for (const check of CROSS_FIELD_CHECKS.filter((c) => c.warning)) {
        for (const [row] of CASES[check.name]!.filter(([, passes]) => !passes)) {
          // the validator's drop (validate.ts): the cell's warning, then the value emptied
          const base = underCheck(row);
          const warnings: { column: string; value: string; message: string }[] = [];
          check.fail(
            {
              ...base,
              warnings,
              header,
              drop: (f, message) =>
                warnings.push({
                  column: header(f),
                  value: base.text(f),
                  message: message + DROPPED,
                }),
            },
            ctx,
          );
          // SQL: the typed columns, and the cells as read (`t_<field>`)
          const cells: Row = { ...row };
          for (const f of check.raws ?? [])
            if (!(`t_${f}` in cells)) cells[`t_${f}`] = row[f] == null ? null : String(row[f]);
          const columns = Object.keys(cells);
          const w = check.warning!;
          const sql = `SELECT ${w.value} AS value, ${w.message} AS message FROM (VALUES (${columns
            .map((c) => `${sqlLiteral(cells[c])}::${c.startsWith("t_") ? "VARCHAR" : sqlType(c)}`)
            .join(", ")})) AS t(${columns.join(", ")})`;
          const [value, message] = (await connection.runAndReadAll(sql)).getRows()[0]!;
          expect(warnings, `${check.name} ${JSON.stringify(row)}`).toEqual([
            { column: w.column(header), value, message },
          ]);
          compared++;
        }
      }
    } finally {
      connection.closeSync();
    }
    expect(compared).toBe(5);
  });

  it("a failure says what it does: the row rejected or the value dropped, in French", () => {
    const problems: string[] = [];
    const dropped: string[] = [];
    const row: RowUnderCheck = {
      ...underCheck({ date_debut: "2024-09-01", date_fin: "2024-08-31", filles: 11, enfants: 10 }),
      reject: (field, message) => problems.push(`${field}: ${message}`),
      drop: (field, message) => dropped.push(`${field}: ${message}`),
    };
    for (const name of ["dates", "filles"])
      CROSS_FIELD_CHECKS.find((c) => c.name === name)!.fail(row, ctx);
    expect(problems).toEqual([
      "date_fin: la date de fin précède la date de début (2024-09-01) : une date de fin postérieure ou égale est attendue",
    ]);
    expect(dropped).toEqual(["filles: « dont filles » (11) dépasse « Enfants inscrits » (10)"]);
  });
});
