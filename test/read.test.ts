import { describe, expect, it } from "vitest";
import { parseCsv, sniffDelimiter } from "../loaders/read/csv.js";
import { decodeText } from "../loaders/read/encoding.js";
import { FileRefusedError } from "../loaders/read/errors.js";
import { ExportRefusedError } from "../loaders/export/batch.js";
import { action, collectif, cp1252, toCsv, utf16be, utf16le, utf8 } from "./helpers/export.js";
import { check } from "./helpers/context.js";

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(FileRefusedError);
    return (error as Error).message;
  }
  throw new Error("expected the file to be refused");
}

describe("encodings", () => {
  const text = "Porteur;Cofinancement État\r\nŒuvre d'Évry;1 000 €\r\n";

  it("UTF-8 with and without BOM", () => {
    expect(decodeText(utf8(text), "f")).toEqual({ text, encoding: "utf-8" });
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]);
    expect(decodeText(bom, "f")).toEqual({ text, encoding: "utf-8" });
  });

  it("UTF-16, both byte orders", () => {
    expect(decodeText(utf16le(text), "f")).toEqual({ text, encoding: "utf-16le" });
    expect(decodeText(utf16be(text), "f")).toEqual({ text, encoding: "utf-16be" });
  });

  it("Windows-1252 when not valid UTF-8, with € œ Œ – ’ right", () => {
    const sample = "€ œ Œ – ’ « é » ÿ";
    const bytes = new Uint8Array([
      0x80, 0x20, 0x9c, 0x20, 0x8c, 0x20, 0x96, 0x20, 0x92, 0x20, 0xab, 0x20, 0xe9, 0x20, 0xbb,
      0x20, 0xff,
    ]);
    expect(decodeText(bytes, "f")).toEqual({ text: sample, encoding: "windows-1252" });
    expect(decodeText(cp1252(text), "f").text).toBe(text);
  });

  it("refuses a byte Windows-1252 leaves undefined, naming it and its position", () => {
    const bytes = new Uint8Array([...utf8("a;b\n"), 0xe9, 0x81]);
    expect(refusal(() => decodeText(bytes, "x.csv"))).toBe(
      "x.csv : octet 0x81 à la position 6 (ligne 2) : ni UTF-8 valide, ni Windows-1252 (cet octet n'y est pas défini)",
    );
  });

  it("refuses a NUL byte outside UTF-16", () => {
    const bytes = new Uint8Array([...utf8("a;b\nc"), 0, ...utf8("d")]);
    expect(refusal(() => decodeText(bytes, "x.csv"))).toContain(
      "octet nul (0x00) à la position 6 (ligne 2)",
    );
  });

  it("refuses an empty file", () => {
    expect(refusal(() => decodeText(new Uint8Array(), "vide.csv"))).toBe("vide.csv : fichier vide");
  });
});

describe("delimiters and quotes", () => {
  it("chooses the delimiter by counting in the header line only", () => {
    expect(sniffDelimiter("a;b;c\n1,5;2,5;3,5")).toBe(";");
    expect(sniffDelimiter("a,b,c\n1;2")).toBe(",");
    expect(sniffDelimiter("a\tb\tc\n1,5\t2")).toBe("\t");
    expect(sniffDelimiter('"x;y",b,c\n')).toBe(",");
  });

  it("reads quoted cells holding the delimiter, doubled quotes and newlines", () => {
    const parsed = parseCsv('a;b;c\r\n"x;y";"dit ""oui""";"ligne 1\nligne 2"\r\nz;;\r\n');
    expect(parsed.records).toEqual([
      { row: 2, cells: ["x;y", 'dit "oui"', "ligne 1\nligne 2"] },
      { row: 3, cells: ["z", "", ""] },
    ]);
  });

  it("skips empty lines but counts them in row numbers; a newline inside quotes starts no row", () => {
    const parsed = parseCsv('a;b\n\n ; \n"1\n2";x\n3;4\n');
    expect(parsed.records.map((r) => r.row)).toEqual([4, 5]);
  });

  it("trims cells", () => {
    expect(parseCsv("a;b\n  x ;\u00a0y\u00a0\n").records[0]!.cells).toEqual(["x", "y"]);
  });

  it("an unclosed quote does not swallow the following rows", () => {
    const parsed = parseCsv('a;b\n"oops;1\n2;3\n');
    expect(parsed.records).toHaveLength(2);
    expect(parsed.records[0]!.problem).toContain("guillemet");
    expect(parsed.records[1]).toEqual({ row: 3, cells: ["2", "3"] });
  });

  it("an unclosed quote meeting a later quoted cell does not swallow the rows between", () => {
    const parsed = parseCsv('a;b\n"oops;1\n2;3\n4;"5, rue"\n');
    expect(parsed.records.map((r) => [r.row, r.cells, r.problem !== undefined])).toEqual([
      [2, ['"oops', "1"], true],
      [3, ["2", "3"], false],
      [4, ["4", "5, rue"], false],
    ]);
  });
});

describe("a whole export in every encoding and delimiter", () => {
  const actions = [
    action({ porteur_nom: 'Association "L\'Œuvre; Évry"', action_nom: "Clas\nsur deux lignes" }),
  ];
  const collectifs = [collectif({ adresse: "12, rue des Écoles" })];
  const cases: [string, string, (t: string) => Uint8Array][] = [
    ["utf-8", ";", utf8],
    ["utf-8", ",", utf8],
    ["utf-8", "\t", utf8],
    ["utf-16le", ";", (t) => utf16le(t)],
    ["utf-16be", "\t", utf16be],
    ["windows-1252", ";", cp1252],
    ["windows-1252", ",", cp1252],
  ];
  it.each(cases)("%s with %j", async (encoding, delimiter, encode) => {
    const batch = await check([
      { file: "a.csv", bytes: encode(toCsv("Actions", actions, { delimiter })) },
      { file: "c.csv", bytes: encode(toCsv("Collectifs", collectifs, { delimiter })) },
    ]);
    expect(batch.rejects).toEqual([]);
    expect(batch.files.map((f) => [f.encoding, f.delimiter])).toEqual([
      [encoding, delimiter],
      [encoding, delimiter],
    ]);
    expect(batch.actions[0]!.values.porteur_nom).toBe('Association "L\'Œuvre; Évry"');
    expect(batch.actions[0]!.values.action_nom).toBe("Clas\nsur deux lignes");
    expect(batch.collectifs[0]!.values.adresse).toBe("12, rue des Écoles");
  });
});

describe("headers", () => {
  it("match after normalisation and through aliases; unknown columns are a warning", async () => {
    const fields = [
      "campagne",
      "departement",
      "id_action",
      "id_collectif",
      "niveau",
      "enfants",
      "intervenants",
      "seances_semaine",
      "duree_seance",
      "semaines",
      "lieu_nom",
      "lieu_type",
      "code_insee",
      "lieu_accessible_parents",
    ];
    const headers = [
      "CAMPAGNE",
      "departement",
      "Numéro de dossier",
      "Nº collectif",
      "niveau",
      "enfants_inscrits",
      "INTERVENANTS",
      "Séances par semaine",
      "duree d'une seance",
      "Semaines de fonctionnement",
      "Lieu",
      "type_de_lieu",
      "Code INSEE",
      "Lieu accessible aux parents",
    ];
    const batch = await check([
      { file: "a.csv", bytes: utf8(toCsv("Actions", [action()])) },
      {
        file: "c.csv",
        bytes: utf8(
          toCsv("Collectifs", [collectif()], {
            fields: [...fields, "x"],
            headers: [...headers, "Remarques"],
          }),
        ),
      },
    ]);
    expect(batch.rejects).toEqual([]);
    expect(batch.collectifs).toHaveLength(1);
    expect(batch.warnings[0]!.problems[0]).toEqual({
      column: "(en-tête)",
      value: "Remarques",
      message: "colonne inconnue ignorée",
    });
  });

  it("objective headers accept their full label", async () => {
    const fields = Object.keys(action());
    const headers = fields.map((f) =>
      f === "obj_par_2" ? "Mettre en place des temps de convivialité enfants/parents" : undefined,
    );
    const csv = toCsv("Actions", [action({ obj_par_2: "" })], {
      fields,
      headers: fields.map((f, i) => headers[i] ?? toCsv("Actions", [], { fields: [f] }).trim()),
    });
    const batch = await check([
      { file: "a.csv", bytes: utf8(csv) },
      { file: "c.csv", bytes: utf8(toCsv("Collectifs", [collectif()])) },
    ]);
    expect(batch.actions[0]!.values.obj_par_2).toBe(false);
    expect(batch.warnings).toEqual([]);
  });

  it("missing required columns and doubled columns refuse the file, listing every one", async () => {
    const fields = Object.keys(action()).filter((f) => f !== "familles" && f !== "budget_total");
    const csv = toCsv("Actions", [action()], { fields }).replace("\r\n", ";No dossier\r\n");
    const error = await check([
      { file: "a.csv", bytes: utf8(csv) },
      { file: "c.csv", bytes: utf8(toCsv("Collectifs", [collectif()])) },
    ]).catch((e) => e);
    expect(error).toBeInstanceOf(ExportRefusedError);
    expect(error.message).toBe(
      "a.csv : table Actions : colonnes obligatoires absentes : « Familles », « Coût total » ; les colonnes « N° dossier » et « No dossier » désignent toutes deux le champ « N° dossier »",
    );
  });

  it("a file with neither table's marker is refused", async () => {
    await expect(
      check([
        { file: "a.csv", bytes: utf8("nom;prenom\nx;y\n") },
        { file: "c.csv", bytes: utf8(toCsv("Collectifs", [collectif()])) },
      ]),
    ).rejects.toThrow("a.csv : table non reconnue");
  });

  it("an ingest holding one table only is refused, naming the missing one", async () => {
    const error = await check([{ file: "a.csv", bytes: utf8(toCsv("Actions", [action()])) }]).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(ExportRefusedError);
    expect(error.message).toBe(
      "a.csv : table Collectifs absente : un import doit contenir les deux tables, Actions et Collectifs",
    );
  });
});

describe("rows against the header", () => {
  it("fewer cells read as empty; empty extra cells are ignored; non-empty extra cells reject", async () => {
    const csv = toCsv("Collectifs", [collectif()]).trimEnd();
    const lines = csv.split("\r\n");
    const short = lines[1]!.split(";").slice(0, -1).join(";"); // no « Lieu accessible aux parents »
    const body = [
      lines[0],
      lines[1] + ";;",
      lines[1]!.replace("C1", "C2") + ";surplus",
      short.replace("C1", "C3"),
    ].join("\r\n");
    const batch = await check([
      { file: "a.csv", bytes: utf8(toCsv("Actions", [action()])) },
      { file: "c.csv", bytes: utf8(body) },
    ]);
    expect(batch.collectifs.map((c) => c.values.id_collectif)).toEqual(["C1"]);
    expect(batch.rejects.map((r) => [r.row, r.problems[0]!.column])).toEqual([
      [3, "(au-delà de la dernière colonne)"],
      [4, "Lieu accessible aux parents"],
    ]);
  });
});
