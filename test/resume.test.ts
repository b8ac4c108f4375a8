// The summary sentences of a bilan: French numbers, agreement and plurals, the
// sign of a change, the comparisons, and never a secret value.
import { describe, expect, it } from "vitest";
import {
  change,
  inPlace,
  nationalResponseSentence,
  plural,
  responseSentence,
  summary,
} from "../src/lib/resume.js";

const NBSP = "\u202f";

describe("plurals and places", () => {
  it("« 1 action », « 2 actions », « 1 lieu », « 3 lieux », thousands grouped", () => {
    expect(plural(1, "action")).toBe("1 action");
    expect(plural(2, "action")).toBe("2 actions");
    expect(plural(0, "action")).toBe("0 action");
    expect(plural(1, "lieu", "lieux")).toBe("1 lieu");
    expect(plural(3, "lieu", "lieux")).toBe("3 lieux");
    expect(plural(6281, "enfant")).toBe(`6${NBSP}281 enfants`);
  });

  it("each département with its article", () => {
    expect(inPlace("59", "Nord")).toBe("dans le Nord");
    expect(inPlace("01", "Ain")).toBe("dans l'Ain");
    expect(inPlace("80", "Somme")).toBe("dans la Somme");
    expect(inPlace("78", "Yvelines")).toBe("dans les Yvelines");
    expect(inPlace("75", "Paris")).toBe("à Paris");
    expect(inPlace("971", "Guadeloupe")).toBe("en Guadeloupe");
    expect(inPlace("974", "La Réunion")).toBe("à La Réunion");
    expect(inPlace("FR", "France")).toBe("en France");
  });

  it("the sign of a change, and none without both values", () => {
    expect(change(103, 100)).toBe("+3\u00a0% sur un an");
    expect(change(98, 100)).toBe("−2\u00a0% sur un an");
    expect(change(101.8, 100)).toBe("+1,8\u00a0% sur un an");
    expect(change(100.02, 100)).toBe("stable sur un an");
    expect(change(100, undefined)).toBe("");
    expect(change("secret", 100)).toBe("");
    expect(change(100, "secret")).toBe("");
  });
});

const NORD = {
  porteurs: 120,
  actions: 171,
  enfants: 6281,
  familles: 4597,
  taux_conformite: 0.92,
};

describe("the summary of a bilan", () => {
  it("puts each change beside its own noun (Creuse: children +5 %, families +15 %)", () => {
    const [first] = summary({
      campagne: "2024-2025",
      code: "23",
      nom: "Creuse",
      row: { porteurs: 20, actions: 25, enfants: 375, familles: 290 },
      before: { enfants: 357, familles: 252 },
    });
    expect(first).toContain(
      "pour 375 enfants (+5\u00a0% sur un an) de 290 familles (+15,1\u00a0% sur un an)",
    );
  });

  it("says how many structures answered outside the agreed lists, which the response rate leaves out", () => {
    const sentences = summary({
      campagne: "2024-2025",
      code: "FR",
      nom: "France",
      row: { porteurs: 3186, actions: 4495, structures_repondu: 3162 },
    });
    expect(sentences.at(-1)).toBe(
      "24 des structures qui ont répondu ne sont pas dans une liste des actions agréées importée : elles ne comptent pas dans le taux de réponse.",
    );
  });

  it("says who did what for whom, the change over a year, conformity beside the région and France", () => {
    expect(
      summary({
        campagne: "2024-2025",
        code: "59",
        nom: "Nord",
        row: NORD,
        before: { enfants: 6098 },
        region: { nom: "Hauts-de-France", row: { taux_conformite: 0.85 } },
        france: { taux_conformite: 0.73 },
      }),
    ).toEqual([
      `En 2024-2025, 120 structures ont mené 171 actions Clas dans le Nord, pour 6${NBSP}281 enfants (+3\u00a0% sur un an) de 4${NBSP}597 familles.`,
      "92\u00a0% des actions sont conformes au référentiel national (région Hauts-de-France : 85\u00a0% ; France : 73\u00a0%).",
    ]);
  });

  it("agrees in number: one structure, one action, one child", () => {
    const [first] = summary({
      campagne: "2024-2025",
      code: "48",
      nom: "Lozère",
      row: { porteurs: 1, actions: 1, enfants: 1, familles: 1, taux_conformite: 1 },
    });
    expect(first).toBe(
      "En 2024-2025, 1 structure a mené 1 action Clas dans la Lozère, pour 1 enfant de 1 famille.",
    );
  });

  it("a campagne with no previous one has no change; no action says so", () => {
    const [first] = summary({ campagne: "2022-2023", code: "59", nom: "Nord", row: NORD });
    expect(first).not.toContain("sur un an");
    expect(
      summary({ campagne: "2022-2023", code: "23", nom: "Creuse", row: { actions: 0 } }),
    ).toEqual(["En 2022-2023, aucune action Clas n'a été déclarée dans la Creuse."]);
  });

  it("never states a secret value, nor a change computed from one", () => {
    const sentences = summary({
      campagne: "2024-2025",
      code: "48",
      nom: "Lozère",
      row: { porteurs: 2, actions: 3, enfants: "secret", familles: "secret", taux_conformite: 1 },
      before: { enfants: 25 },
    });
    expect(sentences[0]).toBe(
      "En 2024-2025, 2 structures ont mené 3 actions Clas dans la Lozère (nombre d'enfants couvert par le secret statistique).",
    );
    expect(sentences.join(" ")).not.toMatch(/\d+\s*enfants|sur un an/);
    // the year after a secret: no change stated either
    const after = summary({
      campagne: "2025-2026",
      code: "48",
      nom: "Lozère",
      row: { porteurs: 2, actions: 3, enfants: 30, familles: 20 },
      before: { enfants: "secret" },
    });
    expect(after[0]).not.toContain("sur un an");
  });

  it("the response to the questionnaire, as published bilans write it", () => {
    const row = {
      structures_agreees: 51,
      structures_repondu: 43,
      taux_reponse_structures: 43 / 51,
      actions_agreees: 60,
      actions_agreees_repondu: 50,
      taux_reponse: 50 / 60,
    };
    expect(responseSentence(row)).toBe(
      "43 structures sur 51 ont répondu au questionnaire (84\u00a0%), soit 50 actions agréées sur 60 (83\u00a0%).",
    );
    expect(
      responseSentence({
        structures_agreees: 1,
        structures_repondu: 1,
        taux_reponse_structures: 1,
        actions_agreees: 1,
        actions_agreees_repondu: 0,
        taux_reponse: 0,
      }),
    ).toBe(
      "1 structure sur 1 a répondu au questionnaire (100\u00a0%), soit 0 action agréée sur 1 (0\u00a0%).",
    );
    expect(responseSentence({ actions: 3, structures_agreees: null })).toBeNull();
    expect(nationalResponseSentence({ ...NORD, ...row }, 12)).toBe(
      "43 structures sur 51 ont répondu au questionnaire (84\u00a0%), soit 50 actions agréées sur 60 (83\u00a0%), dans les 12 départements qui ont importé leur liste des actions agréées.",
    );
    expect(nationalResponseSentence({ ...NORD, ...row }, 1)).toContain(
      "dans le seul département qui a importé sa liste",
    );
  });
});
