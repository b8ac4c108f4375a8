// The référentiel's thresholds: one configuration, versioned by campagne, with
// the per-département calendar the rules spec allows. Pure: the JSON comes in.

export interface Seuils {
  taille_min: number;
  taille_max: number;
  taille_min_rural: number;
  encadrement_min: number;
  encadrement_min_rural_petit: number;
  seances_min: number;
  duree_min: number;
  semaines_min: number;
  seances_min_rural: number;
  duree_min_rural: number;
  /** Coordinator levels that pass COORDINATION (Bac+2 or higher). */
  niveaux_coordinateur: string[];
  /** Largest share of the cost the Caf may fund (PS Clas + local funds). */
  part_caf_max: number;
  /** Largest symbolic yearly participation of one family, in euros. */
  participation_max: number;
  /** `MM-JJ` of year N (first year of the campagne). */
  calendrier_debut: string;
  /** `MM-JJ` of year N+1. */
  calendrier_fin: string;
}

export interface Version {
  depuis: string;
  source?: string;
  seuils: Seuils;
  calendrier_par_departement?: Record<string, { debut: string; fin: string }>;
}

export interface Referentiel {
  versions: Version[];
}

export class ReferentielError extends Error {}

const NUMBERS: (keyof Seuils)[] = [
  "taille_min",
  "taille_max",
  "taille_min_rural",
  "encadrement_min",
  "encadrement_min_rural_petit",
  "seances_min",
  "duree_min",
  "semaines_min",
  "seances_min_rural",
  "duree_min_rural",
  "part_caf_max",
  "participation_max",
];

const MONTH_DAY = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function checkReferentiel(value: unknown, source: string): Referentiel {
  const r = value as Referentiel;
  if (!r || !Array.isArray(r.versions) || r.versions.length === 0) {
    throw new ReferentielError(`${source} : « versions » doit être une liste non vide`);
  }
  for (const v of r.versions) {
    if (!/^\d{4}-\d{4}$/.test(v.depuis ?? "")) {
      throw new ReferentielError(`${source} : « depuis » doit être une campagne AAAA-AAAA`);
    }
    for (const k of NUMBERS) {
      if (typeof v.seuils?.[k] !== "number") {
        throw new ReferentielError(
          `${source} : version ${v.depuis} : seuil « ${k} » numérique attendu`,
        );
      }
    }
    const dates = [v.seuils.calendrier_debut, v.seuils.calendrier_fin];
    for (const c of Object.values(v.calendrier_par_departement ?? {})) dates.push(c.debut, c.fin);
    for (const d of dates) {
      if (!MONTH_DAY.test(d ?? "")) {
        throw new ReferentielError(
          `${source} : version ${v.depuis} : date MM-JJ attendue, pas « ${d} »`,
        );
      }
    }
  }
  return { versions: [...r.versions].sort((a, b) => a.depuis.localeCompare(b.depuis)) };
}

/** The version in force for a campagne: the latest whose `depuis` is not after it. */
export function versionFor(referentiel: Referentiel, campagne: string): Version {
  let found: Version | undefined;
  for (const v of referentiel.versions) if (v.depuis <= campagne) found = v;
  return found ?? referentiel.versions[0]!;
}

/** One row of the `seuils` table the rule SQL joins on, for one (campagne, département). */
export interface SeuilsRow extends Omit<
  Seuils,
  "niveaux_coordinateur" | "calendrier_debut" | "calendrier_fin"
> {
  campagne: string;
  departement: string;
  niveaux_coordinateur: string;
  /** ISO dates of the calendar window for this campagne and département. */
  calendrier_debut: string;
  calendrier_fin: string;
}

export function seuilsRow(
  referentiel: Referentiel,
  campagne: string,
  departement: string,
): SeuilsRow {
  const v = versionFor(referentiel, campagne);
  const n = Number(campagne.slice(0, 4));
  const cal = v.calendrier_par_departement?.[departement] ?? {
    debut: v.seuils.calendrier_debut,
    fin: v.seuils.calendrier_fin,
  };
  return {
    ...v.seuils,
    campagne,
    departement,
    niveaux_coordinateur: v.seuils.niveaux_coordinateur.join("|"),
    calendrier_debut: `${n}-${cal.debut}`,
    calendrier_fin: `${n + 1}-${cal.fin}`,
  };
}
