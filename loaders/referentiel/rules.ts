// The référentiel as rules: data (id, unit, level, label, quote, test), in the
// order of spec/referentiel-rules.md: collectif rules first, then action rules.
// A test is a SQL boolean over `c` (the collectif), `a` (its action), `k` (the
// action's collectif count) and `s` (the thresholds of the campagne and
// département); a test that yields NULL (a missing value) fails.
import { AXES, OBJECTIFS, type Axe } from "./objectifs.js";
import type { SeuilsRow } from "./seuils.js";
import { formatEuros } from "../../src/lib/format.js";

export type Level = "bloquant" | "avertissement";
export type Unit = "collectif" | "action";

export interface Rule {
  id: string;
  /** A short French name, for charts, tables and lists. */
  nom: string;
  unit: Unit;
  level: Level;
  label: string;
  quote: string;
  test: string;
  /** The values the rule looks at, shown by `explain`: column → French label. */
  looks: Record<string, string>;
  /** What the rule expects, in French, for these thresholds. */
  expected(s: SeuilsRow, rural: boolean): string;
}

const euros = (n: number) => formatEuros(n, { centimes: !Number.isInteger(n) });
const dateFr = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

const COLLECTIF_RULES: Rule[] = [
  {
    id: "PUBLIC",
    nom: "Public du CP au lycée",
    unit: "collectif",
    level: "bloquant",
    label: "Le collectif accueille des enfants du CP au lycée",
    quote: "s'adresse aux enfants scolarisés du CP au lycée",
    test: `c.niveau IN ('Élémentaire', 'Collège', 'Lycée')`,
    looks: { niveau: "niveau" },
    expected: () => "élémentaire, collège ou lycée",
  },
  {
    id: "TAILLE",
    nom: "Taille du collectif",
    unit: "collectif",
    level: "bloquant",
    label: "Le collectif compte de 8 à 12 enfants (5 à 12 en milieu rural)",
    quote:
      "un groupe constitué de 8 à 12 enfants maximum ; En milieu rural … un nombre minimum de 5 enfants",
    test: `c.enfants BETWEEN (CASE WHEN a.rural THEN s.taille_min_rural ELSE s.taille_min END) AND s.taille_max`,
    looks: { enfants: "enfants inscrits" },
    expected: (s, rural) =>
      `de ${rural ? s.taille_min_rural : s.taille_min} à ${s.taille_max} enfants`,
  },
  {
    id: "ENCADREMENT",
    nom: "Encadrement",
    unit: "collectif",
    level: "bloquant",
    label: "Le collectif est encadré par 2 intervenants (1 en milieu rural sous 8 enfants)",
    quote:
      "Chaque collectif d'enfants doit être encadré et animé par 2 intervenants ; En milieu rural : l'encadrement par un animateur pour chaque collectif inférieur à 8 enfants peut être validé",
    test: `c.intervenants >= s.encadrement_min OR (a.rural AND c.enfants < s.taille_min AND c.intervenants >= s.encadrement_min_rural_petit)`,
    looks: { intervenants: "intervenants", enfants: "enfants inscrits" },
    expected: (s, rural) =>
      rural
        ? `au moins ${s.encadrement_min} intervenants, ou ${s.encadrement_min_rural_petit} sous ${s.taille_min} enfants`
        : `au moins ${s.encadrement_min} intervenants`,
  },
  {
    id: "REGULARITE",
    nom: "Régularité des séances",
    unit: "collectif",
    level: "bloquant",
    label: "Deux séances d'1 h 30 par semaine sur 27 semaines (en milieu rural, une séance de 2 h)",
    quote:
      "Deux séances hebdomadaires d'une heure 30 minutes par séance … sur une période de 27 semaines ; En milieu rural une séance hebdomadaire de 2 heures consécutives minimum peut être validée",
    test: `(c.seances_semaine >= s.seances_min AND c.duree_seance >= s.duree_min AND c.semaines >= s.semaines_min)
      OR (a.rural AND c.seances_semaine >= s.seances_min_rural AND c.duree_seance >= s.duree_min_rural AND c.semaines >= s.semaines_min)`,
    looks: {
      seances_semaine: "séances par semaine",
      duree_seance: "minutes par séance",
      semaines: "semaines",
    },
    expected: (s, rural) =>
      `${s.seances_min} séances de ${s.duree_min} min par semaine${rural ? ` (ou ${s.seances_min_rural} de ${s.duree_min_rural} min)` : ""}, sur ${s.semaines_min} semaines`,
  },
  {
    id: "LIEU_PARENTS",
    nom: "Lieu ouvert aux parents",
    unit: "collectif",
    level: "bloquant",
    label: "Le lieu est accessible aux parents",
    quote: "dans un même lieu, accessible aux parents",
    test: `c.lieu_accessible_parents`,
    looks: { lieu_accessible_parents: "lieu accessible aux parents" },
    expected: () => "lieu accessible aux parents",
  },
];

const AXE_RULE: Record<Axe, { id: string; nom: string; label: string; quote: string }> = {
  enf: {
    id: "AXE_ENFANTS",
    nom: "Axe enfants",
    label: "Les 5 objectifs de l'axe enfants sont déclarés",
    quote:
      "Les projets doivent obligatoirement développer des actions en réponse aux objectifs opérationnels suivants (Interventions en direction des enfants et des jeunes)",
  },
  par: {
    id: "AXE_PARENTS",
    nom: "Axe parents",
    label: "Les 5 objectifs de l'axe parents sont déclarés",
    quote:
      "Les projets doivent obligatoirement développer des actions en réponse aux objectifs opérationnels suivants (Interventions en direction des parents)",
  },
  eco: {
    id: "AXE_ECOLE",
    nom: "Axe école",
    label: "Les 3 objectifs de l'axe école sont déclarés",
    quote:
      "Les projets doivent obligatoirement développer des actions en réponse aux objectifs opérationnels suivants (Concertation et coordination avec l'école)",
  },
  ter: {
    id: "AXE_TERRITOIRE",
    nom: "Axe territoire",
    label: "L'objectif de l'axe territoire est déclaré",
    quote:
      "Les projets doivent obligatoirement développer des actions en réponse aux objectifs opérationnels suivants (S'inscrire dans une dynamique de partenariat local)",
  },
};

function axeRule(axe: Axe): Rule {
  const objectifs = OBJECTIFS.filter((o) => o.axe === axe);
  return {
    ...AXE_RULE[axe],
    unit: "action",
    level: "bloquant",
    test: objectifs.map((o) => `a.${o.field}`).join(" AND "),
    looks: Object.fromEntries(objectifs.map((o) => [o.field, `${o.code} ${o.label}`])),
    expected: () =>
      `${objectifs.length} objectif${objectifs.length > 1 ? "s" : ""} déclaré${objectifs.length > 1 ? "s" : ""}`,
  };
}

const ACTION_RULES: Rule[] = [
  {
    id: "COLLECTIF",
    nom: "Prise en charge collective",
    unit: "action",
    level: "bloquant",
    label: "L'action a au moins un collectif",
    quote:
      "Les actions financées par les Caf doivent proposer une prise en charge collective des enfants",
    test: `k.collectifs > 0`,
    looks: { collectifs: "collectifs retenus" },
    expected: () => "au moins un collectif",
  },
  ...AXES.map(axeRule),
  {
    id: "COORDINATION",
    nom: "Coordination",
    unit: "action",
    level: "bloquant",
    label:
      "Un coordinateur est désigné, de niveau Bac+2 au moins, avec une expérience d'animation ou d'éducation",
    quote:
      "un coordonnateur … Il est demandé que ce coordinateur possède un niveau de formation équivalent à Bac +2 minimum et d'une expérience professionnelle d'animation ou d'éducation",
    test: `a.coordinateur AND list_contains(string_split(s.niveaux_coordinateur, '|'), a.coordinateur_niveau) AND a.coordinateur_experience`,
    looks: {
      coordinateur: "coordinateur désigné",
      coordinateur_niveau: "niveau du coordinateur",
      coordinateur_experience: "expérience du coordinateur",
    },
    expected: (s) =>
      `coordinateur désigné, niveau ${s.niveaux_coordinateur.split("|").join(" / ")}, avec expérience`,
  },
  {
    id: "COFINANCEMENT",
    nom: "Part Caf au plus 80 %",
    unit: "action",
    level: "bloquant",
    label: "La part Caf (PS Clas + fonds locaux) ne dépasse pas 80 % du coût total",
    quote:
      "Le montant total des financements accordés par la branche Famille … ne peut excéder 80 % du coût total annuel de fonctionnement",
    test: `a.montant_ps + a.montant_fonds_locaux <= CAST(s.part_caf_max AS DECIMAL(9,6)) * a.budget_total`,
    looks: {
      montant_ps: "prestation de service Clas",
      montant_fonds_locaux: "fonds locaux Caf",
      budget_total: "coût total",
    },
    expected: (s) => `part Caf ≤ ${Math.round(s.part_caf_max * 100)} % du coût total`,
  },
  {
    id: "GRATUITE",
    nom: "Participation symbolique",
    unit: "action",
    level: "avertissement",
    label: "La participation demandée aux familles reste symbolique",
    quote:
      "la participation financière potentiellement demandée aux familles doit rester symbolique",
    test: `a.participation_familles IS NULL OR a.participation_familles <= s.participation_max`,
    looks: { participation_familles: "participation annuelle d'une famille" },
    expected: (s) => `au plus ${euros(s.participation_max)} par famille et par an`,
  },
  {
    id: "CALENDRIER",
    nom: "Calendrier",
    unit: "action",
    level: "avertissement",
    label: "L'action se déroule de la Toussaint au 15 juin",
    quote:
      "Le démarrage des actions Clas est préconisé après les vacances de la Toussaint de l'année N jusqu'au 15 juin de l'année N+1",
    test: `a.date_debut >= CAST(s.calendrier_debut AS DATE) AND a.date_fin <= CAST(s.calendrier_fin AS DATE)`,
    looks: { date_debut: "date de début", date_fin: "date de fin" },
    expected: (s) => `du ${dateFr(s.calendrier_debut)} au ${dateFr(s.calendrier_fin)}`,
  },
  {
    id: "FORMATION",
    nom: "Formation des intervenants",
    unit: "action",
    level: "avertissement",
    label: "Au moins un intervenant est inscrit à une formation",
    quote: "Dès lors qu'elles existent, l'inscription à ces formations est fortement conseillée",
    test: `a.intervenants_formation >= 1`,
    looks: { intervenants_formation: "intervenants en formation" },
    expected: () => "au moins un intervenant en formation",
  },
];

/** Every rule, in the spec's order: collectif rules, then action rules. */
export const RULES: readonly Rule[] = [...COLLECTIF_RULES, ...ACTION_RULES];

/** The column of a rule's result, and the `taux_` indicator's suffix. */
export function ruleColumn(rule: Rule): string {
  return rule.id.toLowerCase();
}
