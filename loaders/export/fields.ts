// The activity export (format v1) as data: one entry per column of each table.
// Only this module and validate.ts know the export's fields.
import { OBJECTIFS } from "../referentiel/objectifs.js";

export type TableName = "Actions" | "Collectifs" | "Agréments" | "Visites" | "Pratiques";

export type FieldKind =
  | "campagne"
  | "departement"
  | "id"
  | "text"
  | "siret"
  | "enum"
  | "bool"
  | "date"
  | "int"
  | "money"
  | "minutes"
  | "postcode"
  | "commune"
  | "latitude"
  | "longitude"
  /** Several values of `values`, separated by `|` or `,` (spec/suivi.md). */
  | "list";

export interface FieldDef {
  name: string;
  /** The header of the format, as shown to users. */
  header: string;
  kind: FieldKind;
  required: boolean;
  /** Personal data: stored apart, never published. */
  personal?: boolean;
  values?: readonly string[];
  min?: number;
  max?: number;
  /** Money that must be strictly positive. */
  positive?: boolean;
  /** An empty cell reads as this value instead of being missing (objective boxes, local funds). */
  emptyValue?: boolean | bigint;
  /** A workbook number cell in a code column is padded with zeros to this length. */
  codeLength?: number;
  /**
   * A free text of spec/suivi.md: its line breaks written as one `\n` whatever
   * the file used, its length at most this many characters (code points).
   */
  maxLength?: number;
}

const KEY_FIELDS: FieldDef[] = [
  { name: "campagne", header: "Campagne", kind: "campagne", required: true },
  {
    name: "departement",
    header: "Département",
    kind: "departement",
    required: true,
    codeLength: 2,
  },
  { name: "id_action", header: "N° dossier", kind: "id", required: true },
];

/**
 * The largest amount of any money column, in euros: far above any Clas
 * action's budget, far below what the warehouse stores (DECIMAL(18,2)) and
 * what the rules' sums can hold. A SIRET pasted into an amount is above it.
 */
export const MONEY_MAX = 1_000_000_000;

const MONEY_FIELD = (name: string, header: string, required = false): FieldDef => ({
  name,
  header,
  kind: "money",
  required,
  min: 0,
  max: MONEY_MAX,
});

export const TYPES_STRUCTURE = [
  "Centre social",
  "Association locale ou de quartier",
  "Association affiliée à un réseau national",
  "Collectivité (commune ou EPCI)",
  "CCAS",
  "Autre",
] as const;
export const PROJETS_EDUCATIFS = ["CEL-PEL", "PEDT", "Autre", "Aucun"] as const;
export const NIVEAUX_COORDINATEUR = [
  "Infra-bac",
  "Bac",
  "Bac+2",
  "Bac+3",
  "Bac+5 et plus",
] as const;
export const NIVEAUX = ["Élémentaire", "Collège", "Lycée", "Maternelle", "Autre"] as const;
export const TYPES_LIEU = [
  "Locaux de la structure",
  "Locaux mis à disposition",
  "Établissement scolaire",
  "Domicile des familles",
  "Autre",
] as const;

export const ACTION_FIELDS: readonly FieldDef[] = [
  ...KEY_FIELDS,
  { name: "siret", header: "SIRET", kind: "siret", required: true, codeLength: 14 },
  { name: "porteur_nom", header: "Porteur", kind: "text", required: true },
  {
    name: "type_structure",
    header: "Type de structure",
    kind: "enum",
    required: true,
    values: TYPES_STRUCTURE,
  },
  { name: "reaap", header: "Action REAAP", kind: "bool", required: false },
  {
    name: "projet_educatif",
    header: "Projet éducatif territorial",
    kind: "enum",
    required: false,
    values: PROJETS_EDUCATIFS,
  },
  { name: "action_nom", header: "Intitulé de l'action", kind: "text", required: true },
  { name: "rural", header: "Milieu rural", kind: "bool", required: true },
  { name: "qpv", header: "Quartier prioritaire", kind: "bool", required: false },
  { name: "date_debut", header: "Date de début", kind: "date", required: true },
  { name: "date_fin", header: "Date de fin", kind: "date", required: true },
  { name: "familles", header: "Familles", kind: "int", required: true, min: 0 },
  { name: "parents_impliques", header: "Parents impliqués", kind: "int", required: true, min: 0 },
  ...OBJECTIFS.map((o): FieldDef => ({
    name: o.field,
    header: o.code,
    kind: "bool",
    required: true,
    emptyValue: false,
  })),
  { name: "coordinateur", header: "Coordinateur désigné", kind: "bool", required: true },
  {
    name: "coordinateur_niveau",
    header: "Niveau du coordinateur",
    kind: "enum",
    required: false,
    values: NIVEAUX_COORDINATEUR,
  },
  {
    name: "coordinateur_experience",
    header: "Expérience du coordinateur",
    kind: "bool",
    required: false,
  },
  {
    name: "intervenants_salaries",
    header: "Intervenants salariés",
    kind: "int",
    required: true,
    min: 0,
  },
  {
    name: "intervenants_benevoles",
    header: "Intervenants bénévoles",
    kind: "int",
    required: true,
    min: 0,
  },
  {
    name: "intervenants_formation",
    header: "Intervenants en formation",
    kind: "int",
    required: false,
    min: 0,
  },
  MONEY_FIELD("participation_familles", "Participation annuelle des familles"),
  { ...MONEY_FIELD("budget_total", "Coût total", true), positive: true },
  MONEY_FIELD("montant_ps", "Prestation de service Clas", true),
  { ...MONEY_FIELD("montant_fonds_locaux", "Fonds locaux Caf"), emptyValue: 0n },
  MONEY_FIELD("cofin_commune", "Cofinancement commune"),
  MONEY_FIELD("cofin_departement", "Cofinancement département"),
  MONEY_FIELD("cofin_etat", "Cofinancement État"),
  MONEY_FIELD("cofin_autres", "Autres cofinancements"),
  {
    name: "coordinateur_nom",
    header: "Nom du coordinateur",
    kind: "text",
    required: false,
    personal: true,
  },
  {
    name: "contact_courriel",
    header: "Courriel de contact",
    kind: "text",
    required: false,
    personal: true,
  },
  {
    name: "contact_telephone",
    header: "Téléphone de contact",
    kind: "text",
    required: false,
    personal: true,
  },
];

export const COLLECTIF_FIELDS: readonly FieldDef[] = [
  ...KEY_FIELDS,
  { name: "id_collectif", header: "N° collectif", kind: "id", required: true },
  { name: "niveau", header: "Niveau", kind: "enum", required: true, values: NIVEAUX },
  { name: "enfants", header: "Enfants inscrits", kind: "int", required: true, min: 0 },
  { name: "filles", header: "dont filles", kind: "int", required: false, min: 0 },
  { name: "intervenants", header: "Intervenants", kind: "int", required: true, min: 0 },
  {
    name: "seances_semaine",
    header: "Séances par semaine",
    kind: "int",
    required: true,
    min: 0,
    max: 14,
  },
  {
    name: "duree_seance",
    header: "Durée d'une séance",
    kind: "minutes",
    required: true,
    min: 0,
    max: 600,
  },
  {
    name: "semaines",
    header: "Semaines de fonctionnement",
    kind: "int",
    required: true,
    min: 0,
    max: 53,
  },
  { name: "lieu_nom", header: "Lieu", kind: "text", required: true },
  { name: "lieu_type", header: "Type de lieu", kind: "enum", required: true, values: TYPES_LIEU },
  { name: "adresse", header: "Adresse", kind: "text", required: false },
  { name: "code_postal", header: "Code postal", kind: "postcode", required: false, codeLength: 5 },
  { name: "commune", header: "Commune", kind: "text", required: false },
  { name: "code_insee", header: "Code commune", kind: "commune", required: true, codeLength: 5 },
  { name: "latitude", header: "Latitude", kind: "latitude", required: false },
  { name: "longitude", header: "Longitude", kind: "longitude", required: false },
  {
    name: "lieu_accessible_parents",
    header: "Lieu accessible aux parents",
    kind: "bool",
    required: true,
  },
];

/** The list of agreed actions (spec/agrements.md): who should have answered. No personal data. */
export const AGREMENT_FIELDS: readonly FieldDef[] = [
  ...KEY_FIELDS,
  { name: "siret", header: "SIRET", kind: "siret", required: true, codeLength: 14 },
  { name: "porteur_nom", header: "Porteur", kind: "text", required: true },
  { name: "action_nom", header: "Intitulé de l'action", kind: "text", required: false },
  MONEY_FIELD("montant_agree", "Montant agréé", true),
  { name: "date_comite", header: "Date du comité", kind: "date", required: false },
];

export const VISITEURS = ["Caf", "Comité", "Conseiller technique", "Autre partenaire"] as const;
export const SUITES = [
  "Aucune suite",
  "Accompagnement proposé",
  "Point d'alerte",
  "Réexamen de l'agrément",
] as const;
/** The suites that call for the committee's attention (`visites_alerte`). */
export const SUITES_ALERTE: readonly string[] = ["Point d'alerte", "Réexamen de l'agrément"];
/** The référentiel's four axes, as a practice names them. */
export const AXES = ["Enfants", "Parents", "École", "Territoire"] as const;
export const NIVEAUX_PRATIQUE = ["Élémentaire", "Collège", "Lycée"] as const;
export const DIFFUSIONS = ["Interne", "Publique"] as const;

/** Field visits (spec/suivi.md): one row per visit of an action. Its texts are internal. */
export const VISITE_FIELDS: readonly FieldDef[] = [
  ...KEY_FIELDS,
  { name: "date_visite", header: "Date de la visite", kind: "date", required: true },
  { name: "visiteur", header: "Visiteur", kind: "enum", required: true, values: VISITEURS },
  { name: "suite", header: "Suite donnée", kind: "enum", required: true, values: SUITES },
  {
    name: "points_forts",
    header: "Points forts",
    kind: "text",
    required: false,
    maxLength: 2_000,
  },
  {
    name: "points_a_ameliorer",
    header: "Points à améliorer",
    kind: "text",
    required: false,
    maxLength: 2_000,
  },
  { name: "bonne_pratique", header: "Bonne pratique repérée", kind: "bool", required: false },
];

/** Good practices (spec/suivi.md): published only with `Diffusion` = `Publique`. */
export const PRATIQUE_FIELDS: readonly FieldDef[] = [
  KEY_FIELDS[0]!,
  KEY_FIELDS[1]!,
  { name: "id_pratique", header: "Identifiant", kind: "id", required: true },
  { name: "id_action", header: "N° dossier", kind: "id", required: false },
  { name: "titre", header: "Titre de la pratique", kind: "text", required: true, maxLength: 120 },
  { name: "axes", header: "Axes", kind: "list", required: true, values: AXES },
  { name: "niveaux", header: "Niveaux", kind: "list", required: false, values: NIVEAUX_PRATIQUE },
  {
    name: "description",
    header: "Description",
    kind: "text",
    required: true,
    maxLength: 2_000,
  },
  { name: "diffusion", header: "Diffusion", kind: "enum", required: true, values: DIFFUSIONS },
];

export const TABLE_FIELDS: Record<TableName, readonly FieldDef[]> = {
  Actions: ACTION_FIELDS,
  Collectifs: COLLECTIF_FIELDS,
  Agréments: AGREMENT_FIELDS,
  Visites: VISITE_FIELDS,
  Pratiques: PRATIQUE_FIELDS,
};

/**
 * The header whose presence tells each table apart, in the order they are
 * tried (spec/suivi.md): the side tables first, since they may hold a SIRET
 * or a N° dossier too.
 */
export const TABLE_MARKER: Record<TableName, string> = {
  Agréments: "montant_agree",
  Visites: "date_visite",
  Pratiques: "titre",
  Actions: "siret",
  Collectifs: "id_collectif",
};

/** The tables that come beside the export, each replacing its own slices only. */
export const SIDE_TABLES = ["Agréments", "Visites", "Pratiques"] as const satisfies TableName[];

/**
 * What each table is in an ingest: where its accepted rows are stored, the
 * fields of its key (claimed within the table), and whether it belongs to the
 * export (its slices replace the export's rows) or comes beside it (the list
 * of agreed actions, visits, practices: its slices replace its own rows only).
 * Read in this order: collectifs after the actions they refer to.
 */
export const TABLES: Record<
  TableName,
  {
    stored: "actions" | "collectifs" | "agrements" | "visites" | "pratiques";
    key: readonly string[];
    liste: boolean;
    /** The row's key in messages: « cette action », « ce collectif »… */
    what: string;
  }
> = {
  Actions: {
    stored: "actions",
    key: ["campagne", "departement", "id_action"],
    liste: false,
    what: "cette action",
  },
  Collectifs: {
    stored: "collectifs",
    key: ["campagne", "departement", "id_action", "id_collectif"],
    liste: false,
    what: "ce collectif",
  },
  Agréments: {
    stored: "agrements",
    key: ["campagne", "departement", "id_action"],
    liste: true,
    what: "cette action agréée",
  },
  Visites: {
    stored: "visites",
    key: ["campagne", "departement", "id_action", "date_visite"],
    liste: true,
    what: "cette visite",
  },
  Pratiques: {
    stored: "pratiques",
    key: ["campagne", "departement", "id_pratique"],
    liste: true,
    what: "cette pratique",
  },
};

export const TABLE_ORDER: readonly TableName[] = [
  "Actions",
  "Collectifs",
  "Agréments",
  "Visites",
  "Pratiques",
];
