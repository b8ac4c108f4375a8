// The export's checks across a row's fields, as data: each names its table and
// fields, holds its JavaScript test beside its SQL twin (over the typed query's
// columns, ingest/typed-sql.ts), and says what a failure does to the row
// (rejected, or a value dropped with a warning, then worded by SQL too: a row SQL
// vouches for passes every check, or fails only those that warn). The validator
// (validate.ts) applies them in this order.
import type { ValidationContext } from "./validate.js";
import { inFrance, inFranceSql } from "./coordinates.js";
import type { TableName } from "./fields.js";
import type { Problem, Value } from "./types.js";
import { campagneDates, inCampagneSql } from "./values.js";
import { sqlString } from "../warehouse/sql-text.js";

/** A value dropped says so after the reason (validate.ts's drop, and its SQL twin). */
export const DROPPED = " ; valeur ignorée";

/** What a check sees of a row being validated, and can do to it. */
export interface RowUnderCheck {
  values: Record<string, Value>;
  warnings: Problem[];
  /** A cell as read (for the messages). */
  text(field: string): string;
  header(field: string): string;
  /** The row rejected, on `field`. */
  reject(field: string, message: string): void;
  /** `field`'s value dropped, with a warning. */
  drop(field: string, message: string): void;
}

export interface CrossFieldCheck {
  name: string;
  table: TableName;
  /** It applies when the file has one of these columns. */
  fields: readonly string[];
  /** What the check needs done first (the commune's code resolved). */
  prepare?(row: RowUnderCheck, ctx: ValidationContext): void;
  /** JavaScript: whether the row's typed values pass. */
  holds(row: RowUnderCheck, ctx: ValidationContext): boolean;
  /** The SQL twin: true when the row passes, over the typed columns (raw `t_latitude`, `t_longitude`, `commune_departement`). */
  sql: string;
  /** What a failure does to the row. */
  fail(row: RowUnderCheck, ctx: ValidationContext): void;
  /** The cells as read its SQL reads, as `t_<field>` (NULL when the file lacks the column). */
  raws?: readonly string[];
  /**
   * When a failure only drops values with a warning, its SQL twin: SQL then vouches for the
   * failing row itself, its values dropped and the warning listed where the validator puts it
   * (after the cells' warnings, in the checks' order). No check reads what another drops.
   */
  warning?: {
    /** The fields whose values a failure drops (to their empty value). */
    drops: readonly string[];
    /** The fields whose cells' warnings the failure's warning replaces. */
    replaces?: readonly string[];
    /** The warning's column, from the file's headers. */
    column(header: (field: string) => string): string;
    /** SQL: the warning's value and message, over the typed columns and the raw `t_<field>`. */
    value: string;
    message: string;
  };
}

/**
 * A message with holes, as text (`message(…values)`) and as SQL whose holes are the given
 * expressions (`messageSql(message, …expressions)`): one wording for the validator and its twin.
 */
type Message = (...holes: string[]) => string;
const HOLE = "\u0001";
export function messageSql(message: Message, ...expressions: string[]): string {
  const marked = sqlString(message(...expressions.map((_, k) => `${HOLE}${k}${HOLE}`)));
  return marked.replace(
    new RegExp(`${HOLE}(\\d+)${HOLE}`, "g"),
    (_, k: string) => `' || CAST(${expressions[Number(k)]!} AS VARCHAR) || '`,
  );
}

/**
 * What a check that drops one field's value (`row.drop`, with `message`) needs for SQL to word
 * its warning: the cell as read, and the message's holes as these SQL expressions.
 */
function dropsOne(
  field: string,
  message: Message,
  ...holes: string[]
): Pick<CrossFieldCheck, "raws" | "warning"> {
  return {
    raws: [field],
    warning: {
      drops: [field],
      column: (header) => header(field),
      value: `t_${field}`,
      message: `${messageSql(message, ...holes)} || ${sqlString(DROPPED)}`,
    },
  };
}

const fillesMessage: Message = (filles, enfants) =>
  `« dont filles » (${filles}) dépasse « Enfants inscrits » (${enfants})`;
const formationMessage: Message = (formation, intervenants) =>
  `intervenants en formation (${formation}) plus nombreux que les intervenants salariés et bénévoles (${intervenants})`;
const COORDINATES = {
  alone: "latitude et longitude doivent être données ensemble",
  degrees: "coordonnées attendues en degrés décimaux WGS84 (ex. 48,8566 ; 2,3522)",
  outside: "coordonnées hors de France (métropole, Corse et les cinq départements d'outre-mer)",
  dropped: " ; valeurs ignorées",
};

const num = (v: Value | undefined): v is number => typeof v === "number";

export const CROSS_FIELD_CHECKS: readonly CrossFieldCheck[] = [
  {
    name: "dates",
    table: "Actions",
    fields: ["date_debut", "date_fin"],
    holds: ({ values: v }) =>
      !(typeof v.date_debut === "string" && typeof v.date_fin === "string") ||
      v.date_fin >= v.date_debut,
    sql: "(date_fin IS NULL OR date_debut IS NULL OR date_fin >= date_debut)",
    fail: (row) =>
      row.reject(
        "date_fin",
        `la date de fin précède la date de début (${row.text("date_debut")}) : une date de fin postérieure ou égale est attendue`,
      ),
  },
  {
    name: "filles",
    table: "Collectifs",
    fields: ["filles", "enfants"],
    holds: ({ values: v }) => !(num(v.filles) && num(v.enfants)) || v.filles <= v.enfants,
    sql: "(filles IS NULL OR enfants IS NULL OR filles <= enfants)",
    fail: (row) =>
      row.drop("filles", fillesMessage(String(row.values.filles), String(row.values.enfants))),
    ...dropsOne("filles", fillesMessage, "filles", "enfants"),
  },
  {
    name: "formation",
    table: "Actions",
    fields: ["intervenants_formation"],
    holds: ({ values: v }) =>
      !(
        num(v.intervenants_formation) &&
        num(v.intervenants_salaries) &&
        num(v.intervenants_benevoles)
      ) || v.intervenants_formation <= v.intervenants_salaries + v.intervenants_benevoles,
    sql: "(intervenants_formation IS NULL OR intervenants_salaries IS NULL OR intervenants_benevoles IS NULL OR intervenants_formation <= intervenants_salaries + intervenants_benevoles)",
    fail: ({ values: v, drop }) =>
      drop(
        "intervenants_formation",
        formationMessage(
          String(v.intervenants_formation),
          String((v.intervenants_salaries as number) + (v.intervenants_benevoles as number)),
        ),
      ),
    ...dropsOne(
      "intervenants_formation",
      formationMessage,
      "intervenants_formation",
      "intervenants_salaries + intervenants_benevoles",
    ),
  },
  {
    // the pair is one fact: both given, in decimal degrees, in France; else both dropped, one warning
    name: "coordonnees",
    table: "Collectifs",
    fields: ["latitude", "longitude"],
    holds: (row) => {
      const lat = row.text("latitude");
      const lon = row.text("longitude");
      if (lat === "" && lon === "") return true;
      const { latitude, longitude } = row.values;
      return num(latitude) && num(longitude) && inFrance(latitude, longitude);
    },
    sql: `((t_latitude IS NULL AND t_longitude IS NULL) OR (${inFranceSql("latitude", "longitude")}))`,
    fail: (row) => {
      const lat = row.text("latitude");
      const lon = row.text("longitude");
      const message =
        lat === "" || lon === ""
          ? COORDINATES.alone
          : !num(row.values.latitude) || !num(row.values.longitude)
            ? COORDINATES.degrees
            : COORDINATES.outside;
      const halves = [row.header("latitude"), row.header("longitude")];
      const others = row.warnings.filter((w) => !halves.includes(w.column));
      row.warnings.splice(0, row.warnings.length, ...others, {
        column: halves.join(" / "),
        value: `${lat} ; ${lon}`,
        message: `${message}${COORDINATES.dropped}`,
      });
      row.values.latitude = null;
      row.values.longitude = null;
    },
    raws: ["latitude", "longitude"],
    warning: {
      drops: ["latitude", "longitude"],
      replaces: ["latitude", "longitude"],
      column: (header) => `${header("latitude")} / ${header("longitude")}`,
      value: "coalesce(t_latitude, '') || ' ; ' || coalesce(t_longitude, '')",
      message: `CASE WHEN t_latitude IS NULL OR t_longitude IS NULL THEN ${sqlString(COORDINATES.alone)}
        WHEN latitude IS NULL OR longitude IS NULL THEN ${sqlString(COORDINATES.degrees)}
        ELSE ${sqlString(COORDINATES.outside)} END || ${sqlString(COORDINATES.dropped)}`,
    },
  },
  {
    // a collectif counts in its action's département, wherever its commune is: said, not refused
    name: "commune",
    table: "Collectifs",
    fields: ["code_insee"],
    prepare: resolveCommune,
    holds: ({ values: v }, ctx) => {
      if (typeof v.code_insee !== "string" || typeof v.departement !== "string") return true;
      const found = ctx.communes.resolve(v.code_insee);
      return found === null || found.departement === v.departement;
    },
    sql: "(commune_departement = departement)",
    fail: (row, ctx) => {
      const found = ctx.communes.resolve(row.values.code_insee as string)!;
      row.warnings.push({
        column: row.header("code_insee"),
        value: row.text("code_insee"),
        message: `la commune ${found.code} (${found.nom}) est dans le département ${found.departement}, pas dans le département ${row.values.departement as string} de l'action ; le collectif compte dans le département de l'action`,
      });
    },
  },
  {
    // a visit's date within its campagne; outside, the row is rejected and claims nothing
    name: "date_visite",
    table: "Visites",
    fields: ["date_visite"],
    holds: ({ values: v }) => {
      if (typeof v.date_visite !== "string" || typeof v.campagne !== "string") return true;
      const { from, to } = campagneDates(v.campagne);
      return v.date_visite >= from && v.date_visite <= to;
    },
    sql: `(date_visite IS NULL OR campagne IS NULL OR ${inCampagneSql("date_visite", "campagne")})`,
    fail: (row) => {
      const { from, to } = campagneDates(row.values.campagne as string);
      const fr = (iso: string) => iso.split("-").reverse().join("/");
      row.reject(
        "date_visite",
        `date hors de la campagne ${row.values.campagne as string} : une date du ${fr(from)} au ${fr(to)} est attendue`,
      );
      row.values.date_visite = null;
    },
  },
];

/** The checks of a table whose file has one of their columns. */
export function crossFieldChecks(
  table: TableName,
  has: (field: string) => boolean,
): CrossFieldCheck[] {
  return CROSS_FIELD_CHECKS.filter((c) => c.table === table && c.fields.some(has));
}

/** The commune's code to the current commune: unknown, the row is rejected; an old code, said. */
function resolveCommune(row: RowUnderCheck, ctx: ValidationContext): void {
  if (typeof row.values.code_insee !== "string") return;
  const found = ctx.communes.resolve(row.values.code_insee);
  if (!found) {
    row.reject(
      "code_insee",
      "code commune inconnu du code officiel géographique (COG) : code INSEE d'une commune actuelle attendu",
    );
    row.values.code_insee = null;
    return;
  }
  row.values.code_insee = found.code;
  if (found.via === "ancien") {
    row.warnings.push({
      column: row.header("code_insee"),
      value: row.text("code_insee"),
      message: `ancien code de commune : lu comme la commune actuelle ${found.code} (${found.nom})`,
    });
  }
}
