// Every rule of the référentiel at its bounds, urban and rural, by the compiled rule SQL over
// validated rows (milliseconds a case); a representative set through the one ingest too.
import { describe, expect, it } from "vitest";
import { loadReferentiel } from "../loaders/configuration.js";
import { RULES } from "../loaders/referentiel/rules.js";
import type { Referentiel } from "../loaders/referentiel/seuils.js";
import { action, collectif } from "./helpers/export.js";
import {
  actionRule,
  collectifRule,
  evaluate,
  evaluated,
  evaluateThroughIngest,
} from "./helpers/rules.js";

const URBAN = { rural: "non" };
const RURAL = { rural: "oui" };

describe("the rule table", () => {
  it("lists the spec's rules in its order, with their levels", () => {
    expect(RULES.map((r) => [r.id, r.unit, r.level])).toEqual([
      ["PUBLIC", "collectif", "bloquant"],
      ["TAILLE", "collectif", "bloquant"],
      ["ENCADREMENT", "collectif", "bloquant"],
      ["REGULARITE", "collectif", "bloquant"],
      ["LIEU_PARENTS", "collectif", "bloquant"],
      ["COLLECTIF", "action", "bloquant"],
      ["AXE_ENFANTS", "action", "bloquant"],
      ["AXE_PARENTS", "action", "bloquant"],
      ["AXE_ECOLE", "action", "bloquant"],
      ["AXE_TERRITOIRE", "action", "bloquant"],
      ["COORDINATION", "action", "bloquant"],
      ["COFINANCEMENT", "action", "bloquant"],
      ["GRATUITE", "action", "avertissement"],
      ["CALENDRIER", "action", "avertissement"],
      ["FORMATION", "action", "avertissement"],
    ]);
  });

  it("quotes the référentiel for every rule", () => {
    expect(RULES.find((r) => r.id === "TAILLE")!.quote).toContain(
      "un groupe constitué de 8 à 12 enfants maximum",
    );
    for (const r of RULES) expect(r.quote.length).toBeGreaterThan(20);
  });
});

describe("PUBLIC", () => {
  it.each([
    ["Élémentaire", true],
    ["Collège", true],
    ["Lycée", true],
    ["Maternelle", false],
    ["Autre", false],
  ])("%s → %s", async (niveau, expected) => {
    expect(await collectifRule("public", URBAN, { niveau })).toBe(expected);
  });
});

describe("TAILLE", () => {
  it.each([
    ["7", false],
    ["8", true],
    ["12", true],
    ["13", false],
  ])("urban, %s children → %s", async (enfants, expected) => {
    expect(await collectifRule("taille", URBAN, { enfants, filles: "" })).toBe(expected);
  });

  it.each([
    ["4", false],
    ["5", true],
    ["12", true],
    ["13", false],
  ])("rural, %s children → %s", async (enfants, expected) => {
    expect(await collectifRule("taille", RURAL, { enfants, filles: "" })).toBe(expected);
  });
});

describe("ENCADREMENT", () => {
  it("urban: 2 intervenants pass, 1 fails even under 8 children", async () => {
    expect(await collectifRule("encadrement", URBAN, { intervenants: "2" })).toBe(true);
    expect(
      await collectifRule("encadrement", URBAN, { intervenants: "1", enfants: "6", filles: "" }),
    ).toBe(false);
  });

  it("rural: 1 intervenant passes under 8 children, fails at 8", async () => {
    expect(
      await collectifRule("encadrement", RURAL, { intervenants: "1", enfants: "7", filles: "" }),
    ).toBe(true);
    expect(
      await collectifRule("encadrement", RURAL, { intervenants: "1", enfants: "8", filles: "" }),
    ).toBe(false);
    expect(
      await collectifRule("encadrement", RURAL, { intervenants: "2", enfants: "8", filles: "" }),
    ).toBe(true);
  });
});

describe("REGULARITE", () => {
  const at = (seances_semaine: string, duree_seance: string, semaines = "30") => ({
    seances_semaine,
    duree_seance,
    semaines,
  });
  it("2 × 90 min passes, 2 × 85 min fails", async () => {
    expect(await collectifRule("regularite", URBAN, at("2", "90"))).toBe(true);
    expect(await collectifRule("regularite", URBAN, at("2", "85"))).toBe(false);
  });

  it("urban: one session of 180 min fails (each threshold on its own)", async () => {
    expect(await collectifRule("regularite", URBAN, at("1", "180"))).toBe(false);
  });

  it("rural: 1 × 120 min passes, 1 × 110 min fails", async () => {
    expect(await collectifRule("regularite", RURAL, at("1", "120"))).toBe(true);
    expect(await collectifRule("regularite", RURAL, at("1", "110"))).toBe(false);
    expect(await collectifRule("regularite", RURAL, at("2", "90"))).toBe(true);
  });

  it("27 weeks pass, 26 fail, urban and rural", async () => {
    expect(await collectifRule("regularite", URBAN, at("2", "90", "27"))).toBe(true);
    expect(await collectifRule("regularite", URBAN, at("2", "90", "26"))).toBe(false);
    expect(await collectifRule("regularite", RURAL, at("1", "120", "27"))).toBe(true);
    expect(await collectifRule("regularite", RURAL, at("1", "120", "26"))).toBe(false);
  });
});

describe("LIEU_PARENTS", () => {
  it("a place not accessible to parents fails", async () => {
    expect(await collectifRule("lieu_parents", URBAN, { lieu_accessible_parents: "oui" })).toBe(
      true,
    );
    expect(await collectifRule("lieu_parents", URBAN, { lieu_accessible_parents: "non" })).toBe(
      false,
    );
  });
});

describe("COLLECTIF", () => {
  it("an action without collectif fails, and is not conforme", async () => {
    const e = await evaluate([action(), action({ id_action: "A2" })], [collectif()]);
    expect(e.actions.map((a) => [a.id_action, a.collectif, a.conforme])).toEqual([
      ["A1", true, true],
      ["A2", false, false],
    ]);
  });
});

describe("AXE_*", () => {
  it.each([
    ["obj_enf_3", "axe_enfants"],
    ["obj_par_2", "axe_parents"],
    ["obj_eco_1", "axe_ecole"],
    ["obj_ter_1", "axe_territoire"],
  ])("an empty %s box fails %s only", async (box, rule) => {
    const e = await evaluate([action({ [box]: "" })], [collectif()]);
    const a = e.actions[0]!;
    expect(a[rule]).toBe(false);
    for (const other of ["axe_enfants", "axe_parents", "axe_ecole", "axe_territoire"].filter(
      (r) => r !== rule,
    )) {
      expect(a[other]).toBe(true);
    }
    expect(a.conforme).toBe(false);
  });
});

describe("COORDINATION", () => {
  it.each([
    [{ coordinateur_niveau: "Bac+2" }, true],
    [{ coordinateur_niveau: "Bac+5 et plus" }, true],
    [{ coordinateur_niveau: "Bac" }, false],
    [{ coordinateur_niveau: "" }, false],
    [{ coordinateur_experience: "" }, false],
    [{ coordinateur_experience: "non" }, false],
    [{ coordinateur: "non" }, false],
  ])("%j → %s", async (overrides, expected) => {
    expect(await actionRule("coordination", overrides)).toBe(expected);
  });
});

describe("COFINANCEMENT", () => {
  it("a Caf share of exactly 80 % passes, just above fails", async () => {
    expect(
      await actionRule("cofinancement", {
        budget_total: "10000",
        montant_ps: "7000",
        montant_fonds_locaux: "1000",
      }),
    ).toBe(true);
    expect(
      await actionRule("cofinancement", {
        budget_total: "10000",
        montant_ps: "7000",
        montant_fonds_locaux: "1000,01",
      }),
    ).toBe(false);
  });

  it("empty local funds count as 0", async () => {
    expect(
      await actionRule("cofinancement", {
        budget_total: "10000",
        montant_ps: "8000",
        montant_fonds_locaux: "",
      }),
    ).toBe(true);
    expect(
      await actionRule("cofinancement", {
        budget_total: "10000",
        montant_ps: "8000,01",
        montant_fonds_locaux: "",
      }),
    ).toBe(false);
  });
});

describe("avertissements", () => {
  it("GRATUITE: 30 € passes, 30,01 € fails, empty passes", async () => {
    expect(await actionRule("gratuite", { participation_familles: "30" })).toBe(true);
    expect(await actionRule("gratuite", { participation_familles: "30,01" })).toBe(false);
    expect(await actionRule("gratuite", { participation_familles: "" })).toBe(true);
  });

  it("CALENDRIER: from 1 November of N to 15 June of N+1", async () => {
    expect(
      await actionRule("calendrier", { date_debut: "01/11/2024", date_fin: "15/06/2025" }),
    ).toBe(true);
    expect(
      await actionRule("calendrier", { date_debut: "31/10/2024", date_fin: "15/06/2025" }),
    ).toBe(false);
    expect(
      await actionRule("calendrier", { date_debut: "01/11/2024", date_fin: "16/06/2025" }),
    ).toBe(false);
  });

  it("FORMATION: at least one intervenant in training; empty fails", async () => {
    expect(await actionRule("formation", { intervenants_formation: "1" })).toBe(true);
    expect(await actionRule("formation", { intervenants_formation: "0" })).toBe(false);
    expect(await actionRule("formation", { intervenants_formation: "" })).toBe(false);
  });

  it("failing avertissements do not make an action non-conforming", async () => {
    const e = await evaluate(
      [
        action({
          participation_familles: "100",
          date_debut: "01/09/2024",
          intervenants_formation: "0",
        }),
      ],
      [collectif()],
    );
    expect(e.actions[0]).toMatchObject({
      gratuite: false,
      calendrier: false,
      formation: false,
      conforme: true,
    });
  });
});

describe("conformity", () => {
  it("one failing collectif makes its action non-conforming", async () => {
    const e = await evaluate(
      [action()],
      [collectif(), collectif({ id_collectif: "C2", enfants: "14", filles: "" })],
    );
    expect(e.collectifs.map((c) => [c.id_collectif, c.conforme])).toEqual([
      ["C1", true],
      ["C2", false],
    ]);
    expect(e.actions[0]).toMatchObject({
      collectifs: 2,
      collectifs_conformes: false,
      conforme: false,
    });
  });
});

describe("thresholds", () => {
  async function withVersions(change: (r: Referentiel) => void): Promise<Referentiel> {
    const r = structuredClone(await loadReferentiel());
    change(r);
    return r;
  }

  it("a later version applies from its campagne on, and leaves earlier campagnes as they were", async () => {
    const referentiel = await withVersions((r) =>
      r.versions.push({
        ...structuredClone(r.versions[0]!),
        depuis: "2025-2026",
        seuils: { ...r.versions[0]!.seuils, participation_max: 50 },
      }),
    );
    expect(await actionRule("gratuite", { participation_familles: "40" }, referentiel)).toBe(false);
    const next = {
      campagne: "2025-2026",
      participation_familles: "40",
      date_debut: "03/11/2025",
      date_fin: "12/06/2026",
    };
    const e = await evaluate([action(next)], [collectif({ campagne: "2025-2026" })], referentiel);
    const later = e.actions[0]!.gratuite;
    expect(later).toBe(true);
  });

  it("the calendar can be overridden per département (La Réunion)", async () => {
    const referentiel = await withVersions((r) => {
      r.versions[0]!.calendrier_par_departement = { "974": { debut: "02-01", fin: "12-15" } };
    });
    const reunion = { departement: "974", date_debut: "03/02/2025", date_fin: "30/11/2025" };
    const e = await evaluate(
      [action(reunion)],
      [collectif({ departement: "974", code_insee: "97411" })],
      referentiel,
    );
    expect(e.actions[0]!.calendrier).toBe(true);
    expect(
      await actionRule(
        "calendrier",
        { date_debut: "03/02/2025", date_fin: "30/11/2025" },
        referentiel,
      ),
    ).toBe(false);
  });
});

describe("the one ingest", () => {
  it("stores the rule results the compiled SQL gives, on every fifth case of this file", async () => {
    const chosen = evaluated.filter((_, i) => i % 5 === 0);
    expect(chosen.length).toBeGreaterThan(8);
    for (const { actions, collectifs, referentiel } of chosen)
      expect(await evaluateThroughIngest(actions, collectifs, referentiel)).toEqual(
        await evaluate(actions, collectifs, referentiel),
      );
  });
});
