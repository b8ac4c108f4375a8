// Personal data has an end: clas purge-personal erases the cells of earlier
// campagnes, says how many, and leaves none of their bytes in the database file.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { action, collectif } from "./helpers/export.js";
import { cli, query, tempDir, writeExport } from "./helpers/warehouse.js";

describe("clas purge-personal", () => {
  it("works on a database whose file name holds quotes (its SQL name is quoted, not pasted)", async () => {
    const dir = tempDir();
    const db = path.join(dir, `bilan de l'an "2024".duckdb`);
    const files = writeExport(
      dir,
      [action({ campagne: "2023-2024", contact_courriel: "guillemets@exemple.test" })],
      [collectif({ campagne: "2023-2024" })],
    );
    expect((await cli("ingest", "--db", db, ...files)).status).toBe(0);
    const result = await cli("purge-personal", "--db", db, "--before", "2024-2025");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("3 cellule(s)");
    expect(readFileSync(db).toString("latin1")).not.toContain("guillemets@exemple.test");
    expect(await query(db, "SELECT count(*)::INT AS n FROM actions")).toEqual([{ n: 1 }]);
  });

  it("erases the personal cells of the campagnes before the one given, and their bytes", async () => {
    const dir = tempDir();
    const db = path.join(dir, "clas.duckdb");
    const old = writeExport(
      dir,
      [
        action({ campagne: "2023-2024", contact_courriel: "ancienne@exemple.test" }),
        action({
          campagne: "2023-2024",
          id_action: "A2",
          siret: "123",
          contact_courriel: "rejet@exemple.test",
        }),
      ],
      [collectif({ campagne: "2023-2024" })],
      "ancienne",
    );
    const recent = writeExport(
      dir,
      [action({ campagne: "2024-2025", contact_courriel: "recente@exemple.test" })],
      [collectif({ campagne: "2024-2025" })],
      "recente",
    );
    expect((await cli("ingest", "--db", db, ...old)).status).toBe(0);
    expect((await cli("ingest", "--db", db, ...recent)).status).toBe(0);
    const bytes = () => readFileSync(db).toString("latin1");
    expect(bytes()).toContain("ancienne@exemple.test");

    const result = await cli("purge-personal", "--db", db, "--before", "2024-2025");
    expect(result.status, result.stderr).toBe(0);
    // 2023-2024: an accepted action and a rejected one, three cells each
    expect(result.stdout).toContain("6 cellule(s)");
    expect(result.stdout).toContain("2 ligne(s)");
    const left = await query(
      db,
      "SELECT campagne, contact_courriel FROM donnees_personnelles ORDER BY campagne",
    );
    expect(left).toEqual([{ campagne: "2024-2025", contact_courriel: "recente@exemple.test" }]);
    expect(bytes()).not.toContain("ancienne@exemple.test");
    expect(bytes()).not.toContain("rejet@exemple.test");
    // the rest of the warehouse is intact
    const actions = await query(
      db,
      "SELECT campagne, count(*)::INT AS n FROM actions GROUP BY ALL ORDER BY 1",
    );
    expect(actions).toEqual([
      { campagne: "2023-2024", n: 1 },
      { campagne: "2024-2025", n: 1 },
    ]);
    expect((await cli("indicators", "--db", db, "--format", "json")).status).toBe(0);
  });

  it("wants a campagne", async () => {
    const result = await cli("purge-personal", "--before", "2024");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("--before AAAA-AAAA attendu");
  });
});
