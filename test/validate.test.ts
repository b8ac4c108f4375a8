// One test per validity rule of the export format, at the validator's level (the
// whole-file reference: plain JavaScript, milliseconds a case); a representative
// set of the same cases goes through the one ingest too, which must decide them
// exactly as the validator does (the property tests do so on random exports).
import { describe, expect, it } from "vitest";
import type { Batch, Problem } from "../loaders/export/types.js";
import { action, collectif, type Row } from "./helpers/export.js";
import { rowsAsFiles, throughIngest, validateFiles } from "./helpers/validator.js";

/** Every case of this file, in order, for the ingest's representative set. */
const cases: ReturnType<typeof rowsAsFiles>[] = [];

function checkRows(actions: Row[], collectifs: Row[]): Promise<Batch> {
  const files = rowsAsFiles(actions, collectifs);
  cases.push(files);
  return validateFiles(files);
}

function onlyReject(batch: Batch): Problem[] {
  expect(batch.rejects).toHaveLength(1);
  return batch.rejects[0]!.problems;
}

/** The problems of the one rejected action (its collectif is then rejected too, as « action rejetée »). */
async function actionProblems(overrides: Record<string, string>): Promise<Problem[]> {
  const batch = await checkRows([action(overrides)], [collectif()]);
  const rejected = batch.rejects.filter((r) => r.table === "Actions");
  expect(rejected).toHaveLength(1);
  return rejected[0]!.problems;
}

async function collectifProblems(overrides: Record<string, string>): Promise<Problem[]> {
  return onlyReject(await checkRows([action()], [collectif(overrides)]));
}

async function warnings(
  actionOverrides: Record<string, string>,
  collectifOverrides: Record<string, string> = {},
) {
  const batch = await checkRows([action(actionOverrides)], [collectif(collectifOverrides)]);
  expect(batch.rejects).toEqual([]);
  return { batch, problems: batch.warnings.flatMap((w) => w.problems) };
}

describe("a valid export", () => {
  it("accepts every row and stores typed values", async () => {
    const batch = await checkRows([action()], [collectif()]);
    expect(batch.rejects).toEqual([]);
    expect(batch.warnings).toEqual([]);
    const a = batch.actions[0]!.values;
    expect(a.budget_total).toBe(2_450_000n);
    expect(a.montant_fonds_locaux).toBe(150_000n);
    expect(a.date_debut).toBe("2024-11-04");
    expect(a.obj_enf_1).toBe(true);
    expect(a.cofin_departement).toBeNull();
    expect(batch.collectifs[0]!.values.duree_seance).toBe(90);
    expect(batch.slices).toEqual([{ campagne: "2024-2025", departement: "78" }]);
  });
});

describe("required columns reject the row", () => {
  it("campagne: two consecutive years", async () => {
    const p = await actionProblems({ campagne: "2024-2026" });
    expect(p).toEqual([
      {
        column: "Campagne",
        value: "2024-2026",
        message: "campagne attendue au format AAAA-AAAA, deux années consécutives (ex. 2024-2025)",
      },
    ]);
  });

  it("département: an unknown code", async () => {
    const p = await actionProblems({ departement: "20" });
    expect(p[0]).toMatchObject({ column: "Département", value: "20" });
    expect(p[0]!.message).toContain("code département inconnu");
  });

  it("N° dossier: empty", async () => {
    const p = await actionProblems({ id_action: "" });
    expect(p).toEqual([
      { column: "N° dossier", value: "", message: "valeur obligatoire manquante" },
    ]);
  });

  it("SIRET: 14 digits", async () => {
    const p = await actionProblems({ siret: "7820154300001" });
    expect(p).toEqual([
      { column: "SIRET", value: "7820154300001", message: "SIRET attendu : 14 chiffres" },
    ]);
  });

  it("SIRET: failing Luhn check", async () => {
    const p = await actionProblems({ siret: "782 015 430 00014" });
    expect(p[0]!.message).toBe("SIRET invalide : la clé de contrôle (formule de Luhn) est fausse");
  });

  it("SIRET: La Poste's digit sum divisible by 5", async () => {
    // digit sums: 3+5+6+4+8 = 26 fails; 3+5+6+1 = 15 passes (neither is Luhn-valid)
    const p = await actionProblems({ siret: "35600000000048" });
    expect(p[0]!.message).toBe(
      "SIRET invalide : la somme des chiffres d'un SIRET de La Poste doit être divisible par 5",
    );
    const ok = await checkRows([action({ siret: "35600000000001" })], [collectif()]);
    expect(ok.rejects).toEqual([]);
  });

  it("Porteur: non-empty", async () => {
    const p = await actionProblems({ porteur_nom: "  " });
    expect(p).toEqual([{ column: "Porteur", value: "", message: "valeur obligatoire manquante" }]);
  });

  it("Type de structure: one of the list", async () => {
    const p = await actionProblems({ type_structure: "Fondation" });
    expect(p[0]!.message).toBe(
      "valeur inattendue : attendu Centre social · Association locale ou de quartier · Association affiliée à un réseau national · Collectivité (commune ou EPCI) · CCAS · Autre",
    );
  });

  it("Intitulé de l'action: non-empty", async () => {
    const p = await actionProblems({ action_nom: "" });
    expect(p[0]!.column).toBe("Intitulé de l'action");
  });

  it("Milieu rural: a boolean, empty rejects", async () => {
    expect((await actionProblems({ rural: "" }))[0]!.message).toBe("valeur obligatoire manquante");
    expect((await actionProblems({ rural: "peut-être" }))[0]!.message).toBe(
      "valeur inattendue : attendu oui ou non (o/n, 1/0, vrai/faux, x pour oui)",
    );
  });

  it("Date de début: a date that exists", async () => {
    const p = await actionProblems({ date_debut: "31/02/2025" });
    expect(p).toEqual([
      { column: "Date de début", value: "31/02/2025", message: "date inexistante" },
    ]);
  });

  it("Date de début: a date format", async () => {
    const p = await actionProblems({ date_debut: "4 novembre 2024" });
    expect(p[0]!.message).toBe("date attendue au format JJ/MM/AAAA ou AAAA-MM-JJ");
  });

  it("Date de fin: not before the start", async () => {
    const p = await actionProblems({ date_debut: "2024-11-04", date_fin: "03/11/2024" });
    expect(p[0]).toMatchObject({ column: "Date de fin", value: "03/11/2024" });
    expect(p[0]!.message).toContain("la date de fin précède la date de début");
  });

  it("Familles: a negative count says it is negative", async () => {
    const p = await actionProblems({ familles: "-3" });
    expect(p).toEqual([
      {
        column: "Familles",
        value: "-3",
        message: "valeur négative : un nombre positif ou nul est attendu",
      },
    ]);
  });

  it("Parents impliqués: an integer, 12,0 accepted, 12,5 rejected", async () => {
    const ok = await checkRows([action({ parents_impliques: "12,0" })], [collectif()]);
    expect(ok.actions[0]!.values.parents_impliques).toBe(12);
    const p = await actionProblems({ parents_impliques: "12,5" });
    expect(p[0]!.message).toBe("nombre entier attendu : pas de décimales");
  });

  it("objective boxes: empty means non, other text rejects", async () => {
    const ok = await checkRows([action({ obj_par_2: "" })], [collectif()]);
    expect(ok.actions[0]!.values.obj_par_2).toBe(false);
    const p = await actionProblems({ obj_par_2: "peut-être" });
    expect(p[0]!.column).toBe("PAR2");
  });

  it("Coordinateur désigné: required boolean", async () => {
    expect((await actionProblems({ coordinateur: "" }))[0]!.column).toBe("Coordinateur désigné");
  });

  it("Intervenants salariés and bénévoles: ≥ 0", async () => {
    expect((await actionProblems({ intervenants_salaries: "-1" }))[0]!.column).toBe(
      "Intervenants salariés",
    );
    expect((await actionProblems({ intervenants_benevoles: "deux" }))[0]!.message).toBe(
      "nombre entier attendu (ex. 12)",
    );
  });

  it("Coût total: strictly positive", async () => {
    const p = await actionProblems({ budget_total: "0,00 €" });
    expect(p[0]!.message).toBe("montant nul : un montant strictement positif est attendu");
  });

  it("Prestation de service Clas: required, ≥ 0", async () => {
    expect((await actionProblems({ montant_ps: "" }))[0]!.message).toBe(
      "valeur obligatoire manquante",
    );
    expect((await actionProblems({ montant_ps: "-10" }))[0]!.message).toBe(
      "montant négatif : un montant positif ou nul est attendu",
    );
  });

  it("N° collectif: required", async () => {
    const p = await collectifProblems({ id_collectif: "" });
    expect(p).toEqual([
      { column: "N° collectif", value: "", message: "valeur obligatoire manquante" },
    ]);
  });

  it("Niveau: one of the list (maternelle is valid data)", async () => {
    const ok = await checkRows([action()], [collectif({ niveau: "MATERNELLE" })]);
    expect(ok.collectifs[0]!.values.niveau).toBe("Maternelle");
    const p = await collectifProblems({ niveau: "CE2" });
    expect(p[0]!.message).toBe(
      "valeur inattendue : attendu Élémentaire · Collège · Lycée · Maternelle · Autre",
    );
  });

  it("Enfants inscrits, Intervenants: ≥ 0", async () => {
    expect((await collectifProblems({ enfants: "-1" }))[0]!.column).toBe("Enfants inscrits");
    expect((await collectifProblems({ intervenants: "1,5" }))[0]!.column).toBe("Intervenants");
  });

  it("Séances par semaine: 0–14", async () => {
    const p = await collectifProblems({ seances_semaine: "15" });
    expect(p[0]!.message).toBe("valeur attendue entre 0 et 14");
  });

  it("Durée d'une séance: 0–600 minutes, known forms only", async () => {
    expect((await collectifProblems({ duree_seance: "11h" }))[0]!.message).toBe(
      "durée attendue entre 0 et 600 minutes (660 min lues)",
    );
    expect((await collectifProblems({ duree_seance: "une heure" }))[0]!.message).toBe(
      "durée attendue en minutes (90) ou en heures (1h30, 1h, 1,5 h, 1:30)",
    );
  });

  it("Semaines de fonctionnement: 0–53", async () => {
    expect((await collectifProblems({ semaines: "54" }))[0]!.message).toBe(
      "valeur attendue entre 0 et 53",
    );
  });

  it("Lieu: non-empty; Type de lieu: one of the list", async () => {
    expect((await collectifProblems({ lieu_nom: "" }))[0]!.column).toBe("Lieu");
    expect((await collectifProblems({ lieu_type: "Gymnase" }))[0]!.column).toBe("Type de lieu");
  });

  it("Code commune: unknown code", async () => {
    const p = await collectifProblems({ code_insee: "78999" });
    expect(p).toEqual([
      {
        column: "Code commune",
        value: "78999",
        message:
          "code commune inconnu du code officiel géographique (COG) : code INSEE d'une commune actuelle attendu",
      },
    ]);
  });

  it("Lieu accessible aux parents: required boolean", async () => {
    expect((await collectifProblems({ lieu_accessible_parents: "" }))[0]!.column).toBe(
      "Lieu accessible aux parents",
    );
  });

  it("records every problem of a row", async () => {
    const p = await actionProblems({ siret: "123", familles: "x", date_debut: "" });
    expect(p.map((x) => x.column)).toEqual(["SIRET", "Date de début", "Familles"]);
  });
});

describe("optional columns drop the value with a warning", () => {
  it("Action REAAP: not a boolean", async () => {
    const { batch, problems } = await warnings({ reaap: "peut-être" });
    expect(batch.actions[0]!.values.reaap).toBeNull();
    expect(problems[0]!.message).toBe(
      "valeur inattendue : attendu oui ou non (o/n, 1/0, vrai/faux, x pour oui) ; valeur ignorée",
    );
  });

  it("Projet éducatif territorial: unknown value", async () => {
    const { batch, problems } = await warnings({ projet_educatif: "Contrat de ville" });
    expect(batch.actions[0]!.values.projet_educatif).toBeNull();
    expect(problems[0]!.column).toBe("Projet éducatif territorial");
  });

  it("Niveau du coordinateur: unknown level dropped, aliases read", async () => {
    const { batch } = await warnings({ coordinateur_niveau: "Bac+4" });
    expect(batch.actions[0]!.values.coordinateur_niveau).toBe("Bac+3");
    const dropped = await warnings({ coordinateur_niveau: "Brevet des collèges" });
    expect(dropped.batch.actions[0]!.values.coordinateur_niveau).toBeNull();
    expect(dropped.problems[0]!.column).toBe("Niveau du coordinateur");
  });

  it("Intervenants en formation: not above salariés + bénévoles", async () => {
    const { batch, problems } = await warnings({ intervenants_formation: "6" });
    expect(batch.actions[0]!.values.intervenants_formation).toBeNull();
    expect(problems[0]!.message).toBe(
      "intervenants en formation (6) plus nombreux que les intervenants salariés et bénévoles (5) ; valeur ignorée",
    );
  });

  it("Participation des familles and co-funders: negative money dropped", async () => {
    const { batch, problems } = await warnings({ participation_familles: "-5", cofin_etat: "abc" });
    expect(batch.actions[0]!.values.participation_familles).toBeNull();
    expect(batch.actions[0]!.values.cofin_etat).toBeNull();
    expect(problems.map((p) => p.column)).toEqual([
      "Participation annuelle des familles",
      "Cofinancement État",
    ]);
  });

  it("Fonds locaux Caf: empty reads as 0, and so does an invalid value", async () => {
    const empty = await checkRows([action({ montant_fonds_locaux: "" })], [collectif()]);
    expect(empty.actions[0]!.values.montant_fonds_locaux).toBe(0n);
    const { batch } = await warnings({ montant_fonds_locaux: "n.c." });
    expect(batch.actions[0]!.values.montant_fonds_locaux).toBe(0n);
  });

  it("money with more than two decimals is rounded half-even, with a warning", async () => {
    const { batch, problems } = await warnings({
      cofin_commune: "100,125",
      cofin_autres: "100,135",
    });
    expect(batch.actions[0]!.values.cofin_commune).toBe(10012n);
    expect(batch.actions[0]!.values.cofin_autres).toBe(10014n);
    expect(problems[0]!.message).toBe("montant arrondi au centime : 100,125 lu 100,12\u00a0€");
  });

  it("dont filles: not above the children", async () => {
    const { batch, problems } = await warnings({}, { enfants: "10", filles: "11" });
    expect(batch.collectifs[0]!.values.filles).toBeNull();
    expect(problems[0]).toEqual({
      column: "dont filles",
      value: "11",
      message: "« dont filles » (11) dépasse « Enfants inscrits » (10) ; valeur ignorée",
    });
  });

  it("Code postal: 5 digits", async () => {
    const { batch, problems } = await warnings({}, { code_postal: "7813" });
    expect(batch.collectifs[0]!.values.code_postal).toBeNull();
    expect(problems[0]!.message).toBe("code postal attendu : 5 chiffres ; valeur ignorée");
  });

  it("a lone latitude: one warning for the pair", async () => {
    const { batch, problems } = await warnings({}, { latitude: "48,99", longitude: "" });
    expect(batch.collectifs[0]!.values.latitude).toBeNull();
    expect(problems).toEqual([
      {
        column: "Latitude / Longitude",
        value: "48,99 ; ",
        message: "latitude et longitude doivent être données ensemble ; valeurs ignorées",
      },
    ]);
  });

  it("coordinates outside France's boxes are dropped; overseas boxes accepted", async () => {
    const { batch, problems } = await warnings({}, { latitude: "40,4", longitude: "-3,7" });
    expect(batch.collectifs[0]!.values.longitude).toBeNull();
    expect(problems[0]!.message).toContain("hors de France");
    const reunion = await checkRows(
      [action({ departement: "974" })],
      [
        collectif({
          departement: "974",
          code_insee: "97411",
          latitude: "-20,88",
          longitude: "55,45",
        }),
      ],
    );
    expect(reunion.collectifs[0]!.values.latitude).toBe(-20.88);
  });

  it("a bad half of the pair drops both, with one warning", async () => {
    const { problems } = await warnings({}, { latitude: "nord", longitude: "1,9" });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.column).toBe("Latitude / Longitude");
  });

  it("a warning on a rejected row is kept too", async () => {
    const batch = await checkRows([action()], [collectif({ enfants: "", code_postal: "1" })]);
    expect(batch.rejects).toHaveLength(1);
    expect(batch.warnings[0]!.problems[0]!.column).toBe("Code postal");
  });
});

describe("communes", () => {
  it("a municipal arrondissement reads as its commune, silently", async () => {
    const batch = await checkRows(
      [action({ departement: "69" })],
      [collectif({ departement: "69", code_insee: "69383" })],
    );
    expect(batch.warnings).toEqual([]);
    expect(batch.collectifs[0]!.values.code_insee).toBe("69123");
  });

  it("a former code reads as the current commune, with a warning", async () => {
    const batch = await checkRows(
      [action({ departement: "44" })],
      [collectif({ departement: "44", code_insee: "44160" })],
    );
    expect(batch.collectifs[0]!.values.code_insee).toBe("44003");
    expect(batch.warnings[0]!.problems[0]!.message).toBe(
      "ancien code de commune : lu comme la commune actuelle 44003 (Ancenis-Saint-Géréon)",
    );
  });

  it("a commune outside the action's département is a warning; the collectif stays", async () => {
    const batch = await checkRows([action()], [collectif({ code_insee: "75056" })]);
    expect(batch.collectifs).toHaveLength(1);
    expect(batch.collectifs[0]!.values.departement).toBe("78");
    expect(batch.warnings[0]!.problems[0]!.message).toContain(
      "est dans le département 75, pas dans le département 78",
    );
  });
});

describe("keys", () => {
  it("a duplicate action: the second row is rejected, the first kept", async () => {
    const batch = await checkRows([action(), action({ porteur_nom: "Autre" })], [collectif()]);
    expect(batch.actions).toHaveLength(1);
    expect(batch.actions[0]!.row).toBe(2);
    expect(batch.rejects[0]!.row).toBe(3);
    expect(batch.rejects[0]!.problems[0]!.message).toBe(
      "doublon : cette action a déjà été lue ligne 2 de actions.csv (même campagne, département et numéro)",
    );
  });

  it("the first row with a valid key claims it even when rejected for another reason", async () => {
    const batch = await checkRows([action({ familles: "-1" }), action()], [collectif()]);
    expect(batch.actions).toHaveLength(0);
    expect(batch.rejects.map((r) => r.row)).toEqual([2, 3, 2]);
    expect(batch.rejects[1]!.problems[0]!.message).toContain("doublon");
  });

  it("a row whose key is invalid claims nothing", async () => {
    const batch = await checkRows([action({ departement: "99" }), action()], [collectif()]);
    expect(batch.actions).toHaveLength(1);
    expect(batch.rejects).toHaveLength(1);
  });

  it("identifiers are compared exactly, after trimming", async () => {
    const batch = await checkRows(
      [action({ id_action: " A1 " }), action({ id_action: "a1" })],
      [collectif()],
    );
    expect(batch.actions).toHaveLength(2);
  });

  it("a duplicate collectif within its action", async () => {
    const batch = await checkRows([action()], [collectif(), collectif({ enfants: "9" })]);
    expect(batch.collectifs).toHaveLength(1);
    expect(batch.rejects[0]!.key).toBe("A1/C1");
    expect(batch.rejects[0]!.problems[0]!.message).toContain(
      "doublon : ce collectif a déjà été lu ligne 2",
    );
  });

  it("an orphan collectif is rejected", async () => {
    const batch = await checkRows([action()], [collectif({ id_action: "A9" })]);
    expect(batch.rejects[0]!.problems).toEqual([
      {
        column: "N° dossier",
        value: "A9",
        message:
          "action inconnue : aucune action A9 de la campagne 2024-2025 dans le département 78 dans cet import",
      },
    ]);
  });

  it("a collectif of a rejected action is rejected", async () => {
    const batch = await checkRows([action({ date_fin: "31/02/2025" })], [collectif()]);
    expect(batch.rejects).toHaveLength(2);
    expect(batch.rejects[1]!.problems[0]!.message).toBe(
      "action rejetée : l'action A1 (ligne 2 de actions.csv) a été rejetée, ses collectifs ne peuvent pas être retenus",
    );
  });

  it("slices come from every row with a valid campagne and département, rejected ones too", async () => {
    const batch = await checkRows(
      [
        action(),
        action({ id_action: "A2", departement: "2a", familles: "-1" }),
        action({ campagne: "x", departement: "13" }),
      ],
      [collectif()],
    );
    expect(batch.slices).toEqual([
      { campagne: "2024-2025", departement: "2A" },
      { campagne: "2024-2025", departement: "78" },
    ]);
  });
});

describe("values as the format reads them", () => {
  it.each([
    ["1 234,50 €", 123_450n],
    ["1\u00a0234,50\u00a0€", 123_450n],
    ["1\u202f234,50 €", 123_450n],
    ["12 000,00 €", 1_200_000n],
    ["1234.5", 123_450n],
    ["1.234", 123n],
  ])("money %j reads as %d cents", async (raw, cents) => {
    const batch = await checkRows([action({ cofin_autres: raw })], [collectif()]);
    expect(batch.actions[0]!.values.cofin_autres).toBe(cents);
  });

  it.each([
    ["90", 90],
    ["1h30", 90],
    ["1h", 60],
    ["2 h", 120],
    ["1:30", 90],
    ["1,5 h", 90],
  ])("duration %j reads as %d minutes", async (raw, minutes) => {
    const batch = await checkRows([action()], [collectif({ duree_seance: raw })]);
    expect(batch.collectifs[0]!.values.duree_seance).toBe(minutes);
  });

  it.each([
    ["1", "01", "01001"],
    ["2a", "2A", "2A004"],
    ["2B", "2B", "2B033"],
    ["971", "971", "97105"],
  ])("département %j reads as %j", async (raw, code, commune) => {
    const batch = await checkRows(
      [action({ departement: raw })],
      [collectif({ departement: raw, code_insee: commune })],
    );
    expect(batch.rejects).toEqual([]);
    expect(batch.actions[0]!.values.departement).toBe(code);
    expect(batch.collectifs[0]!.values.departement).toBe(code);
  });

  it.each([
    ["oui", true],
    ["O", true],
    ["1", true],
    ["Vrai", true],
    ["x", true],
    ["NON", false],
    ["n", false],
    ["0", false],
    ["faux", false],
  ])("boolean %j reads as %s", async (raw, value) => {
    const batch = await checkRows([action({ qpv: raw })], [collectif()]);
    expect(batch.actions[0]!.values.qpv).toBe(value);
  });

  it("enumerated values match case-, accent- and punctuation-insensitively", async () => {
    const batch = await checkRows(
      [action({ type_structure: "collectivite commune ou epci" })],
      [collectif({ lieu_type: "ETABLISSEMENT SCOLAIRE", niveau: "college" })],
    );
    expect(batch.actions[0]!.values.type_structure).toBe("Collectivité (commune ou EPCI)");
    expect(batch.collectifs[0]!.values.lieu_type).toBe("Établissement scolaire");
    expect(batch.collectifs[0]!.values.niveau).toBe("Collège");
  });

  it("SIRET with spaces is read as its digits", async () => {
    const batch = await checkRows([action({ siret: "782 015 430 00013" })], [collectif()]);
    expect(batch.actions[0]!.values.siret).toBe("78201543000013");
  });
});

describe("the one ingest", () => {
  it("decides every sixth case of this file exactly as the validator does", async () => {
    const chosen = cases.filter((_, i) => i % 6 === 0);
    expect(chosen.length).toBeGreaterThan(10);
    for (const files of chosen) await throughIngest(files);
  });
});
