// Field visits and good practices (spec/suivi.md) through the one ingest: every
// rule at its bounds, decided as the reference decides, the values stored as
// the spec says; the sequence of ingests; a workbook; the six indicators.
// Expected values are written by hand, in the comments.
import { writeFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { loadReferentiel } from "../loaders/configuration.js";
import { ingestAndReference, ingestBytes, testContext } from "./helpers/context.js";
import {
  action,
  collectif,
  cp1252,
  pratique,
  toCsv,
  utf8,
  visite,
  type Row,
} from "./helpers/export.js";
import { cli, query, tempDir, writeExport } from "./helpers/warehouse.js";

const now = new Date("2025-07-01T12:00:00Z");

const SUIVI = [
  "visites",
  "actions_visitees",
  "taux_visite",
  "visites_alerte",
  "pratiques",
  "pratiques_publiques",
];

const EDGE_VISITES: Row[] = [
  visite(), // row 2: A1 on 2025-03-12
  visite({ date_visite: "2025-03-12", suite: "Point d'alerte" }), // 3: the same key, written otherwise: duplicate
  visite({ date_visite: "30/06/2024" }), // 4: the day before the campagne: rejected, claims nothing
  visite({ date_visite: "30/06/2024", visiteur: "Comité" }), // 5: the same again: rejected, not a duplicate
  visite({ date_visite: "01/07/2024", suite: "point d'alerte" }), // 6: first day: accepted, normalised
  visite({ date_visite: "31/12/2025", suite: "Réexamen de l'agrément" }), // 7: last day: accepted
  visite({ date_visite: "01/01/2026" }), // 8: the day after: rejected
  visite({ date_visite: "02/10/2024", visiteur: "Jean Dupont" }), // 9: a person, not a role: rejected
  visite({ date_visite: "03/10/2024", points_forts: "é".repeat(2000) }), // 10: 2,000 characters: kept
  visite({ date_visite: "04/10/2024", points_forts: "é".repeat(2001) }), // 11: 2,001: dropped, warning
  visite({ date_visite: "05/10/2024", points_a_ameliorer: "Deux\r\nlignes" }), // 12: kept as « Deux\nlignes »
  visite({ date_visite: "06/10/2024", id_action: "ZZ" }), // 13: an action not in the export: accepted
  visite({ date_visite: "07/10/2024", bonne_pratique: "peut-être" }), // 14: dropped, warning
  visite({ date_visite: "08/10/2024", id_action: "" }), // 15: no N° dossier: rejected
  visite({ date_visite: "09/10/2024", id_action: "A2", suite: "" }), // 16: no suite: rejected
];

const EDGE_PRATIQUES: Row[] = [
  pratique(), // row 2: P1, public
  pratique({ id_pratique: "P2", axes: "Parents, parents | École" }), // {Parents, École}
  pratique({ id_pratique: "P3", axes: "Enfants,,Parents|", diffusion: "interne" }), // {Enfants, Parents}, Interne
  pratique({ id_pratique: "P4", axes: "|," }), // only separators: empty, rejected
  pratique({ id_pratique: "P5", axes: "Enfants, Santé" }), // one unknown value: rejected
  pratique({ id_pratique: "P6", niveaux: "|" }), // optional list of separators: empty, accepted
  pratique({ id_pratique: "P7", niveaux: "Maternelle" }), // optional, unknown: dropped, warning
  pratique({ id_pratique: "P8", titre: "t".repeat(120) }), // 120 characters: accepted
  pratique({ id_pratique: "P9", titre: "t".repeat(121) }), // 121: rejected
  pratique({ id_pratique: "P10", description: "d".repeat(2001) }), // 2,001: rejected
  pratique({ titre: "Une autre" }), // P1 again: duplicate
  pratique({ id_pratique: "P11", id_action: "ZZ" }), // no matching action: accepted
  pratique({ id_pratique: "P12", id_action: "", niveaux: "" }), // no action, no level: accepted
  pratique({ id_pratique: "P13", description: "Un\r\ndeux\rtrois" }), // « Un\ndeux\ntrois »
  pratique({ id_pratique: "P14", diffusion: "Partout" }), // rejected
];

/** An export of two actions (A1, A2) in Yvelines, with their visits and practices, in Windows-1252. */
function suiviFiles(dir: string, visites = EDGE_VISITES, pratiques = EDGE_PRATIQUES): string[] {
  const exported = writeExport(
    dir,
    [action({ id_action: "A1" }), action({ id_action: "A2" })],
    [collectif({ id_action: "A1" }), collectif({ id_action: "A2" })],
  );
  const v = path.join(dir, "visites.csv");
  const p = path.join(dir, "pratiques.csv");
  writeFileSync(v, cp1252(toCsv("Visites", visites)));
  writeFileSync(p, cp1252(toCsv("Pratiques", pratiques)));
  return [...exported, v, p];
}

type Stored = Record<string, unknown>;
const byKey = (rows: { values: Stored }[], key: string) =>
  new Map(rows.map((r) => [String(r.values[key]), r.values]));

describe("the two tables through the one ingest (spec/suivi.md)", () => {
  it("decide every rule at its bounds as the reference does, and store the values the spec says", async () => {
    const run = await ingestAndReference(
      suiviFiles(tempDir()),
      await testContext(),
      await loadReferentiel(),
      now,
    );
    expect(run.stored).toEqual(run.reference);
    expect(run.storedReport).toBe(run.referenceReport);
    const rejected = (table: string) =>
      run.reference.rejects.filter((r) => r.table === table).map((r) => [r.row, r.key]);
    // keys: « N° dossier date », null when a part is empty or invalid; a practice's identifier
    expect(rejected("Visites")).toEqual([
      [3, "A1 2025-03-12"],
      [4, null],
      [5, null],
      [8, null],
      [9, "A1 2024-10-02"],
      [15, null],
      [16, "A2 2024-10-09"],
    ]);
    expect(rejected("Pratiques")).toEqual([
      [5, "P4"],
      [6, "P5"],
      [10, "P9"],
      [11, "P10"],
      [12, "P1"],
      [16, "P14"],
    ]);
    const duplicate = run.reference.rejects.find((r) => r.table === "Visites" && r.row === 3)!;
    expect(duplicate.problems[0]!.message).toContain(
      "doublon : cette visite a déjà été lue ligne 2",
    );
    const outside = run.reference.rejects.find((r) => r.row === 8 && r.table === "Visites")!;
    expect(outside.problems[0]).toMatchObject({
      column: "Date de la visite",
      value: "01/01/2026",
      message:
        "date hors de la campagne 2024-2025 : une date du 01/07/2024 au 31/12/2025 est attendue",
    });
    const visites = run.reference.visites.map((v) => v.values);
    expect(visites.map((v) => [v.id_action, v.date_visite, v.suite])).toEqual([
      ["A1", "2025-03-12", "Aucune suite"],
      ["A1", "2024-07-01", "Point d'alerte"],
      ["A1", "2025-12-31", "Réexamen de l'agrément"],
      ["A1", "2024-10-03", "Aucune suite"],
      ["A1", "2024-10-04", "Aucune suite"],
      ["A1", "2024-10-05", "Aucune suite"],
      ["ZZ", "2024-10-06", "Aucune suite"],
      ["A1", "2024-10-07", "Aucune suite"],
    ]);
    expect(visites[3]!.points_forts).toBe("é".repeat(2000));
    expect(visites[4]!.points_forts).toBeNull();
    expect(visites[5]!.points_a_ameliorer).toBe("Deux\nlignes");
    expect(visites[7]!.bonne_pratique).toBeNull();
    const pratiques = byKey(run.reference.pratiques, "id_pratique");
    expect([...pratiques.keys()]).toEqual([
      "P1",
      "P2",
      "P3",
      "P6",
      "P7",
      "P8",
      "P11",
      "P12",
      "P13",
    ]);
    expect(pratiques.get("P2")!.axes).toBe("Parents|École");
    expect(pratiques.get("P3")).toMatchObject({ axes: "Enfants|Parents", diffusion: "Interne" });
    expect(pratiques.get("P6")!.niveaux).toBeNull();
    expect(pratiques.get("P7")!.niveaux).toBeNull();
    expect(pratiques.get("P12")).toMatchObject({ id_action: null, niveaux: null });
    expect(pratiques.get("P13")!.description).toBe("Un\ndeux\ntrois");
    const warned = run.reference.warnings
      .filter((w) => w.table === "Visites" || w.table === "Pratiques")
      .map((w) => [w.table, w.row, w.problems[0]!.message]);
    expect(warned).toEqual([
      ["Visites", 11, "texte de 2001 caractères : au plus 2000 attendus ; valeur ignorée"],
      [
        "Visites",
        14,
        "valeur inattendue : attendu oui ou non (o/n, 1/0, vrai/faux, x pour oui) ; valeur ignorée",
      ],
      [
        "Pratiques",
        8,
        "valeur inattendue dans la liste : « Maternelle » ; attendu Élémentaire · Collège · Lycée, séparées par | ou , ; valeur ignorée",
      ],
    ]);
    // rejected rows of the two tables are not the export's
    expect(run.result.listSlices).toEqual([
      { table: "Visites", campagne: "2024-2025", departement: "78" },
      { table: "Pratiques", campagne: "2024-2025", departement: "78" },
    ]);
  });

  it("read a workbook's sheets beside the export's: a date cell is the same key as its text", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = (name: string, table: "Visites" | "Pratiques", rows: Row[]) => {
      const lines = toCsv(table, rows).trimEnd().split("\r\n");
      const ws = workbook.addWorksheet(name);
      for (const line of lines) ws.addRow(line.split(";"));
      return ws;
    };
    const v = sheet("Visites", "Visites", [visite(), visite()]);
    // the second visit's date as a date cell: the same key as « 12/03/2025 »
    v.getCell("D3").value = new Date(Date.UTC(2025, 2, 12));
    sheet("Pratiques", "Pratiques", [pratique(), pratique({ id_pratique: "P2", axes: "École" })]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const { batch, warehouse } = await ingestBytes([{ file: "suivi.xlsx", bytes }]);
    warehouse.close();
    expect(batch.visites.map((r) => r.values.date_visite)).toEqual(["2025-03-12"]);
    expect(batch.rejects.map((r) => [r.table, r.row, r.key])).toEqual([
      ["Visites", 3, "A1 2025-03-12"],
    ]);
    expect(batch.pratiques.map((r) => r.values.axes)).toEqual(["Parents|École", "École"]);
  });

  it("are recognised in any encoding and delimiter the export allows, alone or together", async () => {
    const { batch, result, warehouse } = await ingestBytes([
      { file: "v.csv", bytes: utf8(toCsv("Visites", [visite()], { delimiter: "," })) },
      { file: "p.csv", bytes: utf8(toCsv("Pratiques", [pratique()], { delimiter: "\t" })) },
    ]);
    warehouse.close();
    expect(result.files.map((f) => [f.table, f.delimiter])).toEqual([
      ["Visites", ","],
      ["Pratiques", "\t"],
    ]);
    expect([batch.visites.length, batch.pratiques.length, result.slices]).toEqual([1, 1, []]);
  });
});

async function indicators(db: string, campagne = "2024-2025") {
  const out = await cli("indicators", "--db", db, "--campagne", campagne, "--format", "json");
  expect(out.status, out.stderr).toBe(0);
  const rows = JSON.parse(out.stdout) as Record<string, unknown>[];
  // the six keys last, after actions_hors_liste, in the spec's order
  const keys = Object.keys(rows[0]!);
  expect(keys.slice(keys.indexOf("actions_hors_liste") + 1)).toEqual(SUIVI);
  return new Map(
    rows.map((r) => [String(r.departement), Object.fromEntries(SUIVI.map((k) => [k, r[k]]))]),
  );
}

describe("a sequence of ingests, and the six indicators", () => {
  it("visits alone, then the export, then a corrected visits file, then the export again", async () => {
    const dir = tempDir();
    const db = path.join(dir, "clas.duckdb");
    const [actions, collectifs, visitesFile, pratiquesFile] = suiviFiles(dir);
    // 1. visits (and practices) alone: their slice has its row, the export's counts 0, rates null
    const alone = await cli("ingest", "--db", db, visitesFile!, pratiquesFile!);
    expect(alone.status, alone.stderr).toBe(0);
    expect(alone.stdout).toContain(
      "visites de terrain (campagne, département) remplacées : 2024-2025/78 ; bonnes pratiques (campagne, département) remplacées : 2024-2025/78",
    );
    let rows = await indicators(db);
    // 8 visits; none matches an action (there is none yet); alerts: rows 6 and 7
    // practices: P1, P2, P6, P7, P8, P11, P12, P13 public (8), P3 internal
    expect(rows.get("78")).toEqual({
      visites: 8,
      actions_visitees: 0,
      taux_visite: null,
      visites_alerte: 2,
      pratiques: 9,
      pratiques_publiques: 8,
    });
    // 2. the export: A1 matches seven visits (ZZ does not): 1 action of 2 visited
    expect((await cli("ingest", "--db", db, actions!, collectifs!)).status).toBe(0);
    rows = await indicators(db);
    expect(rows.get("78")).toMatchObject({ visites: 8, actions_visitees: 1, taux_visite: 0.5 });
    // 3. a corrected visits file for the slice: A1 and A2 once each, in 2024-2025; and 44's visit
    const corrected = path.join(dir, "visites-corrigees.csv");
    writeFileSync(
      corrected,
      cp1252(
        toCsv("Visites", [
          visite(),
          visite({ id_action: "A2", date_visite: "13/03/2025" }),
          visite({ departement: "44", id_action: "B1" }),
        ]),
      ),
    );
    expect((await cli("ingest", "--db", db, corrected)).status).toBe(0);
    rows = await indicators(db);
    // the practices stay (another table); the visits are replaced: 2 of 2 actions visited
    expect(rows.get("78")).toEqual({
      visites: 2,
      actions_visitees: 2,
      taux_visite: 1,
      visites_alerte: 0,
      pratiques: 9,
      pratiques_publiques: 8,
    });
    // 44 holds a visit of an action it does not have (no export): its own row, counts 0
    expect(rows.get("44")).toEqual({
      visites: 1,
      actions_visitees: 0,
      taux_visite: null,
      visites_alerte: 0,
      pratiques: null,
      pratiques_publiques: null,
    });
    // France: the départements with visits; taux_visite over their actions (78's 2, 44's 0)
    expect(rows.get("FR")).toEqual({
      visites: 3,
      actions_visitees: 2,
      taux_visite: 1,
      visites_alerte: 0,
      pratiques: 9,
      pratiques_publiques: 8,
    });
    // 4. the export again: the visits and practices stay
    expect((await cli("ingest", "--db", db, actions!, collectifs!)).status).toBe(0);
    rows = await indicators(db);
    expect(rows.get("78")).toMatchObject({ visites: 2, actions_visitees: 2, pratiques: 9 });
    // the rejects of the side tables are kept apart from the export's (lignes_rejetees)
    const [r] = (await query(
      db,
      "SELECT count(*) FILTER (WHERE table_export = 'Pratiques')::INT AS p, count(*) FILTER (WHERE table_export = 'Visites')::INT AS v FROM rejets",
    )) as { p: number; v: number }[];
    expect(r).toEqual({ p: 6, v: 0 });
  });

  it("clas check names the table, row, column and value of each problem", async () => {
    const dir = tempDir();
    const out = await cli("check", ...suiviFiles(dir), "--format", "json");
    const report = JSON.parse(out.stdout) as {
      rejects: { table: string; row: number; key: string | null; problems: { column: string }[] }[];
    };
    const visit = report.rejects.find((r) => r.table === "Visites" && r.row === 9)!;
    expect(visit).toMatchObject({ key: "A1 2024-10-02", problems: [{ column: "Visiteur" }] });
    const practice = report.rejects.find((r) => r.table === "Pratiques" && r.row === 6)!;
    expect(practice).toMatchObject({ key: "P5", problems: [{ column: "Axes" }] });
  });
});
