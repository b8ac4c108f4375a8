// An export in which every row is damaged in one of the ways people's files
// are (test/regression/damaged-export.test.ts looks for its personal cells
// everywhere they must not be; the shared test sites hold it too).
import ExcelJS from "exceljs";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { ACTION_FIELDS } from "../../loaders/export/fields.js";
import { action, collectif, cp1252, toCsv, utf8, type Row } from "./export.js";

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

/** Writes the damaged export into `dir`: its files, and the rows with their personal cells. */
export async function writeDamagedExport(dir: string): Promise<{ files: string[]; people: Row[] }> {
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
  write("actions-2.csv", utf8([two.header, ...two.lines].join("\r").replace(/\r\n/g, "\n") + "\r"));
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
      ACTION_FIELDS.findIndex((f) => f.name === ["familles", "date_fin", "parents_impliques"][i]) +
        1,
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

  return { files, people };
}
