// The indicator catalogue (src/lib/catalogue.ts) is the one place of an
// indicator: a record added there reaches the indicators query, `clas
// indicators` in JSON and CSV, the pages' labels, the Méthodologie page and
// the public columns, with no other edit.
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { RULES, ruleColumn } from "../loaders/referentiel/rules.js";
import { INDICATOR_META } from "../src/lib/catalogue.js";

describe("the indicator catalogue", () => {
  it("has a record with its SQL for every rule of the référentiel", () => {
    for (const rule of RULES) {
      const record = INDICATOR_META.find((m) => m.key === `taux_${ruleColumn(rule)}`);
      expect(record?.sql, rule.id).toContain(`"ok_${ruleColumn(rule)}"`);
    }
  });

  it("puts an added record everywhere an indicator goes", async () => {
    vi.resetModules();
    const catalogue = await import("../src/lib/catalogue.js");
    catalogue.INDICATOR_META.push({
      key: "collectifs_par_action",
      label: "Collectifs par action",
      kind: "ratio",
      groupe: "Ratios",
      definition: "Collectifs ÷ actions.",
      sql: "CAST(col.collectifs AS DOUBLE) / NULLIF(CAST(act.actions AS DOUBLE), 0)",
    });
    const { cli, tempDir } = await import("./helpers/warehouse.js");
    const { PUBLIC_COLUMNS } = await import("../loaders/publish/audience.js");
    const { META_BY_KEY } = await import("../src/lib/indicateurs.js");
    const { methodologyPage } = await import("../loaders/site/methodologie.js");
    const { loadReferentiel } = await import("../loaders/configuration.js");

    const db = path.join(tempDir(), "clas.duckdb");
    const files = ["actions.csv", "collectifs.csv"].map((f) =>
      path.join("test/fixtures/exemple", f),
    );
    expect((await cli("ingest", "--db", db, ...files)).status).toBe(0);
    const json = JSON.parse((await cli("indicators", "--db", db, "--format", "json")).stdout);
    for (const row of json as Record<string, number>[]) {
      expect(Object.keys(row).at(-1)).toBe("collectifs_par_action");
      if (row.actions === 0) expect(row.collectifs_par_action).toBeNull();
      else expect(row.collectifs_par_action).toBeCloseTo(row.collectifs! / row.actions!, 10);
    }
    const csv = (await cli("indicators", "--db", db, "--format", "csv")).stdout;
    expect(csv.split("\r\n")[0]!.split(",").at(-1)).toBe("collectifs_par_action");
    expect(META_BY_KEY.get("collectifs_par_action")?.label).toBe("Collectifs par action");
    expect(PUBLIC_COLUMNS).toContain("collectifs_par_action");
    const page = methodologyPage(
      { audience: "public", departements: [], threshold: 10 },
      ["2024-2025"],
      await loadReferentiel(),
    );
    expect(page).toContain('<dt id="indicateur-collectifs-par-action">Collectifs par action</dt>');
    vi.resetModules();
  });
});
