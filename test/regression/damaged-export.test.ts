// An export in which every row is damaged in one of the ways people's files
// are: its personal cells are kept in donnees_personnelles (nothing lost), and
// found in no other table, no message, and no file of either build.
import ExcelJS from "exceljs";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ACTION_FIELDS } from "../../loaders/export/fields.js";
import { action, collectif, cp1252, toCsv, utf8, type Row } from "../helpers/export.js";
import { filesText, leaks, personalCells, tablesText } from "../helpers/personal.js";
import { cli, query, tempDir } from "../helpers/warehouse.js";

const FIRST = ["Gwenaëlle", "Yannick", "Soizic", "Maïwenn", "Ronan", "Nolwenn", "Tugdual", "Enora"];

/** Action n with personal cells of its own (phones in several writings). */
function person(n: number): Row {
  const pair = (k: number) => String(10 + (k % 90));
  const phone = `06 ${pair(n)} ${pair(n * 7 + 3)} ${pair(n * 13 + 5)} ${pair(n * 17 + 11)}`;
  return {
    coordinateur_nom: `${FIRST[n % FIRST.length]} Le Goff-${n}`,
    contact_courriel: `coord${n}.legoff@asso-${n}.example.org`,
    contact_telephone:
      n % 3 === 0 ? phone.replace(/ /g, ".") : n % 3 === 1 ? `+33 ${phone.slice(1)}` : phone,
  };
}

/** Each way of damaging an action row of a `;` CSV (the row as written → as damaged). */
const DAMAGES: ((line: string) => string)[] = [
  (l) => l.replace(";Centre social Les Mureaux;", ";Centre social; Les Mureaux;"), // an unquoted ;
  (l) => l.replace(";Centre social Les Mureaux;", ";Centre; social; Les Mureaux;"), // two
  (l) => l.replace(";Centre social Les Mureaux;", ';"Centre social Les Mureaux;'), // a quote left open
  (l) => l.replace(";Coup de pouce;", ';"Coup de ""pouce"" ; lecture";'), // a quoted ; (plain)
  (l) => l.replace(";24 500,00 €;", ";10000000000000000;"), // too much money
  (l) => l.replace(";24 500,00 €;", ";78201543000013;"), // a SIRET in the amount
  (l) => l.replace(/;\d\d\/\d\d\/\d{4};/, ";31/02/2025;"), // an impossible date
  (l) => l.replace(";Coup de pouce;", ';"Coup\r\nde pouce";'), // a quoted line break
  (l) => `${l};${l.split(";").slice(-2).join(";")}`, // the contact cells again, past the header
];

function damagedActions(offset: number): { rows: Row[]; lines: string[]; header: string } {
  const rows = DAMAGES.map((_, i) =>
    action({ id_action: `D${offset + i}`, ...person(offset + i) }),
  );
  const [header, ...lines] = toCsv("Actions", rows).split("\r\n").filter(Boolean);
  return { rows, header: header!, lines: lines.map((l, i) => DAMAGES[i]!(l)) };
}

describe("an export whose every row is damaged", () => {
  it("keeps its personal cells in their table, and nowhere else", async () => {
    const dir = tempDir();
    const people: Row[] = [];
    const files: string[] = [];
    const write = (name: string, bytes: Uint8Array) => {
      files.push(path.join(dir, name));
      writeFileSync(path.join(dir, name), bytes);
    };
    // 1. CRLF, Windows-1252, Excel's sep= line, a column without header holding an e-mail
    const one = damagedActions(0);
    people.push(...one.rows);
    write(
      "actions-1.csv",
      cp1252(
        `sep=;\r\n${one.header};\r\n${one.lines.map((l, i) => `${l};${i === 0 ? "perdu@asso-0.example.org" : ""}`).join("\r\n")}\r\n`,
      ),
    );
    // 2. CR-only line ends (Excel-Mac), UTF-8
    const two = damagedActions(100);
    people.push(...two.rows);
    write(
      "actions-2.csv",
      utf8([two.header, ...two.lines].join("\r").replace(/\r\n/g, "\n") + "\r"),
    );
    // 3. personal columns in the middle, rows cut short, LF
    const three = DAMAGES.map((_, i) => action({ id_action: `D${200 + i}`, ...person(200 + i) }));
    people.push(...three);
    const order = ACTION_FIELDS.map((f) => f.name);
    const middle = [
      ...order.slice(0, 6),
      "coordinateur_nom",
      "contact_courriel",
      "contact_telephone",
      ...order.slice(6, -3),
    ];
    const lines3 = toCsv("Actions", three, { fields: middle }).split("\r\n").filter(Boolean);
    write(
      "actions-3.csv",
      cp1252(
        [
          lines3[0],
          ...lines3.slice(1).map((l, i) => DAMAGES[i]!(l).split(";").slice(0, 30).join(";")),
        ].join("\n") + "\n",
      ),
    );
    // 4. a workbook: a formula never calculated, a date out of the calendar, a float
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Actions");
    ws.addRow(ACTION_FIELDS.map((f) => f.header));
    for (let i = 0; i < 3; i++) {
      const row = action({ id_action: `D${300 + i}`, ...person(300 + i) });
      people.push(row);
      const r = ws.addRow(ACTION_FIELDS.map((f) => row[f.name] ?? ""));
      const cell = r.getCell(
        ACTION_FIELDS.findIndex(
          (f) => f.name === ["familles", "date_fin", "parents_impliques"][i],
        ) + 1,
      );
      if (i === 0) cell.value = { formula: "N2*2" } as ExcelJS.CellFormulaValue;
      if (i === 1) {
        cell.value = 1e12;
        cell.numFmt = "dd/mm/yyyy";
      }
      if (i === 2) cell.value = 0.1 * 3 * 10;
    }
    const xlsx = path.join(dir, "actions-4.xlsx");
    writeFileSync(xlsx, new Uint8Array(await wb.xlsx.writeBuffer()));
    files.push(xlsx);
    // the collectifs of every action, one file
    const ids = people.map((p) => p.id_action!);
    write(
      "collectifs.csv",
      cp1252(
        toCsv(
          "Collectifs",
          ids.map((id) => collectif({ id_action: id })),
        ),
      ),
    );

    const db = path.join(dir, "clas.duckdb");
    const ingest = await cli("ingest", "--db", db, ...files);
    expect(ingest.status, ingest.stderr).toBe(0);
    const check = await cli("check", "--format", "json", ...files);
    const text = await cli("check", ...files);
    const secrets = [...personalCells(people), "perdu@asso-0.example.org"];
    expect(secrets.length).toBeGreaterThan(100);

    // nothing lost: every personal cell is kept in its table (or among a row's masked cells)
    const kept = JSON.stringify(await query(db, "SELECT * FROM donnees_personnelles"));
    for (const p of people)
      for (const cell of personalCells([p]).filter((c) => /\D/.test(c)))
        expect(kept, p.id_action).toContain(cell);

    const internal = path.join(dir, "site");
    const publicSite = path.join(dir, "site-public");
    expect((await cli("build", "--db", db, "--out", internal)).status).toBe(0);
    expect(
      (await cli("build", "--db", db, "--audience", "public", "--out", publicSite)).status,
    ).toBe(0);
    const places = {
      ...(await tablesText(db)),
      "ingest (sortie)": ingest.stdout + ingest.stderr,
      "check --format json": check.stdout + check.stderr,
      check: text.stdout + text.stderr,
      ...Object.fromEntries(
        Object.entries(await filesText(internal)).map(([k, v]) => [`interne/${k}`, v]),
      ),
      ...Object.fromEntries(
        Object.entries(await filesText(publicSite)).map(([k, v]) => [`public/${k}`, v]),
      ),
    };
    expect(leaks(places, secrets)).toEqual([]);
    // the test looks where the rows are: rejects and warnings were stored, the quality page built
    expect((await query(db, "SELECT count(*)::INTEGER n FROM rejets"))[0]!.n).toBeGreaterThan(20);
    expect(Object.keys(places).some((k) => k.includes("qualite"))).toBe(true);
  }, 240_000);
});
