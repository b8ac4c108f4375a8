// The public build's open data (`donnees/`): a Frictionless Data Package of
// the indicators (CSV and Parquet), the places (CSV and GeoJSON) and the public
// good practices, each with its Table Schema (schemas.ts), under Licence
// Ouverte 2.0; and the export format's own schemas. The indicators are the
// pages' own rows, after the same disclosure control and audit: a secret cell
// is empty, and the row names its secret columns.
import { createHash } from "node:crypto";
import { DuckDBInstance } from "@duckdb/node-api";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { foldText } from "../../src/lib/normalize.js";
import { SECRET } from "../../src/lib/format.js";
import type { Place } from "../geo/places.js";
import { TABLE_ORDER, type TableName } from "../export/fields.js";
import { sqlString } from "../warehouse/sql-text.js";
import { PUBLIC_COLUMNS } from "./audience.js";
import {
  exportSchema,
  indicatorsSchema,
  MULTI,
  placesSchema,
  practicesSchema,
  type TableSchema,
} from "./schemas.js";

type Row = Record<string, unknown>;

export const LICENCE = {
  name: "etalab-2.0",
  title: "Licence Ouverte / Open Licence 2.0",
  path: "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
};
export const SOURCE = "Caf — questionnaires d'activité des Clas";

/** A CSV cell: RFC 4180 quoting, numbers with a decimal point, nothing for a missing value. */
function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csv(schema: TableSchema, rows: Row[]): string {
  const names = schema.fields.map((f) => f.name);
  return [names.join(","), ...rows.map((r) => names.map((n) => cell(r[n])).join(","))]
    .map((line) => `${line}\r\n`)
    .join("");
}

/** The indicator rows of the pages (départements and France), secret cells emptied and named. */
export function indicatorRows(parDepartement: Row[]): Row[] {
  const published = new Set(indicatorsSchema().fields.map((f) => f.name));
  const columns = PUBLIC_COLUMNS.filter((k) => published.has(k));
  return parDepartement.map((r) => {
    const secret = columns.filter((k) => r[k] === SECRET);
    const out: Row = {
      campagne: r.campagne,
      departement: r.departement,
      departement_nom: r.departement_nom,
    };
    for (const k of columns) out[k] = r[k] === SECRET ? null : r[k];
    out.valeurs_secretes = secret.join(MULTI);
    return out;
  });
}

/** A place's identifier, the same from one build to the next while its commune and address stay. */
export function placeId(p: Pick<Place, "code_insee" | "adresse" | "nom">): string {
  const key = foldText(p.adresse ? `adresse ${p.adresse}` : `nom ${p.nom}`);
  return `clas-${p.code_insee}-${createHash("sha256").update(key).digest("hex").slice(0, 10)}`;
}

export function placeRows(places: Place[], campagne: string, extraitLe: string): Row[] {
  return places.map((p) => ({
    id: placeId(p),
    nom: p.nom,
    adresse: p.adresse ?? "",
    code_postal: p.code_postal ?? "",
    code_insee: p.code_insee,
    commune: p.commune,
    departement: p.departement,
    latitude: Math.round(p.lat * 1e6) / 1e6,
    longitude: Math.round(p.lon * 1e6) / 1e6,
    precision_position: p.precision,
    porteurs: p.porteurs.map((x) => x.nom).join(MULTI),
    siret: p.porteurs.map((x) => x.siret).join(MULTI),
    niveaux: p.niveaux.join(MULTI),
    seances_par_semaine: p.rythmes.map(([n]) => n).join(MULTI),
    minutes_par_seance: p.rythmes.map(([, d]) => d).join(MULTI),
    qpv: p.qpv,
    accueil_parents: p.parents,
    campagne,
    date_maj: extraitLe,
    source: SOURCE,
  }));
}

export function placesGeoJson(rows: Row[]) {
  return {
    type: "FeatureCollection",
    features: rows.map((r) => ({
      type: "Feature",
      geometry: { type: "Point", coordinates: [r.longitude, r.latitude] },
      properties: Object.fromEntries(
        Object.entries(r).filter(([k]) => k !== "latitude" && k !== "longitude"),
      ),
    })),
  };
}

export function practiceRows(practices: Row[]): Row[] {
  return practices.map((p) => ({
    campagne: p.campagne,
    departement: p.departement,
    id: p.id_pratique,
    titre: p.titre,
    axes: (p.axes as string[]).join(MULTI),
    niveaux: (p.niveaux as string[]).join(MULTI),
    description: p.description,
    id_action: p.id_action,
    action: p.action_nom,
    porteur: p.porteur_nom,
  }));
}

/** The Parquet twin of the indicators' CSV, written by DuckDB with the schema's types. */
async function parquetOf(schema: TableSchema, text: string): Promise<Uint8Array> {
  const dir = await mkdtemp(path.join(tmpdir(), "clas-donnees-"));
  try {
    const source = path.join(dir, "indicateurs.csv");
    const target = path.join(dir, "indicateurs.parquet");
    await writeFile(source, text);
    const types = schema.fields.map(
      (f) => `${sqlString(f.name)}: '${f.type === "number" ? "DOUBLE" : "VARCHAR"}'`,
    );
    const instance = await DuckDBInstance.create(":memory:");
    const c = await instance.connect();
    try {
      await c.run(
        `COPY (SELECT * FROM read_csv(${sqlString(source)}, header = true, auto_detect = false, delim = ',', quote = '"', columns = {${types.join(", ")}})) TO ${sqlString(target)} (FORMAT parquet)`,
      );
    } finally {
      c.closeSync();
      instance.closeSync();
    }
    return new Uint8Array(await readFile(target));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const EXPORT_SCHEMA_FILES: Record<TableName, string> = {
  Actions: "export-actions",
  Collectifs: "export-collectifs",
  Agréments: "export-agrements",
  Visites: "export-visites",
  Pratiques: "export-pratiques",
};

/** The export format's tables as Table Schemas: `schemas/<name>.json` (donnees/ and docs/). */
export function exportSchemaFiles(): [string, TableSchema][] {
  return TABLE_ORDER.map((t) => [`${EXPORT_SCHEMA_FILES[t]}.json`, exportSchema(t)]);
}

export interface OpenDataInputs {
  parDepartement: Row[];
  places: Place[];
  campagnePlaces: string;
  practices: Row[];
  extraitLe: string;
  construitLe: string;
  campagnes: string[];
}

interface Resource {
  name: string;
  title: string;
  description: string;
  path: string;
  format: string;
  mediatype: string;
  encoding?: string;
  schema?: string;
  content: string | Uint8Array;
  rows: number;
}

const bytesOf = (c: string | Uint8Array) =>
  typeof c === "string" ? new TextEncoder().encode(c) : c;

/** Every file of `donnees/`, by path in it, and the package's descriptor. */
export async function openDataFiles(inputs: OpenDataInputs): Promise<{
  files: [string, string | Uint8Array][];
  descriptor: Row;
  schemas: Record<string, TableSchema>;
}> {
  const schemas: Record<string, TableSchema> = {
    indicateurs: indicatorsSchema(),
    lieux: placesSchema(),
    pratiques: practicesSchema(),
  };
  const indicators = indicatorRows(inputs.parDepartement);
  const indicatorsCsv = csv(schemas.indicateurs!, indicators);
  const places = placeRows(inputs.places, inputs.campagnePlaces, inputs.extraitLe);
  const practices = practiceRows(inputs.practices);
  const first = inputs.campagnes[0] ?? "";
  const last = inputs.campagnes.at(-1) ?? "";
  const resources: Resource[] = [
    {
      name: "indicateurs",
      title: "Indicateurs des Clas par département et pour la France",
      description: `Une ligne par campagne (${first} à ${last}) et par département, et une pour la France : les indicateurs publics du bilan, sous secret statistique (une valeur couverte par le secret est une cellule vide, et la colonne valeurs_secretes la nomme).`,
      path: "indicateurs.csv",
      format: "csv",
      mediatype: "text/csv",
      encoding: "utf-8",
      schema: "schemas/indicateurs.json",
      content: indicatorsCsv,
      rows: indicators.length,
    },
    {
      name: "indicateurs-parquet",
      title: "Indicateurs des Clas (Parquet)",
      description: "Les mêmes lignes que indicateurs.csv, au format Apache Parquet.",
      path: "indicateurs.parquet",
      format: "parquet",
      mediatype: "application/vnd.apache.parquet",
      schema: "schemas/indicateurs.json",
      content: await parquetOf(schemas.indicateurs!, indicatorsCsv),
      rows: indicators.length,
    },
    {
      name: "lieux",
      title: "Lieux des Clas",
      description: `Les lieux où se réunissent les collectifs Clas pendant la campagne ${inputs.campagnePlaces}, jamais le domicile d'une famille ; champs nommés d'après le standard des lieux de médiation numérique (LaMednum).`,
      path: "lieux.csv",
      format: "csv",
      mediatype: "text/csv",
      encoding: "utf-8",
      schema: "schemas/lieux.json",
      content: csv(schemas.lieux!, places),
      rows: places.length,
    },
    {
      name: "lieux-geojson",
      title: "Lieux des Clas (GeoJSON)",
      description: "Les mêmes lieux, en GeoJSON (WGS84).",
      path: "lieux.geojson",
      format: "geojson",
      mediatype: "application/geo+json",
      encoding: "utf-8",
      content: JSON.stringify(placesGeoJson(places)),
      rows: places.length,
    },
    {
      name: "pratiques",
      title: "Bonnes pratiques des Clas",
      description:
        "Les bonnes pratiques que les comités départementaux ont repérées et choisi de diffuser, avec l'action et le porteur d'où elles viennent.",
      path: "pratiques.csv",
      format: "csv",
      mediatype: "text/csv",
      encoding: "utf-8",
      schema: "schemas/pratiques.json",
      content: csv(schemas.pratiques!, practices),
      rows: practices.length,
    },
  ];
  const descriptor = {
    profile: "data-package",
    name: "clas-bilans",
    title: "Bilans des Contrats locaux d'accompagnement à la scolarité (Clas)",
    description:
      "Les indicateurs annuels des Clas par département, les lieux où ils se tiennent et les bonnes pratiques que les comités diffusent, tirés des questionnaires d'activité des porteurs.",
    licenses: [LICENCE],
    sources: [{ title: SOURCE }],
    created: `${inputs.construitLe}T00:00:00Z`,
    keywords: ["Clas", "accompagnement à la scolarité", "Caf", "parentalité"],
    temporal: { start: first, end: last },
    resources: resources.map(({ content, schema, rows, ...r }) => ({
      ...r,
      profile: schema && r.format === "csv" ? "tabular-data-resource" : "data-resource",
      bytes: bytesOf(content).byteLength,
      hash: `sha256:${createHash("sha256").update(bytesOf(content)).digest("hex")}`,
      rows,
      ...(schema ? { schema } : {}),
      licenses: [LICENCE],
      sources: [{ title: SOURCE }],
    })),
  };
  const files: [string, string | Uint8Array][] = [
    ...resources.map((r): [string, string | Uint8Array] => [r.path, r.content]),
    ...Object.entries(schemas).map(([name, s]): [string, string] => [
      `schemas/${name}.json`,
      JSON.stringify(s, null, 1),
    ]),
    ...exportSchemaFiles().map(([name, s]): [string, string] => [
      `schemas/${name}`,
      JSON.stringify(s, null, 1),
    ]),
    ["datapackage.json", JSON.stringify(descriptor, null, 1)],
  ];
  return { files, descriptor, schemas };
}
