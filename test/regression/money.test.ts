// Amounts the warehouse cannot hold are refused by the validator with a French
// message; every value it accepts goes through the rules and the indicators.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { action, collectif } from "../helpers/export.js";
import { cli, query, tempDir, writeExport } from "../helpers/warehouse.js";

describe("amounts too large", () => {
  it("10¹⁶ € and a SIRET pasted into « Coût total » reject their row, without a crash", async () => {
    const dir = tempDir();
    const db = path.join(dir, "clas.duckdb");
    const files = writeExport(
      dir,
      [
        action({ id_action: "A1", budget_total: "10000000000000000" }),
        action({ id_action: "A2", budget_total: "78201543000013" }),
        action({ id_action: "A3", montant_ps: "99 999 999 999 999 999,99 €" }),
        action({ id_action: "A4" }),
      ],
      ["A1", "A2", "A3", "A4"].map((id) => collectif({ id_action: id })),
    );
    const result = await cli("ingest", "--db", db, ...files);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("4 lignes lues, 1 acceptée, 3 rejetées");
    const messages = await query(
      db,
      "SELECT r.cle, p.message FROM rejets r JOIN rejet_problemes p USING (rejet_id) WHERE r.table_export = 'Actions' ORDER BY r.cle",
    );
    expect(messages).toEqual([
      {
        cle: "A1",
        message: "montant trop grand : au plus 1\u202f000\u202f000\u202f000\u00a0€ attendus",
      },
      {
        cle: "A2",
        message:
          "montant trop grand : au plus 1\u202f000\u202f000\u202f000\u00a0€ attendus (un SIRET collé dans la colonne ?)",
      },
      {
        cle: "A3",
        message: "montant trop grand : au plus 1\u202f000\u202f000\u202f000\u00a0€ attendus",
      },
    ]);
    expect((await cli("indicators", "--db", db, "--format", "json")).status).toBe(0);
  });

  it("the largest values accepted go through the rules and the indicators without overflow", async () => {
    const dir = tempDir();
    const db = path.join(dir, "clas.duckdb");
    const big = "1 000 000 000,00";
    const files = writeExport(
      dir,
      [
        action({
          budget_total: big,
          montant_ps: big,
          montant_fonds_locaux: big,
          participation_familles: big,
          cofin_commune: big,
          cofin_departement: big,
          cofin_etat: big,
          cofin_autres: big,
          familles: "1000000000",
          parents_impliques: "1000000000",
          intervenants_salaries: "1000000000",
          intervenants_benevoles: "1000000000",
          intervenants_formation: "1000000000",
        }),
      ],
      [
        collectif({
          enfants: "1000000000",
          filles: "1000000000",
          intervenants: "1000000000",
          seances_semaine: "14",
          duree_seance: "600",
          semaines: "53",
        }),
      ],
    );
    const result = await cli("ingest", "--db", db, ...files);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("1 acceptée");
    const indicators = await cli("indicators", "--db", db, "--format", "json");
    expect(indicators.status, indicators.stderr).toBe(0);
    const fr = (JSON.parse(indicators.stdout) as Record<string, number>[]).at(-1)!;
    // by hand: 10⁹ children × 14 sessions × 10 h × 53 weeks
    expect(fr.heures_enfants).toBe(1e9 * 14 * 10 * 53);
    expect(fr.budget_total).toBe(1e9);
    expect(fr.cofinancements).toBe(4e9);
    expect(fr.part_caf).toBe(2);
  });
});
