// What happened in a campagne, in sentences: generated from the figures, in
// correct French (numbers, agreement, plurals), with the comparisons that
// matter (the previous campagne, the région, France). A secret value is never
// stated, not even through a change or a difference.
import { formatChange, formatNumber, formatPercent, SECRET } from "./format.js";

type Value = number | string | null | undefined;
export type Row = Record<string, Value>;

/** « 1 action », « 2 actions », « 1 lieu », « 3 lieux »; zero takes the singular. */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatNumber(n, 0)} ${Math.abs(n) >= 2 ? pluralForm : singular}`;
}

/** A verb agreeing with its subject's number: « a » / « ont ». */
function agree(n: number, singular: string, pluralForm: string): string {
  return Math.abs(n) >= 2 ? pluralForm : singular;
}

const isNumber = (v: Value): v is number => typeof v === "number" && Number.isFinite(v);

/** The article before a département's name: « dans le Nord », « dans l'Ain », « à Paris ». */
const ARTICLES: Record<string, string> = {
  "01": "l'",
  "02": "l'",
  "03": "l'",
  "04": "les",
  "05": "les",
  "06": "les",
  "07": "l'",
  "08": "les",
  "09": "l'",
  "10": "l'",
  "11": "l'",
  "12": "l'",
  "13": "les",
  "14": "le",
  "15": "le",
  "16": "la",
  "17": "la",
  "18": "le",
  "19": "la",
  "21": "la",
  "22": "les",
  "23": "la",
  "24": "la",
  "25": "le",
  "26": "la",
  "27": "l'",
  "28": "l'",
  "29": "le",
  "2A": "la",
  "2B": "la",
  "30": "le",
  "31": "la",
  "32": "le",
  "33": "la",
  "34": "l'",
  "35": "l'",
  "36": "l'",
  "37": "l'",
  "38": "l'",
  "39": "le",
  "40": "les",
  "41": "le",
  "42": "la",
  "43": "la",
  "44": "la",
  "45": "le",
  "46": "le",
  "47": "le",
  "48": "la",
  "49": "le",
  "50": "la",
  "51": "la",
  "52": "la",
  "53": "la",
  "54": "la",
  "55": "la",
  "56": "le",
  "57": "la",
  "58": "la",
  "59": "le",
  "60": "l'",
  "61": "l'",
  "62": "le",
  "63": "le",
  "64": "les",
  "65": "les",
  "66": "les",
  "67": "le",
  "68": "le",
  "69": "le",
  "70": "la",
  "71": "la",
  "72": "la",
  "73": "la",
  "74": "la",
  "75": "à",
  "76": "la",
  "77": "la",
  "78": "les",
  "79": "les",
  "80": "la",
  "81": "le",
  "82": "le",
  "83": "le",
  "84": "le",
  "85": "la",
  "86": "la",
  "87": "la",
  "88": "les",
  "89": "l'",
  "90": "le",
  "91": "l'",
  "92": "les",
  "93": "la",
  "94": "le",
  "95": "le",
  "971": "en",
  "972": "en",
  "973": "en",
  "974": "à",
  "976": "à",
};

/** Where, in a sentence: « dans le Nord », « dans l'Ain », « en Guadeloupe », « à Paris ». */
export function inPlace(code: string, nom: string): string {
  if (code === "FR") return "en France";
  const article = ARTICLES[code];
  if (article === "à" || article === "en") return `${article} ${nom}`;
  if (article === "l'") return `dans l'${nom}`;
  if (article) return `dans ${article} ${nom}`;
  return `dans le département ${nom}`;
}

/** « +3,2 % sur un an », « −2 % sur un an », « stable sur un an »; "" when not both published. */
export function change(now: Value, before: Value, since = "sur un an"): string {
  if (!isNumber(now) || !isNumber(before) || before === 0) return "";
  const delta = now / before - 1;
  if (Math.abs(delta) < 0.0005) return `stable ${since}`;
  return `${formatChange(delta)} ${since}`;
}

/** « 84 % », or null when not a number. */
function percent(v: Value): string | null {
  return isNumber(v) ? formatPercent(v, 0) : null;
}

/**
 * The response to the questionnaire, as published bilans write it:
 * « 43 structures sur 51 ont répondu au questionnaire (84 %), pour 171 actions agréées sur 190 (90 %). »
 * Null when the zone has no list of agreed actions.
 */
export function responseSentence(row: Row | undefined): string | null {
  if (!row || !isNumber(row.structures_agreees) || !isNumber(row.actions_agreees)) return null;
  const s = row.structures_repondu as number;
  const st = row.structures_agreees;
  const a = row.actions_agreees_repondu as number;
  const at = row.actions_agreees;
  return `${formatNumber(s, 0)} ${agree(st, "structure", "structures")} sur ${formatNumber(st, 0)} ${agree(s, "a", "ont")} répondu au questionnaire (${percent(row.taux_reponse_structures) ?? "—"}), soit ${formatNumber(a, 0)} ${agree(at, "action agréée", "actions agréées")} sur ${formatNumber(at, 0)} (${percent(row.taux_reponse) ?? "—"}).`;
}

export interface SummaryInput {
  campagne: string;
  /** The zone: a département's code, or FR. */
  code: string;
  nom: string;
  row: Row | undefined;
  /** The same zone, the campagne before, if any. */
  before?: Row;
  region?: { nom: string; row: Row | undefined };
  /** France, for a département. */
  france?: Row;
}

/**
 * The response for France, over the départements that imported their list:
 * « …, dans les 12 départements qui ont importé leur liste des actions agréées. »
 */
export function nationalResponseSentence(row: Row | undefined, withList: number): string | null {
  const response = responseSentence(row);
  if (!response) return null;
  const where =
    withList === 1
      ? "dans le seul département qui a importé sa liste des actions agréées"
      : `dans les ${formatNumber(withList, 0)} départements qui ont importé leur liste des actions agréées`;
  return `${response.slice(0, -1)}, ${where}.`;
}

/**
 * The summary at the top of a bilan (after the response to the questionnaire,
 * `responseSentence`): who did what for whom, the change over a year, the
 * conformity to the référentiel beside the région and France.
 */
export function summary(input: SummaryInput): string[] {
  const { campagne, code, nom, row, before } = input;
  const where = inPlace(code, nom);
  const sentences: string[] = [];
  const actions = row?.actions;
  if (!isNumber(actions) || actions === 0) {
    sentences.push(`En ${campagne}, aucune action Clas n'a été déclarée ${where}.`);
  } else {
    const porteurs = row!.porteurs;
    let first = `En ${campagne}, `;
    first += isNumber(porteurs)
      ? `${plural(porteurs, "structure")} ${agree(porteurs, "a", "ont")} mené ${plural(actions, "action")} Clas ${where}`
      : `${plural(actions, "action")} Clas ${agree(actions, "a été menée", "ont été menées")} ${where}`;
    const enfants = row!.enfants;
    const familles = row!.familles;
    // each change beside its own noun
    const withChange = (n: number, noun: string, key: string) => {
      const delta = change(n, before?.[key]);
      return `${plural(n, noun)}${delta ? ` (${delta})` : ""}`;
    };
    if (isNumber(enfants)) {
      first += `, pour ${withChange(enfants, "enfant", "enfants")}`;
      if (isNumber(familles)) first += ` de ${withChange(familles, "famille", "familles")}`;
    } else if (enfants === SECRET) {
      first += " (nombre d'enfants couvert par le secret statistique)";
    }
    sentences.push(`${first}.`);
    const conformite = percent(row!.taux_conformite);
    if (conformite) {
      const comparisons = [
        input.region && percent(input.region.row?.taux_conformite)
          ? `région ${input.region.nom} : ${percent(input.region.row?.taux_conformite)}`
          : null,
        input.france && percent(input.france.taux_conformite)
          ? `France : ${percent(input.france.taux_conformite)}`
          : null,
      ].filter(Boolean);
      sentences.push(
        `${conformite} des actions sont conformes au référentiel national${comparisons.length ? ` (${comparisons.join(" ; ")})` : ""}.`,
      );
    }
    // the response rate counts the structures of the agreed lists: say who answered outside them
    const outside =
      isNumber(porteurs) && isNumber(row!.structures_repondu)
        ? porteurs - row!.structures_repondu
        : 0;
    if (outside > 0)
      sentences.push(
        `${formatNumber(outside, 0)} des structures qui ont répondu ${agree(outside, "n'est", "ne sont")} pas dans une liste des actions agréées importée : ${agree(outside, "elle ne compte", "elles ne comptent")} pas dans le taux de réponse.`,
      );
  }
  return sentences;
}
