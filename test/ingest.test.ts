// The ingest (byte scan, DuckDB's reader, SQL vouching for plain rows, SQL
// claims) must decide exactly what its plain JavaScript reference decides.
import { DuckDBInstance } from "@duckdb/node-api";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { ValidationContext } from "../loaders/export/validate.js";
import { parseSiret, siretCheckSql } from "../loaders/export/siret.js";
import { nodeFiles } from "../loaders/ingest/node-files.js";
import { probeFile } from "../loaders/ingest/probe.js";
import { splitInto } from "./helpers/split.js";
import { rawSource } from "../loaders/ingest/work-sql.js";
import { loadContext, loadReferentiel } from "../loaders/configuration.js";
import { parseCsv } from "../loaders/read/csv.js";
import { decodeText } from "../loaders/read/encoding.js";
import type { Referentiel } from "../loaders/referentiel/seuils.js";
import { FileRefusedError } from "../loaders/read/errors.js";
import { ingestAndReference } from "./helpers/context.js";
import { ingestFiles } from "../loaders/ingest/ingest-files.js";
import { openWarehouse } from "../loaders/warehouse/db.js";
import type { SqlEngine } from "../loaders/warehouse/engine.js";
import { readWhole, referenceExport } from "./helpers/reference-export.js";
import { action, agrement, collectif, cp1252, toCsv, utf8, visite } from "./helpers/export.js";
import { cli, query, tempDir, writeExport } from "./helpers/warehouse.js";

const now = new Date("2025-07-01T12:00:00Z");
const LEFT_TYPED =
  "SELECT count(*) AS n FROM duckdb_tables() WHERE starts_with(table_name, 'import_types_')";
let ctx: ValidationContext;
let referentiel: Referentiel;

beforeAll(async () => {
  ctx = await loadContext();
  referentiel = await loadReferentiel();
});

const bothWays = (files: string[]) => ingestAndReference(files, ctx, referentiel, now);

const EDGE_ACTIONS = [
  action({ id_action: "A1" }),
  action({ id_action: "A2", porteur_nom: 'Centre "Le Phare" ; quartier nord' }),
  action({ id_action: "A1", porteur_nom: "doublon" }),
  action({ id_action: "A4", siret: "78201543000014" }),
  action({ id_action: "A5", siret: "35600000000001", budget_total: "12000" }),
  action({ id_action: "A6", budget_total: "12 000,00 €", montant_ps: "100,005" }),
  action({ id_action: "A7", departement: "78", rural: "O", qpv: "X" }),
  action({ id_action: "A8", intervenants_formation: "9" }),
  action({ id_action: "A9", date_fin: "01/01/2024" }),
  action({ id_action: "A10", action_nom: "Coup\nde pouce" }),
  action({ id_action: "A11", type_structure: "centre SOCIAL", coordinateur_nom: "" }),
  action({ id_action: "A12", budget_total: "0" }),
  action({ id_action: "A13", projet_educatif: "inconnu" }),
  // a plain line with one cell too long, in a column with no length of its own
  action({ id_action: "A14", porteur_nom: "x".repeat(10_001) }),
  // an amount written plainly, above the largest (a SIRET pasted into it)
  action({ id_action: "A15", montant_ps: "78201543000014" }),
];

const EDGE_COLLECTIFS = [
  collectif({ id_collectif: "C1" }),
  collectif({ id_collectif: "C1", lieu_nom: "doublon" }),
  collectif({ id_action: "A4", id_collectif: "C1" }),
  collectif({ id_action: "Z9", id_collectif: "C1" }),
  collectif({ id_collectif: "C2", latitude: "48,99", longitude: "1,91" }),
  collectif({ id_collectif: "C3", latitude: "0", longitude: "0" }),
  collectif({ id_collectif: "C4", latitude: "48,99" }),
  collectif({ id_collectif: "C5", departement: "78", code_insee: "44160" }),
  collectif({ id_collectif: "C6", code_insee: "75056" }),
  collectif({ id_collectif: "C7", filles: "12" }),
  collectif({ id_collectif: "C8", duree_seance: "1h30", code_postal: "7813" }),
  collectif({ id_collectif: "C9", code_insee: "99999" }),
  collectif({ id_collectif: "C10", niveau: "" }),
  // warnings SQL words itself: a coordinate not in degrees (its cell's warning replaced), and
  // three on one row (a cell's, then the checks' in their order)
  collectif({ id_collectif: "C11", latitude: "nord", longitude: "2,1" }),
  collectif({ id_collectif: "C12", filles: "12", code_postal: "7813", latitude: "48,99" }),
  collectif({ id_action: "A2", id_collectif: "C1", code_insee: "69383", departement: "78" }),
];

/** The edge rows, with the quirks a byte scan must hand to the format's reader. */
function edgeExport(dir: string, encode: (t: string) => Uint8Array, bom = false): string[] {
  let actions = toCsv("Actions", EDGE_ACTIONS);
  // a blank line, a padded cell, an extra cell, an unclosed quote, a short row
  const lines = actions.split("\r\n");
  lines.splice(3, 0, "", ";;;");
  lines.push(lines[1]!.replace("A1;", "A20;").replace("Coup de pouce", "  Coup de pouce "));
  lines.push(lines[1]!.replace("A1;", "A21;") + ";en trop");
  lines.push(lines[1]!.replace("A1;", "A22;").replace("Coup de pouce", '"Coup de pouce'));
  lines.push(lines[1]!.replace("A1;", "A23;").split(";").slice(0, 30).join(";"));
  actions = lines.join("\r\n");
  const collectifs = toCsv("Collectifs", EDGE_COLLECTIFS).replace(/\r\n/g, "\n");
  const a = path.join(dir, "actions.csv");
  const c = path.join(dir, "collectifs.csv");
  const prefix = bom ? "\ufeff" : "";
  writeFileSync(a, encode(prefix + actions));
  writeFileSync(c, encode(prefix + collectifs));
  return [a, c];
}

describe("the ingest stores what its reference (the whole-file path, in test/) decides", () => {
  it("on edge rows in Windows-1252, with a list of agreed actions beside", async () => {
    const dir = tempDir();
    const table = (name: string, csv: string) => {
      const file = path.join(dir, name);
      writeFileSync(file, cp1252(csv));
      return file;
    };
    const list = table(
      "agrements.csv",
      toCsv("Agréments", [
        agrement({ id_action: "A1" }),
        agrement({ id_action: "A1", montant_agree: "2" }),
        agrement({ id_action: "Z9", montant_agree: "-1" }),
        agrement({ id_action: "Z8", departement: "2B", montant_agree: "12 000,005" }),
        agrement({ id_action: "", siret: "123" }),
      ]),
    );
    // free texts whose line breaks SQL writes as one « \n » (a quoted cell on a plain line)
    const visites = table(
      "visites.csv",
      toCsv("Visites", [
        visite({ points_forts: "Un accueil\r\nchaleureux\rdes familles." }),
        visite({ id_action: "A2", points_a_ameliorer: "Les horaires\r\n\r\nà revoir" }),
      ]),
    );
    const run = await bothWays([...edgeExport(dir, cp1252), list, visites]);
    expect(
      run.reference.visites.map((v) => [v.values.points_forts, v.values.points_a_ameliorer]),
    ).toEqual([
      ["Un accueil\nchaleureux\ndes familles.", null],
      ["Un accueil chaleureux des familles.", "Les horaires\n\nà revoir"],
    ]);
    expect(run.reference.agrements.length).toBe(2);
    expect(run.stored).toEqual(run.reference);
    expect(run.storedReport).toBe(run.referenceReport);
    expect(run.rules.ingest).toEqual(run.rules.stored);
    // the edge rows do reject and warn: the comparison is not between two empty sets
    expect(run.result.totals.rejects).toBeGreaterThan(8);
    expect(run.result.totals.warnings).toBeGreaterThan(5);
    expect(run.reference.actions.length).toBeGreaterThan(4);
  });

  it("leaves the connection's settings as it found them (a small export runs on one thread)", async () => {
    const w = await openWarehouse(":memory:", { create: true });
    try {
      const settings = async () =>
        (
          await w.connection.runAndReadAll(
            "SELECT current_setting('threads') AS t, current_setting('preserve_insertion_order') AS o, current_setting('disabled_optimizers') AS d",
          )
        ).getRowObjectsJson();
      // two threads (the tests' databases have one, vitest.config.ts): the ingest's one is seen
      await w.connection.run("SET threads = 2");
      const before = await settings();
      expect(String(before[0]!.t)).toBe("2");
      await ingestFiles(w.engine, edgeExport(tempDir(), cp1252), ctx, {
        now,
        referentiel,
        workRoot: tempDir(),
      });
      expect(await settings()).toEqual(before);
    } finally {
      w.close();
    }
  });

  it("a failure of the typing, or of the validator beside it, stores nothing and leaves the connection usable", async () => {
    for (const side of ["typing", "validator"] as const) {
      const w = await openWarehouse(":memory:", { create: true });
      try {
        const broken = new Error(`panne simulée : ${side}`);
        // the collectifs' typing fails on its own connection; or the validator's keys fail on
        // the ingest's while the collectifs are typed beside it, a slow statement (50 ms more)
        let failed = () => {};
        const validatorFailed = new Promise<void>((resolve) => (failed = resolve));
        let typed = false;
        const engine: SqlEngine = {
          ...w.engine,
          async fork() {
            const fork = await w.engine.fork!();
            const exec = async (sql: string) => {
              if (sql.includes("import_types_1 AS")) {
                if (side === "typing") throw broken;
                await validatorFailed;
                await new Promise((resolve) => setTimeout(resolve, 50));
                await fork.engine.exec(sql);
                typed = true;
              } else await fork.engine.exec(sql);
            };
            return { ...fork, engine: { ...fork.engine, exec } };
          },
          async appender(table, types, database) {
            if (side === "validator" && table === "cles") {
              failed();
              throw broken;
            }
            return w.engine.appender(table, types, database);
          },
        };
        const files = edgeExport(tempDir(), cp1252);
        const options = { now, referentiel, workRoot: tempDir() };
        await expect(ingestFiles(engine, files, ctx, options)).rejects.toBe(broken);
        // the ingest gave up only once the typing beside it had ended
        expect(typed).toBe(side === "validator");
        const count = async (sql: string) =>
          Number((await w.engine.query(sql))[0]!.n as number | bigint);
        expect(await count("SELECT count(*) AS n FROM actions")).toBe(0);
        expect(await count("SELECT count(*) AS n FROM collectifs")).toBe(0);
        expect(await count("SELECT count(*) AS n FROM fichiers")).toBe(0);
        expect(
          await count(
            "SELECT count(*) AS n FROM duckdb_databases() WHERE database_name = 'travail'",
          ),
        ).toBe(0);
        // nor typed rows left in the warehouse (insert-sql.ts TYPED_IN_WAREHOUSE)
        expect(await count(LEFT_TYPED)).toBe(0);
        // the same connection then ingests the same files
        const result = await ingestFiles(w.engine, files, ctx, options);
        expect(result.files.length).toBe(2);
        expect(await count("SELECT count(*) AS n FROM actions")).toBeGreaterThan(4);
      } finally {
        w.close();
      }
    }
  });

  it("typed rows take the place of an emptied table, or are copied beside the rows kept; a crash's are dropped", async () => {
    const w = await openWarehouse(":memory:", { create: true });
    const fresh = await openWarehouse(":memory:", { create: true });
    try {
      const rows = (sql: string) => w.engine.query(sql);
      // what an ingest killed before its transaction leaves
      await w.engine.exec("CREATE TABLE import_types_7 AS SELECT 1 AS x");
      const dir = tempDir();
      const options = { now, referentiel, workRoot: tempDir() };
      const b1 = collectif({ departement: "44", id_action: "B1", code_insee: "44109" });
      // slices 78 and 44 into empty tables: the typed rows take their place
      const first = writeExport(
        dir,
        [action(), action({ departement: "44", id_action: "B1" })],
        [collectif(), b1, collectif({ id_collectif: "C2" })],
        "v1",
      );
      await ingestFiles(w.engine, first, ctx, options);
      const stored = "SELECT * FROM collectifs ORDER BY ALL";
      const before = await rows(stored);
      // an ingest that fails after its typed rows took the table's place gives the table back
      const broken = new Error("panne simulée : les règles");
      const failing: SqlEngine = {
        ...w.engine,
        async exec(sql) {
          if (sql.includes("INSERT INTO regles_collectifs")) throw broken;
          await w.engine.exec(sql);
        },
      };
      // both slices again: nothing is left of the table, the typed rows take its place
      const again = writeExport(
        dir,
        [action(), action({ departement: "44", id_action: "B1" })],
        [collectif({ id_collectif: "C5" }), b1],
        "v0",
      );
      await expect(ingestFiles(failing, again, ctx, options)).rejects.toBe(broken);
      expect(await rows(stored)).toEqual(before);
      expect(Number((await rows(LEFT_TYPED))[0]!.n)).toBe(0);
      // slice 78 again: the 44's rows stay, the new ones are copied beside them
      const second = writeExport(
        dir,
        [action({ id_action: "A2" })],
        [collectif({ id_action: "A2", id_collectif: "C9" })],
        "v2",
      );
      await ingestFiles(w.engine, second, ctx, options);
      expect(
        await rows(
          "SELECT departement, id_action, id_collectif, fichier, ligne FROM collectifs ORDER BY ALL",
        ),
      ).toEqual([
        { departement: "44", id_action: "B1", id_collectif: "C1", fichier: first[1], ligne: 3 },
        { departement: "78", id_action: "A2", id_collectif: "C9", fichier: second[1], ligne: 2 },
      ]);
      // the same columns, of the same types, as the warehouse's own
      const columns =
        "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'collectifs' ORDER BY column_index";
      expect(await rows(columns)).toEqual(await fresh.engine.query(columns));
      expect(Number((await rows(LEFT_TYPED))[0]!.n)).toBe(0);
    } finally {
      w.close();
      fresh.close();
    }
  });

  it("lists the first warnings in reading order, SQL's rows and the validator's merged", async () => {
    const files = edgeExport(tempDir(), cp1252);
    const ingest = async (keep: number) => {
      const w = await openWarehouse(":memory:", { create: true });
      try {
        return await ingestFiles(w.engine, files, ctx, {
          now,
          referentiel,
          workRoot: tempDir(),
          keep,
        });
      } finally {
        w.close();
      }
    };
    const all = (await referenceExport(files, ctx)).warnings;
    // the collectifs' warnings alternate between the two (rows 7, 8 SQL's, 9, 10 the
    // validator's, …): each cut falls inside them
    const rows = all.filter((w) => w.table === "Collectifs").map((w) => w.row);
    expect(rows.length).toBeGreaterThan(4);
    for (const keep of [all.length - rows.length + 2, all.length - 1]) {
      const result = await ingest(keep);
      expect(result.warnings).toEqual(all.slice(0, keep));
      expect(result.totals.warnings).toBe(all.length);
    }
  });

  it("on edge rows in UTF-8 with a BOM, and an unsplittable file (UTF-16) beside", async () => {
    const dir = tempDir();
    const [a, c] = edgeExport(dir, (t) => utf8(t), true);
    const bytes = readFileSync(c!);
    const text = new TextDecoder().decode(bytes.subarray(3));
    const utf16 = new Uint8Array(2 + text.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) {
      utf16[2 + i * 2] = text.charCodeAt(i) & 0xff;
      utf16[3 + i * 2] = text.charCodeAt(i) >> 8;
    }
    writeFileSync(c!, utf16);
    const run = await bothWays([a!, c!]);
    expect(run.stored).toEqual(run.reference);
    expect(run.storedReport).toBe(run.referenceReport);
  });

  it("on the national sample (scale 1)", async () => {
    const dir = tempDir();
    const sample = await cli("sample", "--out", path.join(dir, "s"));
    expect(sample.status, sample.stderr).toBe(0);
    const files = sample.stdout.trim().split("\n").slice(1);
    const run = await bothWays(files);
    expect(run.stored).toEqual(run.reference);
    expect(run.storedReport).toBe(run.referenceReport);
    expect(run.reference.collectifs.length).toBeGreaterThan(10_000);
    // the rules the ingest evaluated on its typed rows are those of the stored rows
    expect(run.rules.ingest.collectifs.length).toBe(run.reference.collectifs.length);
    expect(run.rules.ingest).toEqual(run.rules.stored);
  }, 60_000);
});

describe("the byte scan", () => {
  it("writes plain lines with their row numbers and leaves the rest to the format's reader", async () => {
    const dir = tempDir();
    const [file] = edgeExport(dir, cp1252);
    const probe = probeFile(nodeFiles, file!);
    expect(probe).toMatchObject({ kind: "csv", encoding: "windows-1252" });
    if (probe.kind !== "csv") return;
    const out = path.join(dir, "s.csv");
    const split = splitInto(dir, file!, probe.encoding, probe.bom);
    const kept = [...split.records.read()];
    // records read by DuckDB from the split file, plus those kept, are the reader's records
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const rows = (
      await connection.runAndReadAll(
        `SELECT * FROM ${rawSource(out, ";", split.header!.cells.length)} ORDER BY ligne`,
      )
    ).getRows();
    connection.closeSync();
    instance.closeSync();
    const fromDuckdb = rows.map((r) => ({
      row: r[0] as number,
      cells: r.slice(1).map((c) => (c === null ? "" : (c as string))),
    }));
    const expected = parseCsv(decodeText(readFileSync(file!), file!).text);
    const got = [...fromDuckdb, ...kept].sort((x, y) => x.row - y.row);
    expect(got.map((r) => r.row)).toEqual(expected.records.map((r) => r.row));
    for (const [i, record] of got.entries()) {
      const want = expected.records[i]!;
      // a short row is padded by neither: compare the cells both have, the rest empty
      expect(record.cells.slice(0, want.cells.length)).toEqual(want.cells);
    }
    // the quirks went to the reader: padding, extra cell, open quote (a quoted line break
    // and a short row are plain: DuckDB reads them as the reader does)
    expect(kept.map((r) => r.row)).toEqual([20, 21, 22]);
    expect(split.written).toBe(expected.records.length - 3);
    expect(kept.find((r) => r.row === 22)!.problem).toMatch(/guillemet/);
  });

  it("reads a U+FEFF inside a UTF-8 file as a character, not as a BOM (found by the properties)", () => {
    const dir = tempDir();
    const file = path.join(dir, "bom.csv");
    writeFileSync(file, utf8("h1;h2;h3\r\n\ufeff;;\r\n;;\r\n;;a\r\n"));
    const split = splitInto(dir, file, "utf-8");
    const kept = [...split.records.read()];
    // rows 2 and 3 are blank (U+FEFF is trimmed away), row 4 is the only record
    expect(split.written + kept.length).toBe(1);
    expect(split.lines.find(4) ?? kept.find((r) => r.row === 4)).toBeTruthy();
    expect(kept.every((r) => r.row === 4)).toBe(true);
  });

  it("sniffs the delimiter on a header line longer than the first 64 KB it decodes", () => {
    const dir = tempDir();
    const file = path.join(dir, "long.csv");
    // a quoted header cell of 70,000 semicolons, then commas: the line ends past 64 KB
    writeFileSync(file, utf8(`"${";".repeat(70_000)}",b,c\n1,2,3\n`));
    const split = splitInto(dir, file, "utf-8");
    expect(split.delimiter).toBe(",");
    expect(split.header!.cells.slice(1)).toEqual(["b", "c"]);
  });

  it("refuses what the whole-file reader refuses, in its words", async () => {
    const dir = tempDir();
    const cases: [string, Uint8Array][] = [
      ["vide.csv", new Uint8Array()],
      ["nul.csv", new Uint8Array([0x61, 0x0d, 0x62, 0x00, 0x62])],
      ["indefini.csv", new Uint8Array([0x61, 0x0d, 0x0d, 0x0a, 0xe9, 0x81])],
      ["faux-bom.csv", new Uint8Array([0xef, 0xbb, 0xbf, 0xe9])],
      ["document.pdf", new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d])],
    ];
    for (const [name, bytes] of cases) {
      writeFileSync(path.join(dir, name), bytes);
      const probe = probeFile(nodeFiles, path.join(dir, name));
      const whole = (await readWhole(name, bytes, "")).tables as FileRefusedError;
      expect(probe.kind, name).toBe("refused");
      if (probe.kind === "refused") expect(probe.reasons, name).toEqual(whole.reasons);
    }
    writeFileSync(path.join(dir, "classeur.xlsx"), new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0]));
    expect(probeFile(nodeFiles, path.join(dir, "classeur.xlsx")).kind).toBe("workbook");
  });
});

describe("what SQL checks itself agrees with the validator", () => {
  it("the SIRET check, on random numbers, La Poste's included", async () => {
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const sirets: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const prefix = i % 3 === 0 ? "356000000" : "";
      let s = prefix;
      while (s.length < 14) s += String(Math.floor(random() * 10));
      sirets.push(s);
    }
    sirets.push("78201543000013", "35600000000001", "00000000000000", "1234567890123");
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const values = sirets.map((s) => `('${s}')`).join(",");
    const rows = (
      await connection.runAndReadAll(
        `SELECT s, ${siretCheckSql("s")} AS ok FROM (VALUES ${values}) t(s)`,
      )
    ).getRows();
    connection.closeSync();
    instance.closeSync();
    const valid = rows.filter((r) => r[1] === true).length;
    expect(valid).toBeGreaterThan(300); // about one in ten (Luhn), one in five (La Poste)
    for (const [s, ok] of rows) expect(ok, s as string).toBe(!("error" in parseSiret(s as string)));
  });
});

describe("file names", () => {
  it("a name with ../ is read where it points and recorded as given; nothing is written beside it", async () => {
    const base = tempDir();
    const sub = path.join(base, "a", "b");
    mkdirSync(sub, { recursive: true });
    const [a, c] = writeExport(base, [action()], [collectif()], "export");
    // the files named from the inner folder, through ../
    const through = [a!, c!].map((f) => path.join(sub, "..", "..", path.basename(f)));
    const given = through.map((f) => f.replace(base, `${sub}/../..`));
    const db = path.join(sub, "clas.duckdb");
    const before = readdirSync(base).sort();
    const result = await cli("ingest", "--db", db, ...given);
    expect(result.status, result.stderr).toBe(0);
    expect(readdirSync(base).sort()).toEqual(before);
    expect(readdirSync(sub).sort()).toEqual(["clas.duckdb"]);
    const names = await query(db, "SELECT fichier FROM fichiers ORDER BY 1");
    expect(names.map((r) => r.fichier)).toEqual([...given].sort());
  });
});
