// The list of agreed actions of a new campagne, ingested before any
// questionnaire came back, made indicator rows, but `clas indicators --campagne`
// said « campagne absente de la base », and the ingest « aucune tranche
// remplacée ». A campagne held by any table is a campagne for every command.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { agrement, cp1252, toCsv } from "../helpers/export.js";
import { cli, tempDir } from "../helpers/warehouse.js";

describe("a campagne that exists only in a list of agreed actions", () => {
  it("is a campagne for clas indicators, and the ingest says which slices it replaced", async () => {
    const dir = tempDir();
    const list = path.join(dir, "agrements-2025-2026.csv");
    writeFileSync(
      list,
      cp1252(
        toCsv("Agréments", [
          agrement({ campagne: "2025-2026", departement: "59", id_action: "N1" }),
          agrement({ campagne: "2025-2026", departement: "59", id_action: "N2" }),
        ]),
      ),
    );
    const db = path.join(dir, "clas.duckdb");
    const ingested = await cli("ingest", "--db", db, list);
    expect(ingested.status, ingested.stderr).toBe(0);
    expect(ingested.stdout).toContain(
      "listes d'actions agréées (campagne, département) remplacées : 2025-2026/59",
    );
    expect(ingested.stdout).not.toContain("aucune tranche");
    const shown = await cli(
      "indicators",
      "--db",
      db,
      "--campagne",
      "2025-2026",
      "--format",
      "json",
    );
    expect(shown.stderr).toBe("");
    const rows = JSON.parse(shown.stdout) as Record<string, unknown>[];
    const nord = rows.find((r) => r.departement === "59")!;
    expect(nord.actions_agreees).toBe(2);
    expect(nord.actions).toBe(0);
  });
});
