import { describe, expect, it } from "vitest";
import { excelCsv } from "../src/lib/csv.js";
import {
  formatDate,
  formatEuros,
  formatIndicator,
  formatNumber,
  formatPercent,
} from "../src/lib/format.js";
import { fixPage } from "../loaders/site/fix-pages.js";
import { formatCents } from "../loaders/export/money.js";
import { RULES } from "../loaders/referentiel/rules.js";

describe("French formatting (one module, Intl fr-FR)", () => {
  it("groups thousands with U+202F and puts U+00A0 before € and %", () => {
    expect(formatNumber(1234567)).toBe("1\u202f234\u202f567");
    expect(formatNumber(9.333, 1)).toBe("9,3");
    expect(formatEuros(34309022.77)).toBe("34\u202f309\u202f022,77\u00a0€");
    expect(formatPercent(0.7242)).toBe("72,4\u00a0%");
    expect(formatDate("2024-11-04")).toBe("04/11/2024");
  });

  it("writes money one way: on the pages, in the ingest's messages, in the rules' thresholds", () => {
    expect(formatEuros(30)).toBe("30,00\u00a0€");
    expect(formatEuros(30, { centimes: false })).toBe("30\u00a0€");
    expect(formatCents(-123450n)).toBe("-1\u202f234,50\u00a0€");
    expect(formatCents(100_000_000_000n)).toBe("1\u202f000\u202f000\u202f000,00\u00a0€");
    const gratuite = RULES.find((r) => r.id === "GRATUITE")!;
    expect(gratuite.expected({ participation_max: 30 } as never, false)).toBe(
      "au plus 30\u00a0€ par famille et par an",
    );
    expect(gratuite.expected({ participation_max: 30.5 } as never, false)).toBe(
      "au plus 30,50\u00a0€ par famille et par an",
    );
  });

  it("formats an indicator by its kind, with — when undefined", () => {
    expect(formatIndicator(null, "taux")).toBe("—");
    expect(formatIndicator(0.5, "taux")).toBe("50\u00a0%");
    expect(formatIndicator(607.142857, "euros")).toBe("607,14\u00a0€");
    expect(formatIndicator(9.3333, "ratio")).toBe("9,3");
    expect(formatIndicator(2568, "nombre")).toBe("2\u202f568");
  });
});

describe("CSV for a spreadsheet", () => {
  it("uses ; a BOM, CRLF and decimal commas; numbers stay numbers", () => {
    const csv = excelCsv(
      [{ nom: "Côtes-d'Armor", taux: 0.125, n: -3, vide: null }],
      [
        { label: "nom", value: (r) => r.nom },
        { label: "taux", value: (r) => r.taux },
        { label: "n", value: (r) => r.n },
        { label: "vide", value: (r) => r.vide },
      ],
    );
    expect(csv).toBe("\ufeffnom;taux;n;vide\r\nCôtes-d'Armor;0,125;-3;\r\n");
  });

  it("neutralises text a spreadsheet would run as a formula, and quotes ; and quotes", () => {
    const rows = ["=1+1", "+33 1", "-x", "@SUM(A1)", 'a;"b"'];
    const csv = excelCsv(rows, [{ label: "t", value: (r) => r }]);
    expect(csv.split("\r\n").slice(1, -1)).toEqual([
      "'=1+1",
      "'+33 1",
      "'-x",
      "'@SUM(A1)",
      '"a;""b"""',
    ]);
  });
});

describe("pages as built", () => {
  it("are in French, zoomable, and their sidebar list holds only items", () => {
    const html =
      '<!DOCTYPE html>\n<html>\n<head>\n<meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1">' +
      '<nav><ol>\n    <label id="observablehq-sidebar-close" for="x" title="t"></label>\n    <li>a</li></ol></nav>';
    const fixed = fixPage(html);
    expect(fixed).toContain('<html lang="fr">');
    expect(fixed).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(fixed).toContain(
      '<label id="observablehq-sidebar-close" aria-hidden="true" for="x" title="t"></label>\n    <ol>',
    );
  });
});

describe("text folded for matching", () => {
  it("foldText and its SQL twin fold alike", async () => {
    const { DuckDBInstance } = await import("@duckdb/node-api");
    const { foldSql, foldText } = await import("../src/lib/normalize.js");
    const texts = [
      "12, rue de l'Église",
      "Cœur de Ville",
      "ÆSOP — Straße",
      "  Saint-Étienne  ",
      "Ça c'est « Noël » !",
      "L'Haÿ-les-Roses",
      "ÀÉÎÕÜ çñ",
    ];
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const values = texts.map((t) => `('${t.replaceAll("'", "''")}')`).join(", ");
    const rows = (
      await connection.runAndReadAll(`SELECT ${foldSql("t")} AS k FROM (VALUES ${values}) v(t)`)
    ).getRowObjectsJson();
    expect(rows.map((r) => r.k)).toEqual(texts.map((t) => foldText(t)));
    expect(foldText("Cœur de Ville")).toBe("coeurdeville");
    connection.closeSync();
    instance.closeSync();
  });
});
