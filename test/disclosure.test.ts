import { describe, expect, it } from "vitest";
import { publicIndicators, PUBLIC_INDICATORS } from "../loaders/publish/audience.js";
import { derived, primary, secondary, SECRET, type Row } from "../loaders/publish/disclosure.js";

const S = SECRET;

describe("primary suppression", () => {
  it("hides counts from 1 to the threshold, never 0, never above", () => {
    const rows = primary([{ a: 0, b: 1, c: 10, d: 11, e: null }], ["a", "b", "c", "d", "e"]);
    expect(rows).toEqual([{ a: 0, b: S, c: S, d: 11, e: null }]);
    expect(primary([{ a: 12 }], ["a"], 12)).toEqual([{ a: S }]);
  });
});

describe("secondary suppression", () => {
  it("hides the smallest other part so that a hidden part cannot be recomputed from the total", () => {
    // total 100 = 5 + 30 + 65: hiding 5 alone would give it away (100 - 30 - 65)
    const rows: Row[] = [{ t: 100, a: S, b: 30, c: 65 }];
    const out = secondary(rows, [
      { total: { row: 0, key: "t" }, parts: ["a", "b", "c"].map((key) => ({ row: 0, key })) },
    ]);
    expect(out).toEqual([{ t: 100, a: S, b: S, c: 65 }]);
  });

  it("hides the total when no other part can be", () => {
    const rows: Row[] = [{ t: 7, a: S, b: 0 }];
    const out = secondary(rows, [
      {
        total: { row: 0, key: "t" },
        parts: [
          { row: 0, key: "a" },
          { row: 0, key: "b" },
        ],
      },
    ]);
    expect(out[0]!.t).toBe(S);
  });

  it("follows the relations until none gives a hidden cell away (chained totals)", () => {
    // France = A + B; A = A1 + A2. Hiding A1 hides A2; then A is recomputable only if
    // France and B are visible and A alone hidden — it is not hidden here, so nothing more.
    const rows: Row[] = [
      { zone: "FR", n: 200 },
      { zone: "A", n: 120 },
      { zone: "B", n: 80 },
      { zone: "A1", n: S },
      { zone: "A2", n: 115 },
    ];
    const ref = (row: number) => ({ row, key: "n" });
    const out = secondary(rows, [
      { total: ref(0), parts: [ref(1), ref(2)] },
      { total: ref(1), parts: [ref(3), ref(4)] },
    ]);
    expect(out.map((r) => r.n)).toEqual([200, 120, 80, S, S]);
  });

  it("leaves alone relations with no hidden cell or with two", () => {
    const rows: Row[] = [{ t: 30, a: S, b: S, c: 12 }];
    const out = secondary(rows, [
      { total: { row: 0, key: "t" }, parts: ["a", "b", "c"].map((key) => ({ row: 0, key })) },
    ]);
    expect(out).toEqual(rows);
  });
});

describe("derived values", () => {
  it("are hidden when a count they are computed from is", () => {
    expect(
      derived([{ enfants: S, cout_par_enfant: 512.3, part_caf: 0.4 }], {
        cout_par_enfant: ["enfants"],
      }),
    ).toEqual([{ enfants: S, cout_par_enfant: S, part_caf: 0.4 }]);
  });
});

describe("the public indicators", () => {
  const base = (departement: string, enfants: number[], extra: Record<string, number> = {}) => {
    const [e, c, l, a] = enfants as [number, number, number, number];
    return {
      campagne: "2024-2025",
      departement,
      departement_nom: departement,
      enfants: e + c + l + a,
      enfants_elementaire: e,
      enfants_college: c,
      enfants_lycee: l,
      enfants_autre: a,
      filles: 40,
      familles: 60,
      parents_impliques: 30,
      cout_par_enfant: 500,
      enfants_par_collectif: 10,
      heures_enfants: 9000,
      lignes_rejetees: 3,
      ...extra,
    };
  };

  it("publish the explicit columns only, with every count of children, families and parents controlled", async () => {
    const dep = [
      base("01", [50, 40, 3, 0]),
      base("02", [60, 30, 20, 12]),
      base("FR", [110, 70, 23, 12]),
    ];
    const { parDepartement } = await publicIndicators(dep, [], new Map());
    for (const row of parDepartement) expect(Object.keys(row)).toEqual(PUBLIC_INDICATORS);
    const [d01, d02, fr] = parDepartement;
    // 01: lycée 3 is secret; élémentaire, collège and autre = 0 could give it back from 93: the smallest non-zero (collège 40) goes too
    expect(d01).toMatchObject({
      enfants_lycee: S,
      enfants_college: S,
      enfants_elementaire: 50,
      enfants_autre: 0,
    });
    // France's lycée (23) = 01's + 02's: 02's lycée (20) must go too
    expect(d02!.enfants_lycee).toBe(S);
    expect(fr!.enfants_lycee).toBe(23);
    for (const row of parDepartement) {
      for (const key of [
        "enfants",
        "enfants_elementaire",
        "enfants_college",
        "enfants_lycee",
        "enfants_autre",
        "filles",
        "familles",
        "parents_impliques",
      ]) {
        const v = row[key];
        expect(
          typeof v === "number" ? v === 0 || v > 10 : v === S,
          `${row.departement} ${key} = ${v}`,
        ).toBe(true);
      }
    }
  });

  it("hide a small département's children, and what is computed from them", async () => {
    const dep = [
      base("48", [5, 3, 0, 0]),
      base("01", [50, 40, 30, 0]),
      base("FR", [55, 43, 30, 0]),
    ];
    const [d48] = (await publicIndicators(dep, [], new Map())).parDepartement;
    expect(d48).toMatchObject({
      enfants: S,
      cout_par_enfant: S,
      enfants_par_collectif: S,
      heures_enfants: S,
    });
  });
});
