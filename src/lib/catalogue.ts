// The indicator catalogue: one record per indicator of spec/indicators.md —
// key, French label, kind, group, definition, SQL expression, disclosure class,
// audience — as the référentiel's rules are records (loaders/referentiel/rules.ts).
// The indicators query (loaders/indicators/sql.ts), the pages' labels and the
// Méthodologie page, the disclosure control and the published columns
// (loaders/publish/audience.ts) all derive from it: adding an indicator is
// adding a record here.
import type { IndicatorKind } from "./format.js";

/**
 * An indicator's disclosure class in the public build: a count of persons
 * (secret from 1 to the threshold, with secondary suppression), or a value
 * derived from such counts (secret with them).
 */
export type Secret = "personnes" | { derive: string[] };

export interface IndicatorMeta {
  key: string;
  label: string;
  kind: IndicatorKind;
  /** What it counts or measures, in plain French (the Méthodologie page). */
  definition: string;
  /** The group it is listed in on the Méthodologie page. */
  groupe: string;
  /**
   * Its SQL expression in the indicators query (loaders/indicators/sql.ts), over the
   * per-slice aggregates `act` (actions), `col` (collectifs), `rej` (rejected rows),
   * `agr` (the list of agreed actions), `hors` (actions outside the list), `vis`
   * (field visits), `visites_actions` (the actions of the départements that
   * have visits) and `pra` (good practices);
   * none for a value the site computes (RATE_META).
   */
  sql?: string;
  secret?: Secret;
  /** Published to the internal audience only. */
  interne?: boolean;
}

/** A count: 0 when the slice has no row to count. */
const count = (expr: string) => `CAST(COALESCE(${expr}, 0) AS DOUBLE)`;
/** A count of the list of agreed actions: null for a slice without a list. */
const listed = (expr: string) => `CAST(${expr} AS DOUBLE)`;
/** A rate: null when its denominator is 0. */
const ratio = (num: string, den: string) =>
  `CAST(${num} AS DOUBLE) / NULLIF(CAST(${den} AS DOUBLE), 0)`;

const groups = {
  activite: "Activité",
  publics: "Enfants et familles",
  moyens: "Intervenants et heures",
  financement: "Financement",
  ratios: "Ratios",
  conformite: "Conformité au référentiel",
  reponse: "Réponse au questionnaire",
  suivi: "Visites de terrain et bonnes pratiques",
  qualite: "Qualité des données",
} as const;

const M = (
  key: string,
  label: string,
  kind: IndicatorKind,
  groupe: keyof typeof groups,
  definition: string,
  more: Pick<IndicatorMeta, "sql" | "secret" | "interne"> = {},
): IndicatorMeta => ({ key, label, kind, groupe: groups[groupe], definition, ...more });

const regle = (id: string, unite: "collectifs" | "actions") =>
  `Part des ${unite} qui respectent la règle ${id} du référentiel (voir les règles ci-dessous) : ${unite} qui la respectent ÷ ${unite}.`;

/**
 * The indicator catalogue, in the contract's order (spec/indicators.md): one
 * record per indicator. The indicators query, the pages' labels and
 * definitions, the disclosure control and the published columns derive from it.
 */
export const INDICATOR_META: IndicatorMeta[] = [
  M(
    "porteurs",
    "Porteurs",
    "nombre",
    "activite",
    "Structures qui mènent au moins une action : SIRET distincts (un porteur présent dans deux départements compte une fois pour la France).",
    { sql: count("act.porteurs") },
  ),
  M(
    "actions",
    "Actions",
    "nombre",
    "activite",
    "Actions Clas déclarées dans le questionnaire et acceptées à l'import (une ligne du tableau Actions).",
    { sql: count("act.actions") },
  ),
  M(
    "actions_rurales",
    "Actions en milieu rural",
    "nombre",
    "activite",
    "Actions dont le porteur a déclaré qu'elles se déroulent en milieu rural.",
    { sql: count("act.actions_rurales") },
  ),
  M(
    "collectifs",
    "Collectifs",
    "nombre",
    "activite",
    "Groupes d'enfants accompagnés ensemble (une ligne du tableau Collectifs).",
    { sql: count("col.collectifs") },
  ),
  M(
    "lieux",
    "Lieux",
    "nombre",
    "activite",
    "Lieux distincts où se réunissent les collectifs : même commune et même adresse (majuscules, accents, ponctuation et espaces ignorés) ; un collectif sans adresse compte pour un lieu ; les domiciles des familles comptent aussi.",
    { sql: count("col.lieux") },
  ),
  M("enfants", "Enfants", "nombre", "publics", "Enfants inscrits, somme sur les collectifs.", {
    sql: count("col.enfants"),
    secret: "personnes",
  }),
  M(
    "enfants_elementaire",
    "Enfants en élémentaire",
    "nombre",
    "publics",
    "Enfants inscrits dans les collectifs de niveau élémentaire.",
    { sql: count("col.enfants_elementaire"), secret: "personnes" },
  ),
  M(
    "enfants_college",
    "Enfants au collège",
    "nombre",
    "publics",
    "Enfants inscrits dans les collectifs de niveau collège.",
    { sql: count("col.enfants_college"), secret: "personnes" },
  ),
  M(
    "enfants_lycee",
    "Enfants au lycée",
    "nombre",
    "publics",
    "Enfants inscrits dans les collectifs de niveau lycée.",
    { sql: count("col.enfants_lycee"), secret: "personnes" },
  ),
  M(
    "enfants_autre",
    "Enfants, autres niveaux",
    "nombre",
    "publics",
    "Enfants inscrits dans les collectifs de maternelle ou d'un autre niveau (hors du public du référentiel).",
    { sql: count("col.enfants_autre"), secret: "personnes" },
  ),
  M(
    "filles",
    "Filles",
    "nombre",
    "publics",
    "Filles parmi les enfants inscrits, dans les collectifs qui le renseignent.",
    { sql: count("col.filles"), secret: "personnes" },
  ),
  M(
    "familles",
    "Familles",
    "nombre",
    "publics",
    "Familles des enfants accompagnés, somme sur les actions.",
    { sql: count("act.familles"), secret: "personnes" },
  ),
  M(
    "parents_impliques",
    "Parents impliqués",
    "nombre",
    "publics",
    "Parents qui ont participé à au moins une activité de l'action, somme sur les actions.",
    { sql: count("act.parents_impliques"), secret: "personnes" },
  ),
  M(
    "intervenants_salaries",
    "Intervenants salariés",
    "nombre",
    "moyens",
    "Intervenants salariés des actions, somme sur les actions.",
    { sql: count("act.intervenants_salaries") },
  ),
  M(
    "intervenants_benevoles",
    "Intervenants bénévoles",
    "nombre",
    "moyens",
    "Intervenants bénévoles des actions, somme sur les actions.",
    { sql: count("act.intervenants_benevoles") },
  ),
  M(
    "heures_accompagnement",
    "Heures d'accompagnement",
    "nombre",
    "moyens",
    "Heures de séance des collectifs sur l'année : séances par semaine × durée d'une séance × semaines de fonctionnement, somme sur les collectifs.",
    { sql: count("col.heures_accompagnement") },
  ),
  M(
    "heures_enfants",
    "Heures-enfants",
    "nombre",
    "moyens",
    "Heures d'accompagnement multipliées par le nombre d'enfants du collectif, somme sur les collectifs : le temps passé en Clas par l'ensemble des enfants.",
    { sql: count("col.heures_enfants"), secret: { derive: ["enfants"] } },
  ),
  M(
    "budget_total",
    "Coût total",
    "euros",
    "financement",
    "Coût total de fonctionnement déclaré pour l'année, somme sur les actions.",
    { sql: count("act.budget_total") },
  ),
  M(
    "montant_ps",
    "Prestation de service Clas",
    "euros",
    "financement",
    "Prestation de service Clas versée par la Caf, somme sur les actions.",
    { sql: count("act.montant_ps") },
  ),
  M(
    "montant_fonds_locaux",
    "Fonds locaux Caf",
    "euros",
    "financement",
    "Financements de la Caf sur ses fonds locaux, somme sur les actions (une case vide compte pour 0).",
    { sql: count("act.montant_fonds_locaux") },
  ),
  M(
    "cofinancements",
    "Cofinancements",
    "euros",
    "financement",
    "Financements de la commune, du département, de l'État et des autres financeurs, somme sur les actions.",
    { sql: count("act.cofinancements") },
  ),
  M(
    "part_caf",
    "Part Caf",
    "taux",
    "financement",
    "Part du coût total financée par la Caf : (prestation de service + fonds locaux) ÷ coût total.",
    { sql: ratio("act.montant_ps + act.montant_fonds_locaux", "act.budget_total") },
  ),
  M(
    "cout_par_enfant",
    "Coût par enfant",
    "euros",
    "ratios",
    "Coût total de toutes les actions ÷ enfants inscrits.",
    { sql: ratio("act.budget_total", "col.enfants"), secret: { derive: ["enfants"] } },
  ),
  M(
    "enfants_par_collectif",
    "Enfants par collectif",
    "ratio",
    "ratios",
    "Enfants inscrits ÷ collectifs.",
    { sql: ratio("col.enfants", "col.collectifs"), secret: { derive: ["enfants"] } },
  ),
  M(
    "taux_rural",
    "Part d'actions en milieu rural",
    "taux",
    "ratios",
    "Actions en milieu rural ÷ actions.",
    { sql: ratio("act.actions_rurales", "act.actions") },
  ),
  M(
    "taux_conformite",
    "Actions conformes au référentiel",
    "taux",
    "conformite",
    "Part des actions conformes : toutes les règles bloquantes du référentiel sont respectées, par l'action et par chacun de ses collectifs. Les avertissements (participation symbolique, calendrier, formation des intervenants) n'empêchent pas la conformité.",
    { sql: ratio("act.conformes", "act.actions") },
  ),
  M(
    "taux_public",
    "Règle « Public du CP au lycée » respectée",
    "taux",
    "conformite",
    regle("PUBLIC", "collectifs"),
    { sql: ratio('col."ok_public"', "col.collectifs") },
  ),
  M(
    "taux_taille",
    "Règle « Taille du collectif » respectée",
    "taux",
    "conformite",
    regle("TAILLE", "collectifs"),
    { sql: ratio('col."ok_taille"', "col.collectifs") },
  ),
  M(
    "taux_encadrement",
    "Règle « Encadrement » respectée",
    "taux",
    "conformite",
    regle("ENCADREMENT", "collectifs"),
    { sql: ratio('col."ok_encadrement"', "col.collectifs") },
  ),
  M(
    "taux_regularite",
    "Règle « Régularité des séances » respectée",
    "taux",
    "conformite",
    regle("REGULARITE", "collectifs"),
    { sql: ratio('col."ok_regularite"', "col.collectifs") },
  ),
  M(
    "taux_lieu_parents",
    "Règle « Lieu ouvert aux parents » respectée",
    "taux",
    "conformite",
    regle("LIEU_PARENTS", "collectifs"),
    { sql: ratio('col."ok_lieu_parents"', "col.collectifs") },
  ),
  M(
    "taux_collectif",
    "Règle « Prise en charge collective » respectée",
    "taux",
    "conformite",
    regle("COLLECTIF", "actions"),
    { sql: ratio('act."ok_collectif"', "act.actions") },
  ),
  M(
    "taux_axe_enfants",
    "Axe enfants complet",
    "taux",
    "conformite",
    regle("AXE_ENFANTS", "actions"),
    { sql: ratio('act."ok_axe_enfants"', "act.actions") },
  ),
  M(
    "taux_axe_parents",
    "Axe parents complet",
    "taux",
    "conformite",
    regle("AXE_PARENTS", "actions"),
    { sql: ratio('act."ok_axe_parents"', "act.actions") },
  ),
  M("taux_axe_ecole", "Axe école complet", "taux", "conformite", regle("AXE_ECOLE", "actions"), {
    sql: ratio('act."ok_axe_ecole"', "act.actions"),
  }),
  M(
    "taux_axe_territoire",
    "Axe territoire complet",
    "taux",
    "conformite",
    regle("AXE_TERRITOIRE", "actions"),
    { sql: ratio('act."ok_axe_territoire"', "act.actions") },
  ),
  M(
    "taux_coordination",
    "Règle « Coordination » respectée",
    "taux",
    "conformite",
    regle("COORDINATION", "actions"),
    { sql: ratio('act."ok_coordination"', "act.actions") },
  ),
  M(
    "taux_cofinancement",
    "Règle « Part Caf au plus 80 % » respectée",
    "taux",
    "conformite",
    regle("COFINANCEMENT", "actions"),
    { sql: ratio('act."ok_cofinancement"', "act.actions") },
  ),
  M(
    "taux_gratuite",
    "Règle « Participation symbolique » respectée",
    "taux",
    "conformite",
    regle("GRATUITE", "actions"),
    { sql: ratio('act."ok_gratuite"', "act.actions") },
  ),
  M(
    "taux_calendrier",
    "Règle « Calendrier » respectée",
    "taux",
    "conformite",
    regle("CALENDRIER", "actions"),
    { sql: ratio('act."ok_calendrier"', "act.actions") },
  ),
  M(
    "taux_formation",
    "Règle « Formation des intervenants » respectée",
    "taux",
    "conformite",
    regle("FORMATION", "actions"),
    { sql: ratio('act."ok_formation"', "act.actions") },
  ),
  M(
    "couverture_4_axes",
    "Actions couvrant les quatre axes",
    "taux",
    "conformite",
    "Part des actions qui déclarent tous les objectifs des quatre axes (enfants, parents, école, territoire).",
    { sql: ratio("act.quatre_axes", "act.actions") },
  ),
  M(
    "lignes_rejetees",
    "Lignes rejetées",
    "nombre",
    "qualite",
    "Lignes des exports (actions et collectifs) rejetées à l'import, par le département qu'elles indiquent ; elles ne comptent dans aucun autre indicateur. Pour la France : toutes les lignes rejetées dont la campagne est lisible.",
    { sql: count("rej.lignes_rejetees"), interne: true },
  ),
  M(
    "actions_agreees",
    "Actions agréées",
    "nombre",
    "reponse",
    "Actions de la liste des actions agréées par le comité des financeurs (le tableau Agréments). Les indicateurs de réponse ne sont calculés que pour les départements qui ont importé leur liste ; pour la France, à partir de ces départements.",
    { sql: listed("agr.actions_agreees") },
  ),
  M(
    "actions_agreees_repondu",
    "Actions agréées ayant répondu",
    "nombre",
    "reponse",
    "Actions agréées pour lesquelles le questionnaire a été reçu et accepté : une action de l'export porte le même N° dossier, dans la même campagne et le même département.",
    { sql: listed("agr.actions_agreees_repondu") },
  ),
  M(
    "taux_reponse",
    "Taux de réponse (actions)",
    "taux",
    "reponse",
    "Actions agréées ayant répondu ÷ actions agréées.",
    { sql: ratio("agr.actions_agreees_repondu", "agr.actions_agreees") },
  ),
  M(
    "structures_agreees",
    "Structures agréées",
    "nombre",
    "reponse",
    "Structures (SIRET distincts de la liste) qui portent au moins une action agréée ; pour la France, chacune une fois.",
    { sql: listed("agr.structures_agreees") },
  ),
  M(
    "structures_repondu",
    "Structures ayant répondu",
    "nombre",
    "reponse",
    "Structures agréées dont au moins une action agréée a répondu.",
    { sql: listed("agr.structures_repondu") },
  ),
  M(
    "taux_reponse_structures",
    "Taux de réponse (structures)",
    "taux",
    "reponse",
    "Structures ayant répondu ÷ structures agréées : le taux que publient les bilans (« 43 structures sur 51 ont répondu »).",
    { sql: ratio("agr.structures_repondu", "agr.structures_agreees") },
  ),
  M(
    "montant_agree",
    "Montant agréé",
    "euros",
    "reponse",
    "Somme des montants agréés de la liste.",
    { sql: listed("agr.montant_agree") },
  ),
  M(
    "actions_hors_liste",
    "Actions hors liste",
    "nombre",
    "reponse",
    "Actions de l'export (acceptées) dont le N° dossier n'est pas dans la liste des actions agréées de leur département : une faute de frappe dans le N° dossier, ou une action à ajouter à la liste.",
    {
      sql: `CASE WHEN agr.actions_agreees IS NULL THEN NULL ELSE ${count("hors.actions_hors_liste")} END`,
    },
  ),
  // spec/suivi.md: null for a slice without visits (resp. practices)
  M(
    "visites",
    "Visites de terrain",
    "nombre",
    "suivi",
    "Visites de terrain d'actions enregistrées par le département (le tableau Visites). Ces indicateurs ne sont calculés que pour les départements qui ont importé leurs visites ; pour la France, à partir de ces départements.",
    { sql: listed("vis.visites") },
  ),
  M(
    "actions_visitees",
    "Actions visitées",
    "nombre",
    "suivi",
    "Actions de l'export (acceptées) qui ont reçu au moins une visite : deux visites d'une même action comptent une fois ; la visite d'une action absente de l'export (non répondue, ou N° dossier mal saisi) compte dans les visites, pas ici.",
    { sql: listed("vis.actions_visitees") },
  ),
  M(
    "taux_visite",
    "Part des actions visitées",
    "taux",
    "suivi",
    "Actions visitées ÷ actions ; pour la France, sur les actions des départements qui ont importé des visites.",
    { sql: ratio("vis.actions_visitees", "visites_actions.actions") },
  ),
  M(
    "visites_alerte",
    "Visites avec point d'alerte",
    "nombre",
    "suivi",
    "Visites dont la suite est « Point d'alerte » ou « Réexamen de l'agrément ».",
    { sql: listed("vis.visites_alerte"), interne: true },
  ),
  M(
    "pratiques",
    "Bonnes pratiques",
    "nombre",
    "suivi",
    "Bonnes pratiques repérées par le département (le tableau Pratiques), diffusées ou internes. Calculé pour les départements qui ont importé leurs pratiques.",
    { sql: listed("pra.pratiques"), interne: true },
  ),
  M(
    "pratiques_publiques",
    "Bonnes pratiques publiques",
    "nombre",
    "suivi",
    "Bonnes pratiques dont la diffusion est « Publique » : celles que le site public montre.",
    { sql: listed("pra.pratiques_publiques") },
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
    { secret: { derive: ["enfants"] } },
  ),
];
