// The list of agreed actions (spec/agrements.md) and the response to the
// questionnaire: every value computed by hand, in the comments.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { action, agrement, collectif, cp1252, toCsv, type Row } from "./helpers/export.js";
import { cli, query, tempDir, writeExport } from "./helpers/warehouse.js";

/** A valid SIRET (Luhn) from 13 digits. */
function siret(base: string): string {
  for (let d = 0; d <= 9; d++) {
    const digits = base + d;
    let sum = 0;
    for (let i = 0; i < 14; i++) {
      let n = Number(digits[13 - i]);
      if (i % 2 === 1) n = n * 2 > 9 ? n * 2 - 9 : n * 2;
      sum += n;
    }
    if (sum % 10 === 0) return digits;
  }
  throw new Error("no check digit");
}

const S1 = siret("7820154300001");
const S2 = siret("4411122233300");
const S5 = siret("5555555555550");
const S6 = siret("1311111111110");
const S7 = siret("7777777777770");

function writeList(dir: string, rows: Row[], name: string): string {
  const file = path.join(dir, `${name}.csv`);
  writeFileSync(file, cp1252(toCsv("Agréments", rows)));
  return file;
}

type Indicators = Record<string, string | number | null>;
const RESPONSE = [
  "actions_agreees",
  "actions_agreees_repondu",
  "taux_reponse",
  "structures_agreees",
  "structures_repondu",
  "taux_reponse_structures",
  "montant_agree",
  "actions_hors_liste",
];

async function indicators(db: string): Promise<Map<string, Indicators>> {
  const out = await cli("indicators", "--db", db, "--format", "json");
  expect(out.status, out.stderr).toBe(0);
  const rows = JSON.parse(out.stdout) as Indicators[];
  // the contract: the eight keys after the indicators of spec/indicators.md, in the spec's order
  const keys = Object.keys(rows[0]!);
  expect(keys.slice(keys.indexOf("actions_agreees"), keys.indexOf("actions_agreees") + 8)).toEqual(
    RESPONSE,
  );
  return new Map(rows.map((r) => [String(r.departement), r]));
}

const response = (r: Indicators | undefined) =>
  r ? Object.fromEntries(RESPONSE.map((k) => [k, r[k]])) : undefined;

let dir: string;
let db: string;

beforeAll(async () => {
  dir = tempDir();
  db = path.join(dir, "clas.duckdb");
  // the export: in 78, A1 and A2 (S1), A3 (S7: another SIRET than the list's), X9 (not agreed); in 44, B1
  const exported = writeExport(
    dir,
    [
      action({ id_action: "A1", siret: S1 }),
      action({ id_action: "A2", siret: S1 }),
      action({ id_action: "A3", siret: S7 }),
      action({ id_action: "X9", siret: S1 }),
      action({ id_action: "B1", departement: "44", siret: S2 }),
    ],
    [
      ...["A1", "A2", "A3", "X9"].map((id) => collectif({ id_action: id })),
      collectif({ id_action: "B1", departement: "44", code_insee: "44109" }),
    ],
  );
  // the list: in 78, A1 and A2 (S1), A3 and A4 (S2), A5 (S5), A1 again (a duplicate);
  // in 13, C1 (S6) and no export; in 2A, one row rejected (a negative amount)
  const list = writeList(
    dir,
    [
      agrement({ id_action: "A1", siret: S1, montant_agree: "1 000" }),
      agrement({ id_action: "A2", siret: S1, montant_agree: "2 000" }),
      agrement({ id_action: "A3", siret: S2, montant_agree: "1 500" }),
      agrement({ id_action: "A4", siret: S2, montant_agree: "500" }),
      agrement({ id_action: "A5", siret: S5, montant_agree: "700" }),
      agrement({ id_action: "A1", siret: S1, montant_agree: "9 999" }),
      agrement({ id_action: "C1", departement: "13", siret: S6, montant_agree: "3 000,00 €" }),
      agrement({ id_action: "Z1", departement: "2A", siret: S6, montant_agree: "-5" }),
    ],
    "agrements",
  );
  const result = await cli("ingest", "--db", db, ...exported, list);
  expect(result.status, result.stderr).toBe(0);
});

describe("the response to the questionnaire", () => {
  it("per département, from the list: answered, not answered, outside the list", async () => {
    const rows = await indicators(db);
    // 78: 5 agreed (the duplicate rejected); A1, A2, A3 answered (A3 by its key, whatever its SIRET)
    expect(response(rows.get("78"))).toEqual({
      actions_agreees: 5,
      actions_agreees_repondu: 3,
      taux_reponse: 3 / 5,
      // structures: the list's SIRETs S1, S2, S5; S1 and S2 have an answered action
      structures_agreees: 3,
      structures_repondu: 2,
      taux_reponse_structures: 2 / 3,
      montant_agree: 1000 + 2000 + 1500 + 500 + 700,
      // X9, accepted, is not in the list
      actions_hors_liste: 1,
    });
    // 44: no list, every key null
    expect(response(rows.get("44"))).toEqual(Object.fromEntries(RESPONSE.map((k) => [k, null])));
    // a rejected agreed action is no rejected row of the export
    expect(rows.get("78")!.lignes_rejetees).toBe(0);
  });

  it("a slice with a list and no export has its row, its export counts 0 and rates null", async () => {
    const rows = await indicators(db);
    const r13 = rows.get("13")!;
    expect(r13.actions).toBe(0);
    expect(r13.taux_conformite).toBeNull();
    expect(response(r13)).toEqual({
      actions_agreees: 1,
      actions_agreees_repondu: 0,
      taux_reponse: 0,
      structures_agreees: 1,
      structures_repondu: 0,
      taux_reponse_structures: 0,
      montant_agree: 3000,
      actions_hors_liste: 0,
    });
    // rejected agreed actions alone give a slice no row
    expect(rows.has("2A")).toBe(false);
  });

  it("for France, from the départements that have a list; a structure counts once", async () => {
    const fr = (await indicators(db)).get("FR")!;
    expect(response(fr)).toEqual({
      actions_agreees: 6,
      actions_agreees_repondu: 3,
      taux_reponse: 3 / 6,
      // S1, S2, S5, S6 nationwide; S1 and S2 answered
      structures_agreees: 4,
      structures_repondu: 2,
      taux_reponse_structures: 2 / 4,
      montant_agree: 5700 + 3000,
      // 44 has no list: B1 does not count
      actions_hors_liste: 1,
    });
  });

  it("the list's rejects are reported as the export's, with table Agréments and the N° dossier as key", async () => {
    const exported = [
      path.join(dir, "export-actions.csv"),
      path.join(dir, "export-collectifs.csv"),
    ];
    const check = await cli(
      "check",
      "--format",
      "json",
      ...exported,
      path.join(dir, "agrements.csv"),
    );
    const report = JSON.parse(check.stdout);
    expect(report.files.find((f: Row) => f.table === "Agréments")).toMatchObject({
      rows: 8,
      accepted: 6,
      rejected: 2,
    });
    expect(
      report.rejects
        .filter((r: Row) => r.table === "Agréments")
        .map((r: { key: string; problems: { message: string }[] }) => [
          r.key,
          r.problems[0]!.message,
        ]),
    ).toEqual([
      ["A1", expect.stringContaining("doublon : cette action agréée a déjà été lue ligne 2")],
      ["Z1", "montant négatif : un montant positif ou nul est attendu"],
    ]);
  });
});

describe("ingesting a list, or an export, replaces only its own", () => {
  it("a list alone replaces the list of its slices, and leaves the export", async () => {
    const one = tempDir();
    const base = path.join(one, "clas.duckdb");
    const exported = writeExport(
      one,
      [action({ id_action: "A1", siret: S1 }), action({ id_action: "A2", siret: S1 })],
      [collectif({ id_action: "A1" })],
    );
    const first = writeList(
      one,
      [
        agrement({ id_action: "A1", siret: S1 }),
        agrement({ id_action: "A2", siret: S1 }),
        agrement({ id_action: "A3", siret: S2 }),
      ],
      "liste-1",
    );
    expect((await cli("ingest", "--db", base, ...exported, first)).status).toBe(0);
    // a new list of 78, alone: A1 only
    const second = writeList(one, [agrement({ id_action: "A1", siret: S1 })], "liste-2");
    const alone = await cli("ingest", "--db", base, second);
    expect(alone.status, alone.stderr).toBe(0);
    let r78 = (await indicators(base)).get("78")!;
    expect([
      r78.actions,
      r78.actions_agreees,
      r78.actions_agreees_repondu,
      r78.actions_hors_liste,
    ]).toEqual([2, 1, 1, 1]);
    // the export again: the list stays
    expect((await cli("ingest", "--db", base, ...exported)).status).toBe(0);
    r78 = (await indicators(base)).get("78")!;
    expect([r78.actions, r78.actions_agreees]).toEqual([2, 1]);
    // a list whose only row of 78 is now rejected: 78 has no list any more
    const broken = writeList(
      one,
      [agrement({ id_action: "A1", siret: S1, montant_agree: "abc" })],
      "liste-3",
    );
    expect((await cli("ingest", "--db", base, broken)).status).toBe(0);
    r78 = (await indicators(base)).get("78")!;
    expect(r78.actions_agreees).toBeNull();
    expect(r78.actions).toBe(2);
    expect(await query(base, "SELECT count(*)::INTEGER n FROM agrements")).toEqual([{ n: 0 }]);
  });

  it("a list in an empty database: a row per département, and France's", async () => {
    const one = tempDir();
    const base = path.join(one, "clas.duckdb");
    const list = writeList(one, [agrement({ departement: "59", id_action: "N1" })], "liste");
    expect((await cli("ingest", "--db", base, list)).status).toBe(0);
    const rows = await indicators(base);
    expect([...rows.keys()]).toEqual(["59", "FR"]);
    expect(rows.get("FR")!.taux_reponse).toBe(0);
  });
});
