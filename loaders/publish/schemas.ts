// Table Schemas (Frictionless Data, specs.frictionlessdata.io/table-schema):
// the open data's resources (indicators from the catalogue, places, practices)
// and the export format's tables (from export/fields.ts), generated here and
// never written by hand. Where a schema cannot say a rule (the cross-field
// checks, the référentiel, the aliases the ingest accepts), its description says so.
import { INDICATOR_META, RATE_META } from "../../src/lib/catalogue.js";
import type { IndicatorKind } from "../../src/lib/format.js";
import { TABLE_FIELDS, type FieldDef, type TableName } from "../export/fields.js";
import { CROSS_FIELD_CHECKS } from "../export/cross-fields.js";
import { PUBLIC_COLUMNS } from "./audience.js";

export interface SchemaField {
  name: string;
  title: string;
  description: string;
  type: "string" | "number" | "integer" | "boolean" | "date";
  format?: string;
  /** Not in Table Schema v1's core: the unit of a measure, in French (« EUR », « part de 0 à 1 »). */
  unit?: string;
  trueValues?: string[];
  falseValues?: string[];
  constraints?: {
    required?: boolean;
    unique?: boolean;
    enum?: string[];
    pattern?: string;
    minimum?: number;
    maximum?: number;
    maxLength?: number;
  };
}

export interface TableSchema {
  fields: SchemaField[];
  primaryKey?: string[];
  missingValues: string[];
}

/** A multi-valued cell's separator in the open data (LaMednum's « lieux de médiation numérique » standard). */
export const MULTI = "|";

const CAMPAGNE: SchemaField = {
  name: "campagne",
  title: "Campagne",
  description: "Année scolaire de la campagne, AAAA-AAAA (ex. 2024-2025).",
  type: "string",
  constraints: { required: true, pattern: "[0-9]{4}-[0-9]{4}" },
};
const DEPARTEMENT_CODE = "(0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-46])";
const DEPARTEMENT: SchemaField = {
  name: "departement",
  title: "Département",
  description: "Code du département (01 à 95, 2A, 2B, 971 à 974, 976).",
  type: "string",
  constraints: { required: true, pattern: DEPARTEMENT_CODE },
};

/** An indicator's unit and constraints from its kind. */
function measure(kind: IndicatorKind): Pick<SchemaField, "unit" | "constraints"> {
  switch (kind) {
    case "taux":
      return { unit: "part, de 0 à 1", constraints: { minimum: 0, maximum: 1 } };
    case "euros":
      return { unit: "EUR", constraints: { minimum: 0 } };
    case "ratio":
      return { unit: "rapport", constraints: { minimum: 0 } };
    default:
      return { constraints: { minimum: 0 } };
  }
}

const META = new Map([...INDICATOR_META, ...RATE_META].map((m) => [m.key, m]));

/** The indicators' resource: one row per (campagne, département) and France. */
export function indicatorsSchema(): TableSchema {
  return {
    fields: [
      CAMPAGNE,
      {
        ...DEPARTEMENT,
        description: "Code du département, ou FR pour la France entière.",
        constraints: { required: true, pattern: `${DEPARTEMENT_CODE}|FR` },
      },
      {
        name: "departement_nom",
        title: "Nom du département",
        description: "Nom du département, ou « France ».",
        type: "string",
        constraints: { required: true },
      },
      ...PUBLIC_COLUMNS.filter((k) => META.has(k)).map((key): SchemaField => {
        const m = META.get(key)!;
        return {
          name: key,
          title: m.label,
          description: `${m.definition}${m.secret ? " Cellule vide quand la valeur est couverte par le secret statistique (voir la colonne valeurs_secretes)." : ""}`,
          type: "number",
          ...measure(m.kind),
        };
      }),
      {
        name: "valeurs_secretes",
        title: "Valeurs secrètes",
        description: `Les colonnes de la ligne dont la valeur est couverte par le secret statistique (leur cellule est vide), séparées par « ${MULTI} » ; vide quand aucune ne l'est.`,
        type: "string",
      },
    ],
    primaryKey: ["campagne", "departement"],
    missingValues: [""],
  };
}

const text = (name: string, title: string, description: string, required = false) =>
  ({
    name,
    title,
    description,
    type: "string",
    ...(required ? { constraints: { required: true } } : {}),
  }) satisfies SchemaField;

const BOOLEAN = { trueValues: ["true"], falseValues: ["false"] };

/** The places' resource (lieux.csv), named after LaMednum's standard where a field fits. */
export function placesSchema(): TableSchema {
  return {
    fields: [
      {
        ...text(
          "id",
          "Identifiant",
          "Identifiant stable du lieu d'une construction à l'autre : code INSEE de la commune et empreinte de l'adresse (ou du nom, sans adresse).",
          true,
        ),
        constraints: { required: true, unique: true, pattern: "clas-[0-9AB]{5}-[0-9a-f]{10}" },
      },
      text("nom", "Nom du lieu", "Nom du lieu où se réunissent les collectifs.", true),
      text("adresse", "Adresse", "Numéro et voie, tels que déclarés par le porteur."),
      {
        ...text("code_postal", "Code postal", "Code postal du lieu."),
        constraints: { pattern: "[0-9]{5}" },
      },
      {
        ...text("code_insee", "Code INSEE", "Code officiel géographique de la commune.", true),
        constraints: { required: true, pattern: "[0-9][0-9AB][0-9]{3}" },
      },
      text("commune", "Commune", "Nom de la commune.", true),
      DEPARTEMENT,
      {
        name: "latitude",
        title: "Latitude",
        description: "Latitude WGS84, en degrés décimaux.",
        type: "number",
        constraints: { required: true, minimum: -90, maximum: 90 },
      },
      {
        name: "longitude",
        title: "Longitude",
        description: "Longitude WGS84, en degrés décimaux.",
        type: "number",
        constraints: { required: true, minimum: -180, maximum: 180 },
      },
      {
        ...text(
          "precision_position",
          "Précision de la position",
          "coordonnees : position donnée par le porteur ; adresse : adresse géolocalisée ; commune : centre de la commune (adresse non localisée) ; departement : centre du département.",
          true,
        ),
        constraints: { required: true, enum: ["coordonnees", "adresse", "commune", "departement"] },
      },
      text(
        "porteurs",
        "Porteurs",
        `Structures qui mènent une action Clas dans ce lieu, séparées par « ${MULTI} ».`,
        true,
      ),
      {
        ...text(
          "siret",
          "SIRET",
          `SIRET des porteurs, dans le même ordre, séparés par « ${MULTI} » (répertoire Sirene, public).`,
          true,
        ),
        constraints: { required: true, pattern: "[0-9]{14}(\\|[0-9]{14})*" },
      },
      text(
        "niveaux",
        "Niveaux",
        `Niveaux scolaires accueillis (Élémentaire, Collège, Lycée, Maternelle, Autre), séparés par « ${MULTI} ».`,
      ),
      {
        ...text(
          "seances_par_semaine",
          "Séances par semaine",
          `Séances par semaine de chaque collectif du lieu, séparées par « ${MULTI} », dans l'ordre de la colonne minutes_par_seance.`,
        ),
        constraints: { pattern: "[0-9]+(\\|[0-9]+)*" },
      },
      {
        ...text(
          "minutes_par_seance",
          "Minutes par séance",
          `Durée d'une séance, en minutes, de chaque collectif du lieu, séparées par « ${MULTI} ».`,
        ),
        constraints: { pattern: "[0-9]+(\\|[0-9]+)*" },
      },
      {
        name: "qpv",
        title: "Quartier prioritaire",
        description:
          "Au moins une action du lieu déclare se dérouler en quartier prioritaire de la politique de la ville.",
        type: "boolean",
        ...BOOLEAN,
      },
      {
        name: "accueil_parents",
        title: "Lieu accessible aux parents",
        description: "Le lieu accueille les parents (déclaré par le porteur).",
        type: "boolean",
        ...BOOLEAN,
      },
      CAMPAGNE,
      {
        name: "date_maj",
        title: "Date de mise à jour",
        description: "Date d'extraction des questionnaires d'où viennent ces données.",
        type: "date",
        constraints: { required: true },
      },
      text("source", "Source", "Origine de la donnée.", true),
    ],
    primaryKey: ["id"],
    missingValues: [""],
  };
}

/** The public good practices' resource (pratiques.csv, spec/suivi.md). */
export function practicesSchema(): TableSchema {
  return {
    fields: [
      CAMPAGNE,
      DEPARTEMENT,
      text(
        "id",
        "Identifiant",
        "Identifiant de la pratique dans son département et sa campagne.",
        true,
      ),
      text("titre", "Titre", "Titre de la pratique (1 à 120 caractères).", true),
      text(
        "axes",
        "Axes",
        `Axes du référentiel (Enfants, Parents, École, Territoire), séparés par « ${MULTI} ».`,
        true,
      ),
      text(
        "niveaux",
        "Niveaux",
        `Niveaux (Élémentaire, Collège, Lycée), séparés par « ${MULTI} ».`,
      ),
      text(
        "description",
        "Description",
        "Description de la pratique, sauts de ligne conservés.",
        true,
      ),
      text(
        "id_action",
        "N° dossier",
        "N° dossier de l'action d'où vient la pratique, quand le questionnaire l'a.",
      ),
      text("action", "Action", "Intitulé de l'action d'où vient la pratique."),
      text("porteur", "Porteur", "Structure qui mène l'action."),
    ],
    primaryKey: ["campagne", "departement", "id"],
    missingValues: [""],
  };
}

/** What a column of the export format holds, as a schema can say it. */
function exportField(table: TableName, f: FieldDef): SchemaField {
  const base = { name: f.header, title: f.header };
  const required = f.required && f.emptyValue === undefined;
  const constraints: NonNullable<SchemaField["constraints"]> = required ? { required: true } : {};
  let description = `Champ ${f.name}.`;
  let type: SchemaField["type"] = "string";
  const extra: Partial<SchemaField> = {};
  switch (f.kind) {
    case "campagne":
      constraints.pattern = "[0-9]{4} *- *[0-9]{4}";
      description += " Deux années consécutives (ex. 2024-2025).";
      break;
    case "departement":
      constraints.pattern = "0?[1-9]|[1-8][0-9]|9[0-5]|2[AaBb]|97[1-46]";
      break;
    case "siret":
      constraints.pattern = "[0-9 ]{14,17}";
      description +=
        " 14 chiffres (espaces permis) dont le dernier est la clé de contrôle (formule de Luhn), que ce schéma ne vérifie pas.";
      break;
    case "enum":
      description += ` Une valeur parmi : ${f.values!.join(" · ")} ; l'import accepte aussi ces valeurs sans accents ni majuscules, et les alias du fichier de correspondance.`;
      break;
    case "list":
      description += ` Une ou plusieurs valeurs parmi ${f.values!.join(" · ")}, séparées par | ou ,.`;
      break;
    case "bool":
      type = "boolean";
      extra.trueValues = ["oui", "Oui", "OUI", "o", "O", "x", "X", "1", "vrai", "Vrai", "true"];
      extra.falseValues = ["non", "Non", "NON", "n", "N", "0", "faux", "Faux", "false"];
      if (f.emptyValue !== undefined) description += " Une case vide vaut « non ».";
      break;
    case "date":
      constraints.pattern = "[0-9]{2}/[0-9]{2}/[0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2}";
      description += " Date JJ/MM/AAAA ou AAAA-MM-JJ.";
      break;
    case "int":
      type = "integer";
      if (f.min !== undefined) constraints.minimum = f.min;
      if (f.max !== undefined) constraints.maximum = f.max;
      break;
    case "money":
      constraints.pattern = "-?[0-9][0-9  .]*(,[0-9]+)? *€?";
      description += ` Montant en euros, virgule décimale (ex. 9 800,00), de ${f.positive ? "plus de " : ""}0 à ${f.max} €.`;
      break;
    case "minutes":
      description += " Durée en minutes (90), ou en heures et minutes (1h30, 1:30).";
      break;
    case "postcode":
      constraints.pattern = "[0-9]{5}";
      break;
    case "commune":
      constraints.pattern = "[0-9][0-9AaBb][0-9]{3}";
      description +=
        " Code INSEE d'une commune du code officiel géographique, que ce schéma ne vérifie pas.";
      break;
    case "latitude":
    case "longitude":
      description += " Degrés décimaux WGS84, virgule ou point décimal.";
      break;
    default:
      if (f.maxLength) constraints.maxLength = f.maxLength;
  }
  if (f.personal) description += " Donnée personnelle : conservée à part, jamais publiée.";
  const checks = CROSS_FIELD_CHECKS.filter((c) => c.table === table && c.fields.includes(f.name));
  if (checks.length)
    description += ` Vérifié aussi avec d'autres colonnes à l'import (${checks.map((c) => c.name).join(", ")}), ce que ce schéma ne peut pas dire.`;
  return {
    ...base,
    description,
    type,
    ...extra,
    ...(Object.keys(constraints).length ? { constraints } : {}),
  };
}

/** One table of the export format (export/fields.ts) as a Table Schema, its headers as field names. */
export function exportSchema(table: TableName): TableSchema {
  return {
    fields: TABLE_FIELDS[table].map((f) => exportField(table, f)),
    missingValues: [""],
  };
}
