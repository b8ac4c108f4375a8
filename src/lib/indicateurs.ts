// The indicators' French labels, kinds and definitions, for the pages and the
// Méthodologie page (names from spec/indicators.md; one place for all of them).
import type { IndicatorKind } from "./format.js";

export interface IndicatorMeta {
  key: string;
  label: string;
  kind: IndicatorKind;
  /** What it counts or measures, in plain French (the Méthodologie page). */
  definition: string;
  /** The group it is listed in on the Méthodologie page. */
  groupe: string;
}

const groups = {
  activite: "Activité",
  publics: "Enfants et familles",
  moyens: "Intervenants et heures",
  financement: "Financement",
  ratios: "Ratios",
  conformite: "Conformité au référentiel",
  reponse: "Réponse au questionnaire",
  qualite: "Qualité des données",
} as const;

const M = (
  key: string,
  label: string,
  kind: IndicatorKind,
  groupe: keyof typeof groups,
  definition: string,
): IndicatorMeta => ({ key, label, kind, groupe: groups[groupe], definition });

const regle = (id: string, unite: "collectifs" | "actions") =>
  `Part des ${unite} qui respectent la règle ${id} du référentiel (voir les règles ci-dessous) : ${unite} qui la respectent ÷ ${unite}.`;

export const INDICATOR_META: IndicatorMeta[] = [
  M(
    "porteurs",
    "Porteurs",
    "nombre",
    "activite",
    "Structures qui mènent au moins une action : SIRET distincts (un porteur présent dans deux départements compte une fois pour la France).",
  ),
  M(
    "actions",
    "Actions",
    "nombre",
    "activite",
    "Actions Clas déclarées dans le questionnaire et acceptées à l'import (une ligne du tableau Actions).",
  ),
  M(
    "actions_rurales",
    "Actions en milieu rural",
    "nombre",
    "activite",
    "Actions dont le porteur a déclaré qu'elles se déroulent en milieu rural.",
  ),
  M(
    "collectifs",
    "Collectifs",
    "nombre",
    "activite",
    "Groupes d'enfants accompagnés ensemble (une ligne du tableau Collectifs).",
  ),
  M(
    "lieux",
    "Lieux",
    "nombre",
    "activite",
    "Lieux distincts où se réunissent les collectifs : même commune et même adresse (majuscules, accents, ponctuation et espaces ignorés) ; un collectif sans adresse compte pour un lieu ; les domiciles des familles comptent aussi.",
  ),
  M("enfants", "Enfants", "nombre", "publics", "Enfants inscrits, somme sur les collectifs."),
  M(
    "enfants_elementaire",
    "Enfants en élémentaire",
    "nombre",
    "publics",
    "Enfants inscrits dans les collectifs de niveau élémentaire.",
  ),
  M(
    "enfants_college",
    "Enfants au collège",
    "nombre",
    "publics",
    "Enfants inscrits dans les collectifs de niveau collège.",
  ),
  M(
    "enfants_lycee",
    "Enfants au lycée",
    "nombre",
    "publics",
    "Enfants inscrits dans les collectifs de niveau lycée.",
  ),
  M(
    "enfants_autre",
    "Enfants, autres niveaux",
    "nombre",
    "publics",
    "Enfants inscrits dans les collectifs de maternelle ou d'un autre niveau (hors du public du référentiel).",
  ),
  M(
    "filles",
    "Filles",
    "nombre",
    "publics",
    "Filles parmi les enfants inscrits, dans les collectifs qui le renseignent.",
  ),
  M(
    "familles",
    "Familles",
    "nombre",
    "publics",
    "Familles des enfants accompagnés, somme sur les actions.",
  ),
  M(
    "parents_impliques",
    "Parents impliqués",
    "nombre",
    "publics",
    "Parents qui ont participé à au moins une activité de l'action, somme sur les actions.",
  ),
  M(
    "intervenants_salaries",
    "Intervenants salariés",
    "nombre",
    "moyens",
    "Intervenants salariés des actions, somme sur les actions.",
  ),
  M(
    "intervenants_benevoles",
    "Intervenants bénévoles",
    "nombre",
    "moyens",
    "Intervenants bénévoles des actions, somme sur les actions.",
  ),
  M(
    "heures_accompagnement",
    "Heures d'accompagnement",
    "nombre",
    "moyens",
    "Heures de séance des collectifs sur l'année : séances par semaine × durée d'une séance × semaines de fonctionnement, somme sur les collectifs.",
  ),
  M(
    "heures_enfants",
    "Heures-enfants",
    "nombre",
    "moyens",
    "Heures d'accompagnement multipliées par le nombre d'enfants du collectif, somme sur les collectifs : le temps passé en Clas par l'ensemble des enfants.",
  ),
  M(
    "budget_total",
    "Coût total",
    "euros",
    "financement",
    "Coût total de fonctionnement déclaré pour l'année, somme sur les actions.",
  ),
  M(
    "montant_ps",
    "Prestation de service Clas",
    "euros",
    "financement",
    "Prestation de service Clas versée par la Caf, somme sur les actions.",
  ),
  M(
    "montant_fonds_locaux",
    "Fonds locaux Caf",
    "euros",
    "financement",
    "Financements de la Caf sur ses fonds locaux, somme sur les actions (une case vide compte pour 0).",
  ),
  M(
    "cofinancements",
    "Cofinancements",
    "euros",
    "financement",
    "Financements de la commune, du département, de l'État et des autres financeurs, somme sur les actions.",
  ),
  M(
    "part_caf",
    "Part Caf",
    "taux",
    "financement",
    "Part du coût total financée par la Caf : (prestation de service + fonds locaux) ÷ coût total.",
  ),
  M(
    "cout_par_enfant",
    "Coût par enfant",
    "euros",
    "ratios",
    "Coût total de toutes les actions ÷ enfants inscrits.",
  ),
  M(
    "enfants_par_collectif",
    "Enfants par collectif",
    "ratio",
    "ratios",
    "Enfants inscrits ÷ collectifs.",
  ),
  M(
    "taux_rural",
    "Part d'actions en milieu rural",
    "taux",
    "ratios",
    "Actions en milieu rural ÷ actions.",
  ),
  M(
    "taux_conformite",
    "Actions conformes au référentiel",
    "taux",
    "conformite",
    "Part des actions conformes : toutes les règles bloquantes du référentiel sont respectées, par l'action et par chacun de ses collectifs. Les avertissements (participation symbolique, calendrier, formation des intervenants) n'empêchent pas la conformité.",
  ),
  M(
    "taux_public",
    "Règle « Public du CP au lycée » respectée",
    "taux",
    "conformite",
    regle("PUBLIC", "collectifs"),
  ),
  M(
    "taux_taille",
    "Règle « Taille du collectif » respectée",
    "taux",
    "conformite",
    regle("TAILLE", "collectifs"),
  ),
  M(
    "taux_encadrement",
    "Règle « Encadrement » respectée",
    "taux",
    "conformite",
    regle("ENCADREMENT", "collectifs"),
  ),
  M(
    "taux_regularite",
    "Règle « Régularité des séances » respectée",
    "taux",
    "conformite",
    regle("REGULARITE", "collectifs"),
  ),
  M(
    "taux_lieu_parents",
    "Règle « Lieu ouvert aux parents » respectée",
    "taux",
    "conformite",
    regle("LIEU_PARENTS", "collectifs"),
  ),
  M(
    "taux_collectif",
    "Règle « Prise en charge collective » respectée",
    "taux",
    "conformite",
    regle("COLLECTIF", "actions"),
  ),
  M(
    "taux_axe_enfants",
    "Axe enfants complet",
    "taux",
    "conformite",
    regle("AXE_ENFANTS", "actions"),
  ),
  M(
    "taux_axe_parents",
    "Axe parents complet",
    "taux",
    "conformite",
    regle("AXE_PARENTS", "actions"),
  ),
  M("taux_axe_ecole", "Axe école complet", "taux", "conformite", regle("AXE_ECOLE", "actions")),
  M(
    "taux_axe_territoire",
    "Axe territoire complet",
    "taux",
    "conformite",
    regle("AXE_TERRITOIRE", "actions"),
  ),
  M(
    "taux_coordination",
    "Règle « Coordination » respectée",
    "taux",
    "conformite",
    regle("COORDINATION", "actions"),
  ),
  M(
    "taux_cofinancement",
    "Règle « Part Caf au plus 80 % » respectée",
    "taux",
    "conformite",
    regle("COFINANCEMENT", "actions"),
  ),
  M(
    "taux_gratuite",
    "Règle « Participation symbolique » respectée",
    "taux",
    "conformite",
    regle("GRATUITE", "actions"),
  ),
  M(
    "taux_calendrier",
    "Règle « Calendrier » respectée",
    "taux",
    "conformite",
    regle("CALENDRIER", "actions"),
  ),
  M(
    "taux_formation",
    "Règle « Formation des intervenants » respectée",
    "taux",
    "conformite",
    regle("FORMATION", "actions"),
  ),
  M(
    "couverture_4_axes",
    "Actions couvrant les quatre axes",
    "taux",
    "conformite",
    "Part des actions qui déclarent tous les objectifs des quatre axes (enfants, parents, école, territoire).",
  ),
  M(
    "lignes_rejetees",
    "Lignes rejetées",
    "nombre",
    "qualite",
    "Lignes des exports (actions et collectifs) rejetées à l'import, par le département qu'elles indiquent ; elles ne comptent dans aucun autre indicateur. Pour la France : toutes les lignes rejetées dont la campagne est lisible.",
  ),
  M(
    "actions_agreees",
    "Actions agréées",
    "nombre",
    "reponse",
    "Actions de la liste des actions agréées par le comité des financeurs (le tableau Agréments). Les indicateurs de réponse ne sont calculés que pour les départements qui ont importé leur liste ; pour la France, à partir de ces départements.",
  ),
  M(
    "actions_agreees_repondu",
    "Actions agréées ayant répondu",
    "nombre",
    "reponse",
    "Actions agréées pour lesquelles le questionnaire a été reçu et accepté : une action de l'export porte le même N° dossier, dans la même campagne et le même département.",
  ),
  M(
    "taux_reponse",
    "Taux de réponse (actions)",
    "taux",
    "reponse",
    "Actions agréées ayant répondu ÷ actions agréées.",
  ),
  M(
    "structures_agreees",
    "Structures agréées",
    "nombre",
    "reponse",
    "Structures (SIRET distincts de la liste) qui portent au moins une action agréée ; pour la France, chacune une fois.",
  ),
  M(
    "structures_repondu",
    "Structures ayant répondu",
    "nombre",
    "reponse",
    "Structures agréées dont au moins une action agréée a répondu.",
  ),
  M(
    "taux_reponse_structures",
    "Taux de réponse (structures)",
    "taux",
    "reponse",
    "Structures ayant répondu ÷ structures agréées : le taux que publient les bilans (« 43 structures sur 51 ont répondu »).",
  ),
  M("montant_agree", "Montant agréé", "euros", "reponse", "Somme des montants agréés de la liste."),
  M(
    "actions_hors_liste",
    "Actions hors liste",
    "nombre",
    "reponse",
    "Actions de l'export (acceptées) dont le N° dossier n'est pas dans la liste des actions agréées de leur département : une faute de frappe dans le N° dossier, ou une action à ajouter à la liste.",
  ),
];

/** Values the site computes beside the indicators, to compare départements of different sizes. */
export const RATE_META: IndicatorMeta[] = [
  M(
    "enfants_pour_10000",
    "Enfants pour 10 000 habitants",
    "ratio",
    "ratios",
    "Enfants inscrits pour 10 000 habitants du département (population municipale 2021 de l'Insee, d'après la liste des communes de référence).",
  ),
];

export const META_BY_KEY = new Map([...INDICATOR_META, ...RATE_META].map((m) => [m.key, m]));

/** How a spreadsheet download writes an indicator of this kind. */
export function csvType(kind: IndicatorKind): "entier" | "euros" | "taux" | "decimal" {
  return kind === "nombre" ? "entier" : kind === "ratio" ? "decimal" : kind;
}

/** The anchor of an indicator's definition on the Méthodologie page. */
export function definitionAnchor(key: string): string {
  return `indicateur-${key.replace(/_/g, "-")}`;
}
