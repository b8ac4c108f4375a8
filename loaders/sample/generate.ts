// A realistic national sample of the activity export (format v1): every
// département, actions in proportion to population, plausible rule failures and
// invalid rows. Pure: reference data in, rows out through `emit`, so that the
// writer can stream them and memory does not grow with the scale.
import type { TableName } from "../export/fields.js";
import type { CommunePlace, Departement } from "../geo/load.js";
import { ACTIVITES, ASSOCIATIONS, NOMS, PRENOMS, QUARTIERS, RESEAUX, STREETS } from "./names.js";
import { Random } from "./random.js";
import {
  samplePractices,
  sampleVisits,
  suiviProfile,
  type SampleAction,
  type SuiviProfile,
} from "./suivi.js";
import { luhn } from "../export/siret.js";
import { foldText } from "../../src/lib/normalize.js";

export interface SampleOptions {
  /** Consecutive campagnes, the last being `lastCampagne`. */
  campagnes: number;
  /** 1 ≈ France: 4,300 actions; 10 and 100 for benchmarks. */
  scale: number;
  seed: string;
  lastCampagne: string;
}

export const DEFAULT_SAMPLE: SampleOptions = {
  campagnes: 1,
  scale: 1,
  seed: "clas",
  lastCampagne: "2024-2025",
};

export interface SampleReference {
  departements: Departement[];
  communes: CommunePlace[];
  /** Commune code → its postcodes (Paris, Lyon and Marseille have one per arrondissement). */
  postcodes: Map<string, string[]>;
}

export type SampleRow = Record<string, string>;
/** One row of the export: its table, its campagne and its cells by field name. */
export type SampleLine = [TableName, string, SampleRow];

const ACTIONS_AT_SCALE_1 = 4300;

interface Lieu {
  nom: string;
  type: string;
  adresse: string;
  commune: CommunePlace;
  coords: [number, number] | null;
}

interface Porteur {
  key: number;
  siret: string;
  type: string;
  nom: string;
  commune: CommunePlace;
  rural: boolean;
  qpv: boolean;
  lieux: Lieu[];
  actions: number;
  coordinateur: string;
}

interface Profile {
  /** Multiplies every failure rate: départements differ. */
  failure: number;
  levels: [number, number, number];
  /** Share of the PS the Caf adds as local funds (0 in most départements). */
  localFunds: number;
  communes: CommunePlace[];
  cumulative: number[];
}

const TYPES: [string, number][] = [
  ["Centre social", 38],
  ["Association locale ou de quartier", 29],
  ["Association affiliée à un réseau national", 14],
  ["Collectivité (commune ou EPCI)", 11],
  ["CCAS", 4],
  ["Autre", 4],
];

function profileOf(rng: Random, communes: CommunePlace[]): Profile {
  const elementaire = rng.uniform(0.42, 0.58);
  const lycee = rng.uniform(0.04, 0.12);
  const cumulative: number[] = [];
  let total = 0;
  for (const c of communes) {
    // Clas are mostly urban (QPV): rural communes weigh less than their population
    total += Math.max(c.population, 1) * (c.rural ? 0.6 : 1);
    cumulative.push(total);
  }
  return {
    failure: rng.uniform(0.3, 2.2),
    levels: [elementaire, 1 - elementaire - lycee, lycee],
    localFunds: rng.chance(0.35) ? rng.uniform(0.05, 0.25) : 0,
    communes,
    cumulative,
  };
}

function pickCommune(rng: Random, p: Profile): CommunePlace {
  const x = rng.next() * p.cumulative[p.cumulative.length - 1]!;
  let lo = 0;
  let hi = p.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (p.cumulative[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return p.communes[lo]!;
}

/** The 13 digits completed with the check digit that makes them pass Luhn. */
function luhnComplete(digits13: string): string {
  for (let d = 0; d < 10; d++) if (luhn(digits13 + d)) return digits13 + d;
  throw new Error("unreachable");
}

function siret(rng: Random): string {
  let siren = String(rng.int(1, 9));
  for (let i = 0; i < 8; i++) siren += rng.int(0, 9);
  if (siren === "356000000") siren = "356000001";
  return luhnComplete(siren + "00" + rng.int(10, 99));
}

function slug(text: string): string {
  return foldText(text, "-").replace(/-+/g, "-").replace(/^-|-$/g, "");
}

function porteurName(rng: Random, type: string, commune: CommunePlace): string {
  switch (type) {
    case "Centre social":
      return `Centre social ${rng.pick(QUARTIERS)} de ${commune.nom}`;
    case "Association affiliée à un réseau national":
      return `${rng.pick(RESEAUX)} — ${commune.nom}`;
    case "Collectivité (commune ou EPCI)":
      return `Ville de ${commune.nom}`;
    case "CCAS":
      return `CCAS de ${commune.nom}`;
    case "Autre":
      return `Espace de vie sociale de ${commune.nom}`;
    default:
      return `${rng.pick(ASSOCIATIONS)} (${commune.nom})`;
  }
}

function lieuOf(rng: Random, porteur: Pick<Porteur, "nom" | "commune">, p: Profile): Lieu {
  const commune = rng.chance(0.8) ? porteur.commune : pickCommune(rng, p);
  const type = rng.weighted([
    ["Locaux de la structure", 40],
    ["Locaux mis à disposition", 30],
    ["Établissement scolaire", 25],
    ["Autre", 5],
  ] as const);
  const nom =
    type === "Locaux de la structure"
      ? porteur.nom
      : type === "Établissement scolaire"
        ? `${rng.pick(["École", "Collège", "Groupe scolaire"])} ${rng.pick(["Jules Ferry", "Jean Moulin", "Louise Michel", "Victor Hugo", "Marie Curie", "Jacques Prévert"])}`
        : rng.pick(["Salle municipale", "Médiathèque", "Maison de quartier", "Foyer communal"]);
  const coords: [number, number] | null =
    commune.lat !== null && commune.lon !== null && rng.chance(0.25)
      ? [commune.lat + rng.uniform(-0.01, 0.01), commune.lon + rng.uniform(-0.01, 0.01)]
      : null;
  return { nom, type, adresse: `${rng.int(1, 120)} ${rng.pick(STREETS)}`, commune, coords };
}

function newPorteur(rng: Random, key: number, p: Profile, ruralShare: number): Porteur {
  const commune = pickCommune(rng, p);
  const type = rng.weighted(TYPES);
  const nom = porteurName(rng, type, commune);
  const ruralCommune = commune.rural ?? rng.chance(ruralShare);
  // a few porteurs declare a milieu that the density grid contradicts
  const rural = rng.chance(0.93) ? ruralCommune : !ruralCommune;
  const prenom = rng.pick(PRENOMS);
  const famille = rng.pick(NOMS);
  const base = { nom, commune };
  return {
    key,
    siret: siret(rng),
    type,
    nom,
    commune,
    rural,
    qpv: !rural && rng.chance(0.6),
    lieux: Array.from(
      {
        length: rng.weighted([
          [1, 60],
          [2, 30],
          [3, 10],
        ] as const),
      },
      () => lieuOf(rng, base, p),
    ),
    actions: rng.weighted([
      [1, 68],
      [2, 22],
      [3, 10],
    ] as const),
    coordinateur: `${prenom} ${famille}`,
  };
}

/**
 * A place's postcode: one of its commune's, the same for the same place (a
 * hash of its name and address, so that the random draws stay as they were).
 */
function postcodeOf(lieu: Lieu, postcodes: string[] | undefined): string {
  if (!postcodes?.length) return "";
  let h = 0;
  for (const ch of `${lieu.nom}|${lieu.adresse}`) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return postcodes[h % postcodes.length]!;
}

// French number text, as a real export writes it
const euros = (rng: Random, cents: number): string => {
  const [int, dec] = [Math.floor(cents / 100), String(cents % 100).padStart(2, "0")];
  if (rng.chance(0.1)) return `${String(int).replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0")},${dec} €`;
  return `${int},${dec}`;
};
const date = (y: number, m: number, d: number) =>
  `${String(d).padStart(2, "0")}/${String(m).padStart(2, "0")}/${y}`;
const coordinate = (x: number) => x.toFixed(5).replace(".", ",");

/** A N° dossier as a hurried hand types it: two digits swapped (or one added). */
function mistyped(id: string): string {
  const swapped = id.replace(/(\d)(\d)(-\d+)$/, "$2$1$3");
  return swapped !== id ? swapped : id.replace(/-(\d+)$/, "-0$1");
}

class DepartementSample {
  private readonly rng: Random;
  /** The list of agreed actions draws from its own stream: the export stays as it was. */
  private readonly listRng: Random;
  /** Share of this département's agreed actions whose porteur does not answer (5–15 %). */
  private readonly silent: number;
  private readonly profile: Profile;
  private porteurs: Porteur[] = [];
  private nextKey = 1;
  /** Visits and practices draw from their own stream too (spec/suivi.md). */
  private readonly suiviRng: Random;
  private readonly suivi: SuiviProfile;
  /** The campagne's actions as answered, for its visits and practices. */
  private answered: SampleAction[] = [];

  constructor(
    private readonly dep: Departement,
    communes: CommunePlace[],
    private readonly ref: SampleReference,
    private readonly options: SampleOptions,
    private readonly target: number,
  ) {
    this.rng = new Random(options.seed, dep.code);
    this.profile = profileOf(this.rng, communes);
    this.listRng = new Random(options.seed, dep.code, "agrements");
    this.silent = this.listRng.uniform(0.05, 0.15);
    this.suiviRng = new Random(options.seed, dep.code, "suivi");
    this.suivi = suiviProfile(this.suiviRng, target);
  }

  private fails(rate: number): boolean {
    return this.rng.chance(rate * this.profile.failure);
  }

  /** The porteurs of the first campagne, then the evolution: most come back, some leave, some arrive. */
  private evolve(first: boolean): void {
    const rng = this.rng;
    if (first) {
      let actions = 0;
      while (actions < this.target) {
        const p = newPorteur(rng, this.nextKey++, this.profile, this.dep.partRurale);
        p.actions = Math.min(p.actions, this.target - actions);
        actions += p.actions;
        this.porteurs.push(p);
      }
      return;
    }
    const arriving = Math.round(this.porteurs.length * rng.uniform(0.1, 0.18));
    this.porteurs = this.porteurs.filter(() => rng.chance(0.88));
    for (let i = 0; i < arriving; i++) {
      this.porteurs.push(newPorteur(rng, this.nextKey++, this.profile, this.dep.partRurale));
    }
  }

  *rows(): Generator<SampleLine> {
    const last = Number(this.options.lastCampagne.slice(0, 4));
    for (let t = 0; t < this.options.campagnes; t++) {
      this.evolve(t === 0);
      const year = last - this.options.campagnes + 1 + t;
      const campagne = `${year}-${year + 1}`;
      this.answered = [];
      for (const porteur of this.porteurs) {
        for (let k = 1; k <= porteur.actions; k++) yield* this.action(campagne, year, porteur, k);
      }
      yield* this.silentAgreed(campagne);
      yield* sampleVisits(this.suiviRng, this.suivi, campagne, this.answered);
      yield* samplePractices(this.suiviRng, this.suivi, campagne, this.answered);
    }
  }

  /**
   * An agreed action of the list (spec/agrements.md), for an action of the
   * export: its amount is about the prestation de service; once in a while its
   * N° dossier is mistyped (two digits swapped), so the action is outside the list.
   */
  private agreed(campagne: string, row: SampleRow): SampleLine {
    const rng = this.listRng;
    const id = rng.chance(0.015) ? mistyped(row.id_action!) : row.id_action!;
    return [
      "Agréments",
      campagne,
      {
        campagne,
        departement: row.departement!,
        id_action: id,
        siret: row.siret!,
        porteur_nom: row.porteur_nom!,
        action_nom: row.action_nom!,
        montant_agree: row.montant_ps!,
        date_comite: `${campagne.slice(0, 4)}-10-${String(rng.int(1, 28)).padStart(2, "0")}`,
      },
    ];
  }

  /** The agreed actions whose porteur has not answered the questionnaire: in the list, not in the export. */
  private *silentAgreed(campagne: string): Generator<SampleLine> {
    const rng = this.listRng;
    const answered = this.porteurs.reduce((n, p) => n + p.actions, 0);
    const silent = Math.round((answered * this.silent) / (1 - this.silent));
    for (let i = 1; i <= silent; i++) {
      const porteur = newPorteur(rng, 90_000 + i, this.profile, this.dep.partRurale);
      yield [
        "Agréments",
        campagne,
        {
          campagne,
          departement: this.dep.code,
          id_action: `${this.dep.code}-${String(90_000 + i)}-1`,
          siret: porteur.siret,
          porteur_nom: porteur.nom,
          action_nom: `${rng.pick(ACTIVITES)} ${rng.pick(QUARTIERS)}`,
          montant_agree: `${rng.int(1300, 2563)},00`,
          date_comite: `${campagne.slice(0, 4)}-10-${String(rng.int(1, 28)).padStart(2, "0")}`,
        },
      ];
    }
  }

  private *action(
    campagne: string,
    year: number,
    porteur: Porteur,
    k: number,
  ): Generator<SampleLine> {
    const rng = this.rng;
    const dep = this.dep.code;
    const id = `${dep}-${String(porteur.key).padStart(5, "0")}-${k}`;
    const rural = porteur.rural;
    const count = this.fails(0.004)
      ? 0
      : rng.weighted([
          [1, 8],
          [2, 16],
          [3, 20],
          [4, 20],
          [5, 14],
          [6, 10],
          [7, 6],
          [8, 6],
        ] as const);
    const collectifs: SampleRow[] = [];
    let enfants = 0;
    let intervenants = 0;
    let psCents = 0;
    for (let i = 1; i <= count; i++) {
      const c = this.collectif(campagne, id, i, porteur, rural);
      collectifs.push(c);
      enfants += Number(c.enfants);
      intervenants += Number(c.intervenants);
      psCents += rng.int(130_000, 256_300);
    }
    if (count === 0) psCents = rng.int(130_000, 256_300);
    const familles = Math.max(1, Math.round(enfants * rng.uniform(0.65, 0.81)));
    const salaries = Math.max(0, Math.round(intervenants * rng.uniform(0.3, 0.8)));
    const benevoles = Math.max(0, intervenants - salaries);
    const flCents = Math.round(psCents * this.profile.localFunds);
    const share = this.fails(0.02)
      ? rng.uniform(0.81, 0.92)
      : rng.chance(0.85)
        ? rng.uniform(0.3, 0.7)
        : rng.uniform(0.7, 0.8);
    const budgetCents = Math.ceil((psCents + flCents) / share);
    const rest = budgetCents - psCents - flCents;
    const commune = Math.round(rest * rng.uniform(0.25, 0.55));
    const departement = rng.chance(0.5) ? Math.round(rest * rng.uniform(0.05, 0.25)) : 0;
    const etat = porteur.qpv
      ? Math.round((rest - commune - departement) * rng.uniform(0.2, 0.6))
      : 0;
    const autres = rest - commune - departement - etat;
    const objectives: Record<string, string> = {};
    for (const [axe, n] of [
      ["enf", 5],
      ["par", 5],
      ["eco", 3],
      ["ter", 1],
    ] as const) {
      const missing = this.fails(0.015) ? rng.int(1, n) : 0;
      for (let i = 1; i <= n; i++)
        objectives[`obj_${axe}_${i}`] =
          i === missing ? "" : rng.pick(["oui", "oui", "oui", "x", "Oui"]);
    }
    const niveau = this.fails(0.03)
      ? rng.pick(["Bac", "Infra-bac", ""])
      : rng.weighted([
          ["Bac+2", 30],
          ["Bac+3", 35],
          ["Bac+5 et plus", 25],
          ["Bac+4", 10],
        ] as const);
    const start = this.fails(0.07)
      ? date(year, rng.pick([9, 10]), rng.int(1, 30))
      : date(year, 11, rng.int(2, 30));
    const end = this.fails(0.03)
      ? date(year + 1, rng.pick([6, 7]), rng.int(16, 30))
      : date(year + 1, rng.pick([5, 6]), rng.int(1, 15));
    const row: SampleRow = {
      campagne,
      departement: dep,
      id_action: id,
      siret: porteur.siret,
      porteur_nom: porteur.nom,
      type_structure: porteur.type,
      reaap: rng.chance(0.3) ? "oui" : "non",
      projet_educatif: rng.weighted([
        ["PEDT", 55],
        ["CEL-PEL", 10],
        ["Aucun", 22],
        ["Autre", 8],
        ["", 5],
      ] as const),
      action_nom: `${rng.pick(ACTIVITES)} ${rng.pick(QUARTIERS)}`,
      rural: rural ? "oui" : "non",
      qpv: porteur.qpv ? "oui" : "non",
      date_debut: start,
      date_fin: end,
      familles: String(familles),
      parents_impliques: String(Math.round(familles * rng.uniform(0.45, 0.9))),
      ...objectives,
      coordinateur: "oui",
      coordinateur_niveau: niveau,
      coordinateur_experience: this.fails(0.01) ? rng.pick(["non", ""]) : "oui",
      intervenants_salaries: String(salaries),
      intervenants_benevoles: String(benevoles),
      intervenants_formation: this.fails(0.25)
        ? rng.pick(["0", ""])
        : String(rng.int(1, Math.max(1, salaries + benevoles))),
      participation_familles: this.fails(0.03)
        ? euros(rng, rng.int(35, 80) * 100)
        : rng.chance(0.6)
          ? ""
          : euros(rng, rng.int(0, 30) * 100),
      budget_total: euros(rng, budgetCents),
      montant_ps: euros(rng, psCents),
      montant_fonds_locaux: flCents > 0 ? euros(rng, flCents) : rng.pick(["", "0"]),
      cofin_commune: commune > 0 ? euros(rng, commune) : "",
      cofin_departement: departement > 0 ? euros(rng, departement) : "",
      cofin_etat: etat > 0 ? euros(rng, etat) : "",
      cofin_autres: autres > 0 ? euros(rng, autres) : "",
      coordinateur_nom: porteur.coordinateur,
      contact_courriel: `${slug(porteur.coordinateur)}@${slug(porteur.nom).slice(0, 24)}.example.org`,
      contact_telephone: `0${rng.int(1, 7)} ${rng.int(10, 99)} ${rng.int(10, 99)} ${rng.int(10, 99)} ${rng.int(10, 99)}`,
    };
    const clean = { ...row };
    this.answered.push(clean);
    this.spoilAction(row);
    yield ["Actions", campagne, row];
    yield this.agreed(campagne, clean);
    // a few rows entered twice, and a few collectifs of an action that does not exist
    if (rng.chance(0.002))
      yield ["Actions", campagne, { ...row, porteur_nom: `${row.porteur_nom} (saisie en double)` }];
    for (const c of collectifs) {
      yield ["Collectifs", campagne, c];
      if (rng.chance(0.002))
        yield ["Collectifs", campagne, { ...c, enfants: String(Number(c.enfants) + 1) }];
    }
    if (rng.chance(0.002)) {
      const c = collectifs[0] ?? this.collectif(campagne, id, 1, porteur, rural);
      yield ["Collectifs", campagne, { ...c, id_action: `${id}-X` }];
    }
  }

  private collectif(
    campagne: string,
    id: string,
    i: number,
    porteur: Porteur,
    rural: boolean,
  ): SampleRow {
    const rng = this.rng;
    const [elem, coll] = this.profile.levels;
    const x = rng.next();
    const niveau = this.fails(0.006)
      ? rng.pick(["Maternelle", "Autre"])
      : x < elem
        ? rng.pick(["Élémentaire", "élémentaire", "ELEMENTAIRE"])
        : x < elem + coll
          ? rng.pick(["Collège", "college"])
          : "Lycée";
    const enfants = this.fails(0.012)
      ? rural
        ? rng.pick([4, 13])
        : rng.pick([6, 7, 13, 14])
      : rural
        ? rng.int(5, 12)
        : rng.int(8, 12);
    let intervenants = rng.chance(0.75) ? 2 : 3;
    if (rural && enfants < 8 && rng.chance(0.6)) intervenants = 1;
    if (this.fails(0.008)) intervenants = enfants < 8 && rural ? 0 : 1;
    let seances = 2;
    let duree = rng.pick([90, 90, 90, 105, 120]);
    let semaines = rng.int(27, 34);
    if (rural && rng.chance(0.4)) {
      seances = 1;
      duree = rng.pick([120, 120, 150]);
    }
    if (this.fails(0.01)) {
      const how = rng.int(1, 3);
      if (how === 1) duree = rural ? 100 : 75;
      else if (how === 2) semaines = rng.int(22, 26);
      else [seances, duree] = [1, rural ? 110 : 180];
    }
    const home = rng.chance(0.01);
    const lieu = rng.pick(porteur.lieux);
    const row: SampleRow = {
      campagne,
      departement: this.dep.code,
      id_action: id,
      id_collectif: `C${i}`,
      niveau,
      enfants: String(enfants),
      filles: rng.chance(0.9) ? String(Math.round(enfants * rng.uniform(0.35, 0.6))) : "",
      intervenants: String(intervenants),
      seances_semaine: String(seances),
      duree_seance: rng.chance(0.7)
        ? String(duree)
        : `${Math.floor(duree / 60)}h${duree % 60 ? String(duree % 60).padStart(2, "0") : ""}`,
      semaines: String(semaines),
      lieu_nom: home ? "Domicile des familles" : lieu.nom,
      lieu_type: home ? "Domicile des familles" : lieu.type,
      adresse: home ? "" : lieu.adresse,
      code_postal: home ? "" : postcodeOf(lieu, this.ref.postcodes.get(lieu.commune.code)),
      commune: lieu.commune.nom,
      code_insee: lieu.commune.code,
      latitude: !home && lieu.coords ? coordinate(lieu.coords[0]) : "",
      longitude: !home && lieu.coords ? coordinate(lieu.coords[1]) : "",
      lieu_accessible_parents: this.fails(0.004) ? "non" : "oui",
    };
    this.spoilCollectif(row);
    return row;
  }

  /** About 1 % of actions invalid, about 2 % with an optional value that draws a warning. */
  private spoilAction(row: SampleRow): void {
    const rng = this.rng;
    if (rng.chance(0.008)) {
      const y = Number(row.campagne!.slice(5));
      const how = rng.int(1, 5);
      if (how === 1) row.date_fin = `31/02/${y}`;
      else if (how === 2) row.familles = `-${row.familles}`;
      else if (how === 3) row.siret = row.siret!.slice(0, 13) + ((Number(row.siret![13]) + 1) % 10);
      else if (how === 4) row.budget_total = "";
      else row.type_structure = "Fondation";
    }
    if (rng.chance(0.02)) {
      const how = rng.int(1, 3);
      if (how === 1) row.coordinateur_niveau = "Brevet";
      else if (how === 2)
        row.intervenants_formation = String(
          Number(row.intervenants_salaries) + Number(row.intervenants_benevoles) + 2,
        );
      else
        row.cofin_autres = row.cofin_autres ? row.cofin_autres.replace(/,(\d\d)/, ",$15") : "1,005";
    }
  }

  /** About 1 % of collectifs invalid, about 2 % with a warning. */
  private spoilCollectif(row: SampleRow): void {
    const rng = this.rng;
    if (rng.chance(0.01)) {
      const how = rng.int(1, 4);
      if (how === 1) row.enfants = `-${row.enfants}`;
      else if (how === 2) row.code_insee = this.unknownCommune();
      else if (how === 3) row.duree_seance = "deux heures";
      else row.seances_semaine = "";
    }
    if (rng.chance(0.02)) {
      const how = rng.int(1, 3);
      if (how === 1 && row.filles !== "") row.filles = String(Number(row.enfants) + 2);
      else if (how === 2 && row.code_postal !== "") row.code_postal = row.code_postal!.slice(0, 4);
      else if (row.latitude === "") row.latitude = "48,85";
      else row.longitude = "";
    }
  }

  private unknownCommune(): string {
    const dep = this.dep.code;
    const prefix = dep.length === 3 ? dep : dep.padEnd(2, "0");
    for (let n = 999; ; n--) {
      const code = prefix + String(n).padStart(5 - prefix.length, "0");
      if (!this.profile.communes.some((c) => c.code === code)) return code;
    }
  }
}

/** The sample's rows, département by département, each from its own seeded stream. */
export function* sampleRows(ref: SampleReference, options: SampleOptions): Generator<SampleLine> {
  const byDep = new Map<string, CommunePlace[]>();
  for (const c of ref.communes) {
    const list = byDep.get(c.departement) ?? [];
    list.push(c);
    byDep.set(c.departement, list);
  }
  const population = (d: Departement) =>
    (byDep.get(d.code) ?? []).reduce((s, c) => s + c.population, 0);
  const total = ref.departements.reduce((s, d) => s + population(d), 0);
  const departements = [...ref.departements].sort((a, b) => a.code.localeCompare(b.code));
  for (const dep of departements) {
    const communes = byDep.get(dep.code);
    if (!communes?.length)
      throw new Error(`aucune commune de référence pour le département ${dep.code}`);
    const target = Math.max(
      1,
      Math.round((ACTIONS_AT_SCALE_1 * options.scale * population(dep)) / total),
    );
    yield* new DepartementSample(dep, communes, ref, options, target).rows();
  }
}
