// The indicators of a small export, computed by hand (see the comments), against `clas indicators`.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { action, collectif } from "./helpers/export.js";
import { cli, tempDir, writeExport } from "./helpers/warehouse.js";

// The contract's key order, written out from spec/indicators.md.
const KEYS = [
  "campagne",
  "departement",
  "departement_nom",
  "porteurs",
  "actions",
  "actions_rurales",
  "collectifs",
  "lieux",
  "enfants",
  "enfants_elementaire",
  "enfants_college",
  "enfants_lycee",
  "enfants_autre",
  "filles",
  "familles",
  "parents_impliques",
  "intervenants_salaries",
  "intervenants_benevoles",
  "heures_accompagnement",
  "heures_enfants",
  "budget_total",
  "montant_ps",
  "montant_fonds_locaux",
  "cofinancements",
  "part_caf",
  "cout_par_enfant",
  "enfants_par_collectif",
  "taux_rural",
  "taux_conformite",
  "taux_public",
  "taux_taille",
  "taux_encadrement",
  "taux_regularite",
  "taux_lieu_parents",
  "taux_collectif",
  "taux_axe_enfants",
  "taux_axe_parents",
  "taux_axe_ecole",
  "taux_axe_territoire",
  "taux_coordination",
  "taux_cofinancement",
  "taux_gratuite",
  "taux_calendrier",
  "taux_formation",
  "couverture_4_axes",
  "lignes_rejetees",
  // spec/agrements.md, appended in its order
  "actions_agreees",
  "actions_agreees_repondu",
  "taux_reponse",
  "structures_agreees",
  "structures_repondu",
  "taux_reponse_structures",
  "montant_agree",
  "actions_hors_liste",
  // spec/suivi.md, appended in its order (null here: no visit, no practice)
  "visites",
  "actions_visitees",
  "taux_visite",
  "visites_alerte",
  "pratiques",
  "pratiques_publiques",
];

const S1 = "78201543000013";
const S2 = "31256987400018";
const S3 = "20004567800014";
const NO_MONEY = {
  cofin_commune: "",
  cofin_departement: "",
  cofin_etat: "",
  cofin_autres: "",
  participation_familles: "",
};

const ACTIONS = [
  // 78 — A1: urban, conforme
  action({
    ...NO_MONEY,
    id_action: "A1",
    siret: S1,
    familles: "10",
    parents_impliques: "6",
    intervenants_salaries: "2",
    intervenants_benevoles: "1",
    intervenants_formation: "1",
    budget_total: "10 000",
    montant_ps: "4 000",
    montant_fonds_locaux: "1 000",
    cofin_commune: "2 000",
    cofin_etat: "500,50",
  }),
  // 78 — A2: rural; PAR2 empty, Caf share 4 100 / 5 000 > 80 %, participation 40 €, no training
  action({
    ...NO_MONEY,
    id_action: "A2",
    siret: S2,
    rural: "oui",
    familles: "5",
    parents_impliques: "5",
    intervenants_salaries: "1",
    intervenants_benevoles: "0",
    intervenants_formation: "",
    budget_total: "5 000",
    montant_ps: "3 500",
    montant_fonds_locaux: "600",
    cofin_commune: "900",
    participation_familles: "40",
    obj_par_2: "",
  }),
  // 78 — A3: same porteur as A1, no collectif, no coordinator level, 0 in training
  action({
    ...NO_MONEY,
    id_action: "A3",
    siret: S1,
    familles: "0",
    parents_impliques: "0",
    intervenants_salaries: "0",
    intervenants_benevoles: "1",
    intervenants_formation: "0",
    budget_total: "2 000",
    montant_ps: "1 000",
    montant_fonds_locaux: "",
    coordinateur_niveau: "",
  }),
  // 78 — A4: rejected (negative families)
  action({ id_action: "A4", familles: "-1" }),
  // 2A — B1: urban, its place not accessible to parents
  action({
    ...NO_MONEY,
    departement: "2A",
    id_action: "B1",
    siret: S3,
    familles: "8",
    parents_impliques: "4",
    intervenants_salaries: "1",
    intervenants_benevoles: "1",
    intervenants_formation: "1",
    budget_total: "8 000",
    montant_ps: "3 000",
    montant_fonds_locaux: "0",
    cofin_departement: "1 000",
    cofin_autres: "4 000",
    coordinateur_niveau: "Bac+2",
  }),
  // 974 — D1: porteur S1, no collectif
  action({
    ...NO_MONEY,
    departement: "974",
    id_action: "D1",
    siret: S1,
    familles: "2",
    parents_impliques: "1",
    intervenants_salaries: "1",
    intervenants_benevoles: "0",
    intervenants_formation: "1",
    budget_total: "1 000",
    montant_ps: "500",
    montant_fonds_locaux: "",
  }),
  // 13 — rejected (a date that does not exist): a slice with rejects only
  action({ departement: "13", id_action: "E1", date_fin: "31/02/2025" }),
  // rejected, département invalid: counts at FR only
  action({ departement: "99", id_action: "F1" }),
  // rejected, campagne invalid: counts nowhere
  action({ campagne: "2024", id_action: "G1" }),
];

const COLLECTIFS = [
  // A1: 2 × 90 min × 30 weeks = 90 h; 10 children → 900 h
  collectif({
    id_action: "A1",
    id_collectif: "C1",
    niveau: "Élémentaire",
    enfants: "10",
    filles: "4",
    seances_semaine: "2",
    duree_seance: "90",
    semaines: "30",
    adresse: "1 rue A",
    code_insee: "78440",
  }),
  // A1: 2 × 120 min × 28 weeks = 112 h; 12 children → 1 344 h; same place as C1 (address differs only in case and punctuation)
  collectif({
    id_action: "A1",
    id_collectif: "C2",
    niveau: "Collège",
    enfants: "12",
    filles: "",
    seances_semaine: "2",
    duree_seance: "2h",
    semaines: "28",
    adresse: "1, Rue  A",
    code_insee: "78440",
  }),
  // A2 (rural): maternelle, 6 children, 1 intervenant, 1 × 120 min × 27 weeks = 54 h → 324 h; no address: a place of its own
  collectif({
    id_action: "A2",
    id_collectif: "C1",
    niveau: "Maternelle",
    enfants: "6",
    filles: "3",
    intervenants: "1",
    seances_semaine: "1",
    duree_seance: "120",
    semaines: "27",
    adresse: "",
    code_insee: "78440",
  }),
  // B1: lycée, 8 children, 2 × 90 × 27 = 81 h → 648 h; same address as A1's but another commune: another place
  collectif({
    departement: "2A",
    id_action: "B1",
    id_collectif: "C1",
    niveau: "Lycée",
    enfants: "8",
    filles: "8",
    seances_semaine: "2",
    duree_seance: "90",
    semaines: "27",
    adresse: "1 rue A",
    code_insee: "2A004",
    lieu_accessible_parents: "non",
  }),
  // rejected: orphan collectif in 2A
  collectif({ departement: "2A", id_action: "B9", id_collectif: "C1", code_insee: "2A004" }),
];

const ZERO_SLICE = {
  porteurs: 0,
  actions: 0,
  actions_rurales: 0,
  collectifs: 0,
  lieux: 0,
  enfants: 0,
  enfants_elementaire: 0,
  enfants_college: 0,
  enfants_lycee: 0,
  enfants_autre: 0,
  filles: 0,
  familles: 0,
  parents_impliques: 0,
  intervenants_salaries: 0,
  intervenants_benevoles: 0,
  heures_accompagnement: 0,
  heures_enfants: 0,
  budget_total: 0,
  montant_ps: 0,
  montant_fonds_locaux: 0,
  cofinancements: 0,
  part_caf: null,
  cout_par_enfant: null,
  enfants_par_collectif: null,
  taux_rural: null,
  taux_conformite: null,
  taux_public: null,
  taux_taille: null,
  taux_encadrement: null,
  taux_regularite: null,
  taux_lieu_parents: null,
  taux_collectif: null,
  taux_axe_enfants: null,
  taux_axe_parents: null,
  taux_axe_ecole: null,
  taux_axe_territoire: null,
  taux_coordination: null,
  taux_cofinancement: null,
  taux_gratuite: null,
  taux_calendrier: null,
  taux_formation: null,
  couverture_4_axes: null,
};

const EXPECTED = [
  {
    campagne: "2024-2025",
    departement: "13",
    departement_nom: "Bouches-du-Rhône",
    ...ZERO_SLICE,
    lignes_rejetees: 1,
  },
  {
    campagne: "2024-2025",
    departement: "2A",
    departement_nom: "Corse-du-Sud",
    porteurs: 1,
    actions: 1,
    actions_rurales: 0,
    collectifs: 1,
    lieux: 1,
    enfants: 8,
    enfants_elementaire: 0,
    enfants_college: 0,
    enfants_lycee: 8,
    enfants_autre: 0,
    filles: 8,
    familles: 8,
    parents_impliques: 4,
    intervenants_salaries: 1,
    intervenants_benevoles: 1,
    heures_accompagnement: 81,
    heures_enfants: 648,
    budget_total: 8000,
    montant_ps: 3000,
    montant_fonds_locaux: 0,
    cofinancements: 5000,
    part_caf: 3000 / 8000,
    cout_par_enfant: 1000,
    enfants_par_collectif: 8,
    taux_rural: 0,
    taux_conformite: 0,
    taux_public: 1,
    taux_taille: 1,
    taux_encadrement: 1,
    taux_regularite: 1,
    taux_lieu_parents: 0,
    taux_collectif: 1,
    taux_axe_enfants: 1,
    taux_axe_parents: 1,
    taux_axe_ecole: 1,
    taux_axe_territoire: 1,
    taux_coordination: 1,
    taux_cofinancement: 1,
    taux_gratuite: 1,
    taux_calendrier: 1,
    taux_formation: 1,
    couverture_4_axes: 1,
    lignes_rejetees: 1,
  },
  {
    campagne: "2024-2025",
    departement: "78",
    departement_nom: "Yvelines",
    porteurs: 2,
    actions: 3,
    actions_rurales: 1,
    collectifs: 3,
    lieux: 2,
    enfants: 28,
    enfants_elementaire: 10,
    enfants_college: 12,
    enfants_lycee: 0,
    enfants_autre: 6,
    filles: 7,
    familles: 15,
    parents_impliques: 11,
    intervenants_salaries: 3,
    intervenants_benevoles: 2,
    heures_accompagnement: 90 + 112 + 54,
    heures_enfants: 900 + 1344 + 324,
    budget_total: 17000,
    montant_ps: 8500,
    montant_fonds_locaux: 1600,
    cofinancements: 2500.5 + 900,
    part_caf: 10100 / 17000,
    cout_par_enfant: 17000 / 28,
    enfants_par_collectif: 28 / 3,
    taux_rural: 1 / 3,
    taux_conformite: 1 / 3,
    taux_public: 2 / 3,
    taux_taille: 1,
    taux_encadrement: 1,
    taux_regularite: 1,
    taux_lieu_parents: 1,
    taux_collectif: 2 / 3,
    taux_axe_enfants: 1,
    taux_axe_parents: 2 / 3,
    taux_axe_ecole: 1,
    taux_axe_territoire: 1,
    taux_coordination: 2 / 3,
    taux_cofinancement: 2 / 3,
    taux_gratuite: 2 / 3,
    taux_calendrier: 1,
    taux_formation: 1 / 3,
    couverture_4_axes: 2 / 3,
    lignes_rejetees: 1,
  },
  {
    campagne: "2024-2025",
    departement: "974",
    departement_nom: "La Réunion",
    ...ZERO_SLICE,
    porteurs: 1,
    actions: 1,
    familles: 2,
    parents_impliques: 1,
    intervenants_salaries: 1,
    budget_total: 1000,
    montant_ps: 500,
    part_caf: 0.5,
    taux_rural: 0,
    taux_conformite: 0,
    taux_collectif: 0,
    taux_axe_enfants: 1,
    taux_axe_parents: 1,
    taux_axe_ecole: 1,
    taux_axe_territoire: 1,
    taux_coordination: 1,
    taux_cofinancement: 1,
    taux_gratuite: 1,
    taux_calendrier: 1,
    taux_formation: 1,
    couverture_4_axes: 1,
    lignes_rejetees: 0,
  },
  {
    campagne: "2024-2025",
    departement: "FR",
    departement_nom: "France",
    porteurs: 3,
    actions: 5,
    actions_rurales: 1,
    collectifs: 4,
    lieux: 3,
    enfants: 36,
    enfants_elementaire: 10,
    enfants_college: 12,
    enfants_lycee: 8,
    enfants_autre: 6,
    filles: 15,
    familles: 25,
    parents_impliques: 16,
    intervenants_salaries: 5,
    intervenants_benevoles: 3,
    heures_accompagnement: 337,
    heures_enfants: 3216,
    budget_total: 26000,
    montant_ps: 12000,
    montant_fonds_locaux: 1600,
    cofinancements: 8400.5,
    part_caf: 13600 / 26000,
    cout_par_enfant: 26000 / 36,
    enfants_par_collectif: 9,
    taux_rural: 1 / 5,
    taux_conformite: 1 / 5,
    taux_public: 3 / 4,
    taux_taille: 1,
    taux_encadrement: 1,
    taux_regularite: 1,
    taux_lieu_parents: 3 / 4,
    taux_collectif: 3 / 5,
    taux_axe_enfants: 1,
    taux_axe_parents: 4 / 5,
    taux_axe_ecole: 1,
    taux_axe_territoire: 1,
    taux_coordination: 4 / 5,
    taux_cofinancement: 4 / 5,
    taux_gratuite: 4 / 5,
    taux_calendrier: 1,
    taux_formation: 3 / 5,
    couverture_4_axes: 4 / 5,
    lignes_rejetees: 4,
  },
];

function expectClose(actual: Record<string, unknown>, expected: Record<string, unknown>) {
  expect(Object.keys(actual)).toEqual(KEYS);
  for (const key of KEYS) {
    // a key not written out is null: no list of agreed actions in this export
    const e = key in expected ? expected[key] : null;
    const a = actual[key];
    if (typeof e === "number" && typeof a === "number") {
      expect(a, `${expected.departement} ${key}`).toBeCloseTo(e, 9);
    } else expect(a, `${expected.departement} ${key}`).toEqual(e);
  }
}

let db: string;

beforeAll(async () => {
  const dir = tempDir();
  db = path.join(dir, "clas.duckdb");
  const result = await cli("ingest", "--db", db, ...writeExport(dir, ACTIONS, COLLECTIFS));
  expect(result.status).toBe(0);
});

describe("clas indicators", () => {
  it("--format json: one row per slice and FR, in order, every indicator as computed by hand", async () => {
    const result = await cli("indicators", "--db", db, "--format", "json");
    expect(result.status).toBe(0);
    const rows = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(rows.map((r) => r.departement)).toEqual(["13", "2A", "78", "974", "FR"]);
    rows.forEach((row, i) => expectClose(row, EXPECTED[i]!));
  });

  it("--format csv: the same rows as RFC 4180, empty fields for null, no BOM", async () => {
    const result = await cli("indicators", "--db", db, "--format", "csv");
    const lines = result.stdout.split("\r\n");
    expect(result.stdout.charCodeAt(0)).not.toBe(0xfeff);
    expect(lines[0]).toBe(KEYS.join(","));
    expect(lines).toHaveLength(EXPECTED.length + 2); // header, rows, final empty string
    const first = lines[1]!.split(",");
    expect(first.slice(0, 5)).toEqual(["2024-2025", "13", "Bouches-du-Rhône", "0", "0"]);
    expect(first[KEYS.indexOf("part_caf")]).toBe("");
    expect(first[KEYS.indexOf("lignes_rejetees")]).toBe("1");
    const fr = lines[5]!.split(",");
    expect(Number(fr[KEYS.indexOf("part_caf")])).toBeCloseTo(13600 / 26000, 12);
  });

  it("--campagne filters; an unknown campagne or a missing database is an error", async () => {
    const one = await cli("indicators", "--db", db, "--campagne", "2024-2025", "--format", "json");
    expect(JSON.parse(one.stdout)).toHaveLength(5);
    const unknown = await cli(
      "indicators",
      "--db",
      db,
      "--campagne",
      "2019-2020",
      "--format",
      "json",
    );
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe(
      "campagne 2019-2020 absente de la base (campagnes présentes : 2024-2025)\n",
    );
    const missing = await cli(
      "indicators",
      "--db",
      path.join(tempDir(), "none.duckdb"),
      "--format",
      "json",
    );
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("base de données introuvable");
  });

  it("an empty database prints [] (or the header alone)", async () => {
    const empty = path.join(tempDir(), "empty.duckdb");
    const { DuckDBInstance } = await import("@duckdb/node-api");
    (await DuckDBInstance.create(empty)).closeSync();
    expect((await cli("indicators", "--db", empty, "--format", "json")).stdout).toBe("[]\n");
    expect((await cli("indicators", "--db", empty, "--format", "csv")).stdout).toBe(
      KEYS.join(",") + "\r\n",
    );
  });
});

describe("clas explain", () => {
  it("prints every rule with its result, the values looked at and the quote", async () => {
    const result = await cli("explain", "--db", db, "A2");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      "Conforme au référentiel : non — règles bloquantes non respectées : PUBLIC, AXE_PARENTS, COFINANCEMENT",
    );
    expect(result.stdout).toContain("NON — collectif C1 : niveau : Maternelle");
    expect(result.stdout).toContain("[NON respectée] GRATUITE (avertissement)");
    expect(result.stdout).toContain(
      "référentiel : « la participation financière potentiellement demandée aux familles doit rester symbolique »",
    );
    expect(result.stdout).toContain(
      "prestation de service Clas : 3\u202f500,00\u00a0€ ; fonds locaux Caf : 600,00\u00a0€ ; coût total : 5\u202f000,00\u00a0€",
    );
  });

  it("--format json gives the same, for tools", async () => {
    const result = await cli("explain", "--db", db, "--format", "json", "A3");
    const [e] = JSON.parse(result.stdout);
    expect(e.conforme).toBe(false);
    expect(e.rules.find((r: { id: string }) => r.id === "COLLECTIF")).toMatchObject({
      passed: false,
      checks: [{ values: { collectifs: 0 } }],
    });
    expect(e.rules.find((r: { id: string }) => r.id === "PUBLIC")).toMatchObject({
      passed: null,
      checks: [],
    });
  });

  it("an unknown or rejected action is an error naming it", async () => {
    const result = await cli("explain", "--db", db, "A4");
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("aucune action retenue avec le N° dossier A4");
  });
});
