// Where the cause of a problem is known, the message says it: a column with
// data but no header, Excel's `sep=` line, a letter of another alphabet in a
// header, a UTF-8 file with one bad byte, an undefined byte in a CR-only file.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { action, collectif, cp1252, toCsv, utf8 } from "../helpers/export.js";
import { cli, tempDir } from "../helpers/warehouse.js";

function files(dir: string, actions: Uint8Array, collectifs?: Uint8Array): string[] {
  const a = path.join(dir, "actions.csv");
  const c = path.join(dir, "collectifs.csv");
  writeFileSync(a, actions);
  writeFileSync(c, collectifs ?? cp1252(toCsv("Collectifs", [collectif()])));
  return [a, c];
}

describe("messages that name the cause", () => {
  it("a column with data under an empty header is not dropped silently", async () => {
    const dir = tempDir();
    const text = toCsv("Actions", [action()])
      .replace("\r\n", ";\r\n")
      .replace(/\r\n$/, ";à vérifier\r\n");
    const result = await cli("check", "--format", "json", ...files(dir, cp1252(text)));
    expect(result.status, result.stderr).toBe(0);
    const warnings = JSON.parse(result.stdout).warnings as {
      problems: { column: string; message: string }[];
    }[];
    expect(warnings.flatMap((w) => w.problems)).toContainEqual({
      column: "(colonne 47)",
      value: "",
      message:
        "colonne sans en-tête ignorée : elle contient des valeurs sur 1 ligne ; lui donner un en-tête du format (ou la supprimer si elle n'a rien à faire là)",
    });
  });

  it("Excel's « sep=; » first line is honoured, and the header stays row 1", async () => {
    const dir = tempDir();
    const text = `sep=;\r\n${toCsv("Actions", [action(), action({ id_action: "A2", familles: "-1" })])}`;
    const result = await cli("check", "--format", "json", ...files(dir, cp1252(text)));
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.files[0]).toMatchObject({ delimiter: ";", rows: 2, accepted: 1 });
    expect(report.rejects[0]).toMatchObject({ key: "A2", row: 3 });
  });

  it("a « sep= » line naming another delimiter refuses the file, naming it", async () => {
    const dir = tempDir();
    const text = `sep=|\r\n${toCsv("Actions", [action()]).replace(/;/g, "|")}`;
    const result = await cli("check", ...files(dir, cp1252(text)));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      "actions.csv : première ligne « sep=| » : Excel y désigne le séparateur « | », que le format n'accepte pas (attendu ; , ou tabulation)",
    );
  });

  it("a header with a Cyrillic letter that looks Latin says which letter", async () => {
    const dir = tempDir();
    const text = toCsv("Actions", [action()]).replace("Campagne", "C\u0430mpagne");
    const result = await cli("check", ...files(dir, utf8(text)));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("colonne obligatoire absente : « Campagne »");
    expect(result.stderr).toContain(
      "l'en-tête « Cаmpagne » ressemble à « Campagne » mais contient une lettre d'un autre alphabet : « а » (U+0430, lettre cyrillique) ; le retaper au clavier",
    );
  });

  it("a UTF-8 file with one bad byte: read as Windows-1252, and the likely cause said", async () => {
    const dir = tempDir();
    const good = utf8(toCsv("Actions", [action({ porteur_nom: "Œuvre d'Évry" })]));
    const bad = new Uint8Array([...good.subarray(0, 100), 0xe9, ...good.subarray(100)]);
    const result = await cli("check", ...files(dir, bad));
    // the headers' accents read as « Ã© »: required columns are missing
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("colonnes obligatoires absentes");
    expect(result.stderr).toContain(
      "le fichier contient des caractères accentués en UTF-8 mais n'est pas de l'UTF-8 valide (octet 0xE9 à la position 101 (ligne 1))",
    );
  });

  it("the same, with plain headers: the file is read, with a warning", async () => {
    const dir = tempDir();
    const text = toCsv("Actions", [action({ porteur_nom: "Œuvre d'Évry", action_nom: "Été" })]);
    const header = text.split("\r\n")[0]!;
    const ascii = header.normalize("NFKD").replace(/[^\x20-\x7e]/g, "");
    const good = utf8(text.replace(header, ascii));
    const at = good.length - 20;
    const bad = new Uint8Array([...good.subarray(0, at), 0xff, ...good.subarray(at)]);
    const result = await cli("check", "--format", "json", ...files(dir, bad));
    expect(result.status, result.stderr).toBe(0);
    const warnings = JSON.parse(result.stdout).warnings as { problems: { message: string }[] }[];
    expect(warnings.flatMap((w) => w.problems.map((p) => p.message))).toContainEqual(
      expect.stringContaining("il a été lu en Windows-1252"),
    );
  });

  it("an undefined byte in a CR-only file is reported at its real line", async () => {
    const dir = tempDir();
    const text = toCsv("Actions", [
      action(),
      action({ id_action: "A2" }),
      action({ id_action: "A3" }),
    ]).replace(/\r\n/g, "\r");
    const bytes = cp1252(text);
    const lines = text.split("\r");
    const at = lines[0]!.length + lines[1]!.length + lines[2]!.length + 3 + 5;
    bytes[at] = 0x81;
    const result = await cli("check", ...files(dir, bytes));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`octet 0x81 à la position ${at + 1} (ligne 4)`);
  });
});
