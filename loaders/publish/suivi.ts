// What the site publishes of field visits and good practices (spec/suivi.md).
// Public build: the `Publique` practices only, as text; no visit, no suite
// (with the published count of visits, the suites would give `visites_alerte`
// back). Internal build: every practice, each visit with its texts, visits
// by suite, and the actions to visit first.
import { readDepartements } from "../geo/load.js";
import type { Publication } from "./audience.js";
import { practicesSql, TO_VISIT, VISITS, VISITS_BY_SUITE } from "./sql.js";
import { rows, withSiteDb } from "./site-data.js";

type Row = Record<string, unknown>;

const visibleIn = (publication: Publication) => (r: Row) =>
  publication.departements.length === 0 || publication.departements.includes(String(r.departement));

/** Every practice the audience may read (`data/pratiques.json`: the bilans and the practices page). */
export async function practicesData(publication: Publication, db: string): Promise<Row[]> {
  const all = await withSiteDb((c) => rows(c, practicesSql(publication.audience === "public")), db);
  return all.filter(visibleIn(publication));
}

/** A département's visits, their suites and the actions to visit first: internal only. */
export interface DepartementSuivi {
  visites: Row[];
  parSuite: Row[];
  aVisiter: Row[];
}

/** One file per département (`suivi/<cle>/<code>.json`), empty in a public build. */
export async function suiviByDepartement(
  publication: Publication,
  db: string,
): Promise<Map<string, DepartementSuivi>> {
  const out = new Map<string, DepartementSuivi>(
    (await readDepartements()).map((d) => [d.code, { visites: [], parSuite: [], aVisiter: [] }]),
  );
  if (publication.audience === "public") return out;
  const visible = visibleIn(publication);
  const [visites, parSuite, aVisiter] = await withSiteDb(
    (c) => Promise.all([rows(c, VISITS), rows(c, VISITS_BY_SUITE), rows(c, TO_VISIT)]),
    db,
  );
  const add = (key: keyof DepartementSuivi, list: Row[]) => {
    for (const r of list.filter(visible)) out.get(String(r.departement))?.[key].push(r);
  };
  add("visites", visites);
  add("parSuite", parSuite);
  add("aVisiter", aVisiter);
  return out;
}
