// Observable Framework configuration of the Clas Bilan site.
export default {
  title: "Clas Bilan",
  root: "src",
  // `clas build --out DIR` sets CLAS_SITE_OUT
  output: process.env.CLAS_SITE_OUT ?? "dist",
  // no CDN: no external stylesheet, no DuckDB extension download
  globalStylesheets: [],
  duckdb: { extensions: { json: null, parquet: null } },
  search: false,
  footer: "Clas Bilan — bilan annuel des contrats locaux d'accompagnement à la scolarité.",
};
