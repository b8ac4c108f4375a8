// The sample's field visits and good practices (spec/suivi.md), per
// département and campagne, from a stream of their own (the export and the
// list stay as they were): most départements visit 5–25 % of their actions,
// suites mostly « Aucune suite », a few alerts; a few practices per
// département, about half public; texts written as a visitor would, never
// naming a person; a few invalid rows and warnings, as in the other files.
import type { Random } from "./random.js";
import type { SampleLine, SampleRow } from "./generate.js";

/** A campagne's action as answered (its clean row): its key, porteur and title are used. */
export type SampleAction = SampleRow;

/** A département's habits, drawn once: whether it records visits and practices, and how much. */
export interface SuiviProfile {
  /** Share of the actions visited each campagne; 0 when the département records no visit. */
  visited: number;
  /** Practices per campagne; 0 when it records none. */
  practices: number;
}

/** A département of this many actions a campagne or more has a secretariat that visits and records. */
const LARGE = 100;

export function suiviProfile(rng: Random, actions: number): SuiviProfile {
  const large = actions >= LARGE;
  const visits = rng.chance(0.85);
  const share = rng.uniform(0.05, 0.25);
  const practices = rng.chance(0.75);
  const count = rng.int(2, 6);
  return {
    visited: visits || large ? share : 0,
    practices: practices || large ? count : 0,
  };
}

const POINTS_FORTS = [
  "Accueil chaleureux des enfants, un goûter partagé avant l'aide aux devoirs.",
  "Les intervenants connaissent chaque enfant et adaptent les activités à son niveau.",
  "Une bibliothèque de prêt très utilisée, et des jeux de société pour travailler la lecture.",
  "Le lien avec les enseignants est régulier : un cahier de liaison circule chaque semaine.",
  "Les parents viennent chercher les enfants un quart d'heure plus tôt pour voir le travail fait.",
  "Des sorties culturelles préparées avec les enfants (musée, médiathèque, théâtre).",
  "Un projet de journal écrit par les enfants, distribué dans le quartier.",
  "Les locaux sont calmes, bien équipés, et l'ordinateur sert aux recherches des collégiens.",
  "L'équipe de bénévoles est stable et formée ; elle se réunit chaque mois.",
  "Un temps d'échange avec les familles à chaque période de vacances.",
];

const POINTS_A_AMELIORER = [
  "Associer davantage les parents aux séances, au-delà des réunions de rentrée.",
  "Formaliser les échanges avec le collège, aujourd'hui limités à un contact téléphonique.",
  "Le groupe de collégiens dépasse douze enfants certains soirs : le dédoubler.",
  "Prévoir une formation des nouveaux bénévoles avant la rentrée.",
  "Distinguer plus nettement le Clas de l'aide aux devoirs de l'accueil de loisirs.",
  "Le bilan avec les familles n'a pas eu lieu cette année.",
  "Les objectifs fixés avec l'école ne sont pas écrits.",
  "Trouver un lieu plus calme pour les séances du jeudi.",
];

const PRATIQUES: { titre: string; axes: string; niveaux: string; description: string }[] = [
  {
    titre: "Un café des parents chaque vendredi",
    axes: "Parents, École",
    niveaux: "Élémentaire",
    description:
      "Chaque vendredi, les parents sont invités à rester après la séance autour d'un café.\nL'animatrice y présente ce que les enfants ont fait et propose des idées pour accompagner les devoirs à la maison.",
  },
  {
    titre: "Le cahier de liaison avec les enseignants",
    axes: "École | Enfants",
    niveaux: "Élémentaire | Collège",
    description:
      "Un cahier suit chaque enfant entre la classe et le Clas : l'enseignant y note une difficulté, l'intervenant ce qui a été travaillé. Les parents le signent chaque semaine.",
  },
  {
    titre: "Des ateliers philo pour apprendre à argumenter",
    axes: "Enfants",
    niveaux: "Élémentaire",
    description:
      "Une fois par mois, un atelier de philosophie pour enfants remplace l'aide méthodologique : une question, un débat, une trace écrite. Les enfants y prennent la parole plus facilement qu'en classe.",
  },
  {
    titre: "La médiathèque, partenaire du mercredi",
    axes: "Territoire, Enfants",
    niveaux: "Élémentaire | Collège",
    description:
      "Les séances du mercredi se tiennent à la médiathèque municipale. Les enfants s'inscrivent, empruntent, et les familles découvrent un lieu qu'elles ne fréquentaient pas.",
  },
  {
    titre: "Une rencontre parents-professeurs préparée ensemble",
    axes: "Parents | École",
    niveaux: "Collège",
    description:
      "Avant les rencontres parents-professeurs, le Clas propose aux familles un temps pour préparer leurs questions, avec un interprète quand il le faut.",
  },
  {
    titre: "Le tutorat entre lycéens et collégiens",
    axes: "Enfants, Territoire",
    niveaux: "Collège | Lycée",
    description:
      "Des lycéens anciens du Clas accompagnent les collégiens une heure par semaine, encadrés par un intervenant. Les plus grands y gagnent en confiance, les plus jeunes ont un modèle proche d'eux.",
  },
  {
    titre: "Un jeu de l'oie des consignes scolaires",
    axes: "Enfants",
    niveaux: "Élémentaire",
    description:
      "L'équipe a fabriqué un jeu de plateau où chaque case est une consigne (« souligne », « justifie », « compare ») à comprendre et à appliquer. Les enfants le réclament.",
  },
  {
    titre: "Le bilan de fin d'année avec chaque famille",
    axes: "Parents",
    niveaux: "",
    description:
      "En juin, chaque famille est reçue vingt minutes pour faire le point sur l'année de son enfant, à partir de ses travaux. Les familles qui ne viennent jamais y sont invitées personnellement.",
  },
  {
    titre: "Des sorties au musée préparées en séance",
    axes: "Enfants, Territoire",
    niveaux: "Élémentaire | Collège",
    description:
      "Chaque sortie est préparée en séance (une recherche, des questions) et racontée ensuite dans le journal du Clas, que les enfants écrivent et illustrent.",
  },
  {
    titre: "Un coin numérique pour les devoirs en ligne",
    axes: "Enfants | Parents",
    niveaux: "Collège | Lycée",
    description:
      "Deux ordinateurs et une imprimante permettent de consulter l'espace numérique de travail du collège. Les parents y apprennent aussi à suivre les notes et les devoirs de leur enfant.",
  },
];

const VISITEURS: [string, number][] = [
  ["Caf", 55],
  ["Conseiller technique", 25],
  ["Comité", 12],
  ["Autre partenaire", 8],
];

const SUITES: [string, number][] = [
  ["Aucune suite", 76],
  ["Accompagnement proposé", 17],
  ["Point d'alerte", 5],
  ["Réexamen de l'agrément", 2],
];

function visitDate(rng: Random, campagne: string): string {
  const year = Number(campagne.slice(0, 4));
  // between November and June, school weeks
  const month = rng.pick([11, 12, 1, 2, 3, 4, 5, 6]);
  const y = month >= 11 ? year : year + 1;
  return `${String(rng.int(1, 28)).padStart(2, "0")}/${String(month).padStart(2, "0")}/${y}`;
}

/** The visits of a campagne's actions, with a few faults. */
export function* sampleVisits(
  rng: Random,
  profile: SuiviProfile,
  campagne: string,
  actions: SampleAction[],
): Generator<SampleLine> {
  if (profile.visited === 0 || actions.length === 0) return;
  const count = Math.max(1, Math.round(actions.length * profile.visited));
  const chosen = new Set<number>();
  while (chosen.size < Math.min(count, actions.length)) chosen.add(rng.int(0, actions.length - 1));
  for (const i of [...chosen].sort((a, b) => a - b)) {
    const a = actions[i]!;
    const times = rng.chance(0.06) ? 2 : 1;
    for (let t = 0; t < times; t++) {
      const suite = rng.weighted(SUITES);
      const row: SampleRow = {
        campagne,
        departement: a.departement!,
        id_action: a.id_action!,
        date_visite: visitDate(rng, campagne),
        visiteur: rng.weighted(VISITEURS),
        suite,
        points_forts: rng.chance(0.9) ? rng.pick(POINTS_FORTS) : "",
        points_a_ameliorer:
          suite === "Aucune suite" && rng.chance(0.4) ? "" : rng.pick(POINTS_A_AMELIORER),
        bonne_pratique: rng.chance(0.15) ? "oui" : rng.pick(["non", ""]),
      };
      spoilVisit(rng, row);
      yield ["Visites", campagne, row];
      // a row entered twice now and then
      if (rng.chance(0.01)) yield ["Visites", campagne, { ...row }];
    }
  }
}

/** About one visit in 60 has a fault: a date outside the campagne, a person as visitor, a mistyped N° dossier… */
function spoilVisit(rng: Random, row: SampleRow): void {
  if (!rng.chance(1 / 60)) return;
  const how = rng.int(1, 5);
  const year = Number(row.campagne!.slice(0, 4));
  if (how === 1) row.date_visite = `15/06/${year}`;
  else if (how === 2) row.visiteur = "Inspectrice";
  else if (how === 3) row.suite = "À revoir";
  // a visit of an action not in the export: accepted, not counted in actions_visitees
  else if (how === 4) row.id_action = `${row.id_action}0`;
  // an over-long text: dropped with a warning
  else row.points_forts = Array.from({ length: 25 }, () => rng.pick(POINTS_FORTS)).join(" ");
}

/** A few practices of a campagne's actions, about half public, with a few faults. */
export function* samplePractices(
  rng: Random,
  profile: SuiviProfile,
  campagne: string,
  actions: SampleAction[],
): Generator<SampleLine> {
  if (profile.practices === 0 || actions.length === 0) return;
  const year = campagne.slice(0, 4);
  for (let n = 1; n <= profile.practices; n++) {
    const a = rng.pick(actions);
    const p = rng.pick(PRATIQUES);
    const row: SampleRow = {
      campagne,
      departement: a.departement!,
      id_pratique: `P${year}-${a.departement}-${n}`,
      id_action: rng.chance(0.92) ? a.id_action! : "",
      titre: p.titre,
      axes: p.axes,
      niveaux: p.niveaux,
      description: p.description,
      diffusion: rng.chance(0.5) ? "Publique" : rng.pick(["Interne", "interne"]),
    };
    if (rng.chance(1 / 50)) {
      const how = rng.int(1, 3);
      if (how === 1) row.axes = `${p.axes}, Santé`;
      else if (how === 2) row.titre = `${p.titre} : ${p.description}`.slice(0, 180);
      else row.diffusion = "";
    }
    yield ["Pratiques", campagne, row];
  }
}
