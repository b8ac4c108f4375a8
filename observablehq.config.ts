// Observable Framework configuration of the Clas Bilan site.
import { readFileSync } from "node:fs";
import path from "node:path";

/** The départements of the reference geodata: one bilan page each. */
function departementCodes(): string[] {
  const dir = process.env.CLAS_GEO_DIR ?? "../shared/geo";
  const text = readFileSync(path.join(dir, "departements-part-rurale-grille2024.csv"), "utf8");
  return text
    .split(/\r?\n/)
    .slice(1)
    .filter(Boolean)
    .map((l) => l.split(",")[0]!);
}

export default {
  title: "Clas Bilan",
  root: "src",
  // `clas build --out DIR` sets CLAS_SITE_OUT
  output: process.env.CLAS_SITE_OUT ?? "dist",
  // no CDN: no external stylesheet, no DuckDB extension download
  globalStylesheets: [],
  style: "style.css",
  duckdb: { extensions: { json: null, parquet: null } },
  search: false,
  // no favicon request
  head: '<link rel="icon" href="data:,">',
  pages: [
    { name: "Bilan national", path: "/" },
    { name: "Comparer des départements", path: "/comparer" },
    { name: "Qualité des données", path: "/qualite" },
  ],
  dynamicPaths: departementCodes().map((code) => `/departement/${code}`),
  footer: "Clas Bilan — bilan annuel des contrats locaux d'accompagnement à la scolarité.",
};
