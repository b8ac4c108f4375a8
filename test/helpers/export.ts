// Builds small exports in memory for the tests: valid rows by default, a field changed per test.
import {
  ACTION_FIELDS,
  COLLECTIF_FIELDS,
  TABLE_FIELDS,
  type TableName,
} from "../../loaders/export/fields.js";
import { encodeWindows1252 } from "../../loaders/read/windows1252.js";

export type Row = Record<string, string>;

export const BASE_ACTION: Row = {
  campagne: "2024-2025",
  departement: "78",
  id_action: "A1",
  siret: "78201543000013",
  porteur_nom: "Centre social Les Mureaux",
  type_structure: "Centre social",
  reaap: "oui",
  projet_educatif: "PEDT",
  action_nom: "Coup de pouce",
  rural: "non",
  qpv: "oui",
  date_debut: "04/11/2024",
  date_fin: "13/06/2025",
  familles: "18",
  parents_impliques: "15",
  ...Object.fromEntries(
    ACTION_FIELDS.filter((f) => f.name.startsWith("obj_")).map((f) => [f.name, "oui"]),
  ),
  coordinateur: "oui",
  coordinateur_niveau: "Bac+3",
  coordinateur_experience: "oui",
  intervenants_salaries: "3",
  intervenants_benevoles: "2",
  intervenants_formation: "1",
  participation_familles: "",
  budget_total: "24 500,00 €",
  montant_ps: "9 800,00",
  montant_fonds_locaux: "1 500,00",
  cofin_commune: "5 000",
  cofin_departement: "",
  cofin_etat: "",
  cofin_autres: "8 200",
  coordinateur_nom: "Marie Dupont",
  contact_courriel: "m.dupont@example.org",
  contact_telephone: "01 23 45 67 89",
};

export const BASE_COLLECTIF: Row = {
  campagne: "2024-2025",
  departement: "78",
  id_action: "A1",
  id_collectif: "C1",
  niveau: "Élémentaire",
  enfants: "10",
  filles: "5",
  intervenants: "2",
  seances_semaine: "2",
  duree_seance: "90",
  semaines: "30",
  lieu_nom: "Centre social",
  lieu_type: "Locaux de la structure",
  adresse: "12 rue des Écoles",
  code_postal: "78130",
  commune: "Les Mureaux",
  code_insee: "78440",
  latitude: "",
  longitude: "",
  lieu_accessible_parents: "oui",
};

export const ACTION_HEADERS = ACTION_FIELDS.map((f) => f.header);
export const COLLECTIF_HEADERS = COLLECTIF_FIELDS.map((f) => f.header);

/** An agreed action of the list (spec/agrements.md), matching BASE_ACTION by default. */
export const BASE_AGREMENT: Row = {
  campagne: "2024-2025",
  departement: "78",
  id_action: "A1",
  siret: "78201543000013",
  porteur_nom: "Centre social Les Mureaux",
  action_nom: "Coup de pouce",
  montant_agree: "9 800,00",
  date_comite: "15/10/2024",
};

export function agrement(overrides: Row = {}): Row {
  return { ...BASE_AGREMENT, ...overrides };
}

/** A field visit (spec/suivi.md) of BASE_ACTION by default. */
export const BASE_VISITE: Row = {
  campagne: "2024-2025",
  departement: "78",
  id_action: "A1",
  date_visite: "12/03/2025",
  visiteur: "Caf",
  suite: "Aucune suite",
  points_forts: "Un accueil chaleureux des familles.",
  points_a_ameliorer: "",
  bonne_pratique: "non",
};

export function visite(overrides: Row = {}): Row {
  return { ...BASE_VISITE, ...overrides };
}

/** A good practice (spec/suivi.md), from BASE_ACTION by default. */
export const BASE_PRATIQUE: Row = {
  campagne: "2024-2025",
  departement: "78",
  id_pratique: "P1",
  id_action: "A1",
  titre: "Un café des parents chaque vendredi",
  axes: "Parents | École",
  niveaux: "Élémentaire",
  description: "Les parents se retrouvent avec l'animatrice après la séance.",
  diffusion: "Publique",
};

export function pratique(overrides: Row = {}): Row {
  return { ...BASE_PRATIQUE, ...overrides };
}

export function action(overrides: Row = {}): Row {
  return { ...BASE_ACTION, ...overrides };
}

export function collectif(overrides: Row = {}): Row {
  return { ...BASE_COLLECTIF, ...overrides };
}

export interface CsvOptions {
  delimiter?: string;
  /** Columns to write, by field name (default: every field of the table). */
  fields?: string[];
  headers?: string[];
}

function quote(value: string, delimiter: string): string {
  return value.includes(delimiter) || /["\r\n]/.test(value)
    ? `"${value.replace(/"/g, '""')}"`
    : value;
}

/** Rows as CSV text, with the format's headers. */
export function toCsv(table: TableName, rows: Row[], options: CsvOptions = {}): string {
  const d = options.delimiter ?? ";";
  const defs = TABLE_FIELDS[table];
  const fields = options.fields ?? defs.map((f) => f.name);
  const headers = options.headers ?? fields.map((n) => defs.find((f) => f.name === n)!.header);
  const lines = [headers.map((h) => quote(h, d)).join(d)];
  for (const row of rows) lines.push(fields.map((f) => quote(row[f] ?? "", d)).join(d));
  return lines.join("\r\n") + "\r\n";
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function cp1252(text: string): Uint8Array {
  return encodeWindows1252(text);
}

export function utf16le(text: string, bom = true): Uint8Array {
  const out = new Uint8Array((bom ? 2 : 0) + text.length * 2);
  let o = 0;
  if (bom) {
    out[o++] = 0xff;
    out[o++] = 0xfe;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[o++] = c & 0xff;
    out[o++] = c >> 8;
  }
  return out;
}

export function utf16be(text: string): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out[0] = 0xfe;
  out[1] = 0xff;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 + i * 2] = c >> 8;
    out[3 + i * 2] = c & 0xff;
  }
  return out;
}
