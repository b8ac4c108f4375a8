// Observable Framework configuration of the Clas Bilan site.
import { readFileSync } from "node:fs";
import path from "node:path";

/** The départements of the reference geodata: one bilan page each (or those of a limited build). */
function departementCodes(): string[] {
  const only = (process.env.CLAS_DEPARTEMENTS ?? "").split(",").filter(Boolean);
  if (only.length > 0) return only;
  const dir = process.env.CLAS_GEO_DIR ?? "../shared/geo";
  const text = readFileSync(path.join(dir, "departements-part-rurale-grille2024.csv"), "utf8");
  return text
    .split(/\r?\n/)
    .slice(1)
    .filter(Boolean)
    .map((l) => l.split(",")[0]!);
}

const PUBLIC = process.env.CLAS_AUDIENCE === "public";

/** The header and footer every page has, written by `clas build` (loaders/site/chrome.ts). */
function chrome(): { header: string; footer: string } {
  const file = process.env.CLAS_SITE_CHROME;
  if (!file) return { header: "", footer: "" };
  return JSON.parse(readFileSync(file, "utf8")) as { header: string; footer: string };
}
const { header, footer } = chrome();

export default {
  title: "Clas Bilan",
  // `clas build --audience public` builds from a copy of src without the internal pages
  root: process.env.CLAS_SITE_ROOT ?? "src",
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
    { name: "Carte des lieux", path: "/carte" },
    { name: "Vérifier un export", path: "/verifier" },
    ...(PUBLIC ? [] : [{ name: "Qualité des données", path: "/qualite" }]),
    { name: "Méthodologie", path: "/methodologie" },
  ],
  dynamicPaths: departementCodes().map((code) => `/departement/${code}`),
  // no « Next page » / « Previous page » links: the sidebar and the picker are the way around
  pager: false,
  toc: { show: false, label: "Sur cette page" },
  header,
  footer,
};
