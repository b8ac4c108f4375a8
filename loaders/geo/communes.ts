// The reference list of communes, as the validator sees it: pure lookups, no I/O.

export interface Commune {
  code: string;
  nom: string;
  departement: string;
}

export type CommuneResolution = Commune & {
  /** How the code read was resolved: a current code, a municipal arrondissement, a former code. */
  via: "actuel" | "arrondissement" | "ancien";
};

export interface CommuneReference {
  resolve(code: string): CommuneResolution | null;
}

/** Paris, Marseille and Lyon's municipal arrondissements read as their commune. */
const ARRONDISSEMENTS: { from: number; to: number; commune: string }[] = [
  { from: 75101, to: 75120, commune: "75056" },
  { from: 13201, to: 13216, commune: "13055" },
  { from: 69381, to: 69389, commune: "69123" },
];

export function createCommuneReference(
  communes: Iterable<Commune>,
  formerCodes: Iterable<[string, string]>,
): CommuneReference {
  const current = new Map<string, Commune>();
  for (const c of communes) current.set(c.code, c);
  const former = new Map<string, string>();
  for (const [old, now] of formerCodes) if (!current.has(old)) former.set(old, now);
  return {
    resolve(code) {
      const c = current.get(code);
      if (c) return { ...c, via: "actuel" };
      const n = Number(code);
      const arr = ARRONDISSEMENTS.find((a) => n >= a.from && n <= a.to && /^\d{5}$/.test(code));
      if (arr) {
        const parent = current.get(arr.commune);
        if (parent) return { ...parent, via: "arrondissement" };
      }
      const now = former.get(code);
      const target = now ? current.get(now) : undefined;
      return target ? { ...target, via: "ancien" } : null;
    },
  };
}
