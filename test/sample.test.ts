import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readDepartements } from "../loaders/geo/load.js";
import { cli, query, tempDir } from "./helpers/warehouse.js";

interface Row {
  [k: string]: number | string | null;
}

let dir: string;
let db: string;
let fr: Row;
let departements: Row[];

async function sample(out: string, ...args: string[]): Promise<string[]> {
  const result = await cli("sample", "--out", out, ...args);
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.trim().split("\n").slice(1);
}

beforeAll(async () => {
  dir = tempDir();
  db = path.join(dir, "clas.duckdb");
  const files = await sample(path.join(dir, "s1"));
  expect((await cli("ingest", "--db", db, ...files)).status).toBe(0);
  const rows = JSON.parse(
    (await cli("indicators", "--db", db, "--format", "json")).stdout,
  ) as Row[];
  fr = rows.find((r) => r.departement === "FR")!;
  departements = rows.filter((r) => r.departement !== "FR");
}, 120_000);

describe("the national sample at scale 1", () => {
  it("ingests with 1–3 % of rows rejected", async () => {
    const [r] = (await query(
      db,
      "SELECT sum(lignes)::INT lus, sum(rejetees)::INT rejected FROM fichiers",
    )) as {
      lus: number;
      rejected: number;
    }[];
    expect(r!.rejected / r!.lus).toBeGreaterThanOrEqual(0.01);
    expect(r!.rejected / r!.lus).toBeLessThanOrEqual(0.03);
  });

  it("has national totals in France's ranges", () => {
    expect(fr.porteurs).toBeGreaterThanOrEqual(2500);
    expect(fr.porteurs).toBeLessThanOrEqual(3500);
    expect(fr.actions).toBeGreaterThanOrEqual(3700);
    expect(fr.actions).toBeLessThanOrEqual(4900);
    expect(fr.collectifs).toBeGreaterThanOrEqual(14500);
    expect(fr.collectifs).toBeLessThanOrEqual(19500);
    expect(fr.enfants).toBeGreaterThanOrEqual(145000);
    expect(fr.enfants).toBeLessThanOrEqual(195000);
    expect(fr.montant_ps).toBeGreaterThanOrEqual(28e6);
    expect(fr.montant_ps).toBeLessThanOrEqual(38e6);
    expect((fr.familles as number) / (fr.enfants as number)).toBeCloseTo(0.73, 1);
    expect(fr.enfants_par_collectif as number).toBeGreaterThan(9);
    expect(fr.enfants_par_collectif as number).toBeLessThan(11);
  });

  it("covers all 101 départements", async () => {
    const reference = (await readDepartements()).map((d) => d.code).sort();
    expect(reference).toHaveLength(101);
    expect(departements.map((d) => d.departement).sort()).toEqual(reference);
  });

  it("never pays more than 2,563 € of PS per collectif; Caf share mostly 30–70 %", async () => {
    // collectifs as written in the file: accepted ones and rejected ones (by their key)
    const [r] = (await query(
      db,
      `WITH written AS (
         SELECT campagne, departement, id_action, id_collectif FROM collectifs
         UNION SELECT campagne, departement, split_part(cle, '/', 1), split_part(cle, '/', 2)
         FROM rejets WHERE table_export = 'Collectifs' AND campagne IS NOT NULL AND departement IS NOT NULL
       ), k AS (SELECT campagne, departement, id_action, count(*) n FROM written GROUP BY ALL)
       SELECT count_if(a.montant_ps > 2563 * greatest(k.n, 1))::INT over_cap,
              count_if((a.montant_ps + a.montant_fonds_locaux) / a.budget_total BETWEEN 0.3 AND 0.7)::INT mid,
              count(*)::INT n
       FROM actions a LEFT JOIN k USING (campagne, departement, id_action)`,
    )) as { over_cap: number; mid: number; n: number }[];
    expect(r!.over_cap).toBe(0);
    expect(r!.mid / r!.n).toBeGreaterThan(0.7);
  });

  it("mixes levels around 50 / 42 / 8 %, differently by département", () => {
    const share = (k: string, r: Row = fr) => (r[k] as number) / (r.enfants as number);
    expect(share("enfants_elementaire")).toBeGreaterThan(0.44);
    expect(share("enfants_elementaire")).toBeLessThan(0.56);
    expect(share("enfants_college")).toBeGreaterThan(0.36);
    expect(share("enfants_college")).toBeLessThan(0.48);
    expect(share("enfants_lycee")).toBeGreaterThan(0.05);
    expect(share("enfants_lycee")).toBeLessThan(0.11);
    const big = departements.filter((d) => (d.enfants as number) > 2000);
    const shares = big.map((d) => share("enfants_elementaire", d));
    expect(Math.max(...shares) - Math.min(...shares)).toBeGreaterThan(0.05);
  });

  it("has rural actions where the rural population share is high", async () => {
    const parts = new Map((await readDepartements()).map((d) => [d.code, d.partRurale]));
    const xs = departements.map((d) => parts.get(d.departement as string)!);
    const ys = departements.map((d) => d.taux_rural as number);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const [mx, my] = [mean(xs), mean(ys)];
    const cov = mean(xs.map((x, i) => (x - mx) * (ys[i]! - my)));
    const sd = (v: number[], m: number) => Math.sqrt(mean(v.map((x) => (x - m) ** 2)));
    expect(cov / (sd(xs, mx) * sd(ys, my))).toBeGreaterThan(0.6);
  });

  it("spreads porteur types around 38 % centres sociaux and 29 % local associations", async () => {
    const rows = (await query(
      db,
      "SELECT type_structure t, count(DISTINCT siret) / (SELECT count(DISTINCT siret) FROM actions) part FROM actions GROUP BY 1",
    )) as { t: string; part: number }[];
    const share = new Map(rows.map((r) => [r.t, r.part]));
    expect(share.get("Centre social")).toBeGreaterThan(0.33);
    expect(share.get("Centre social")).toBeLessThan(0.43);
    expect(share.get("Association locale ou de quartier")).toBeGreaterThan(0.24);
    expect(share.get("Association locale ou de quartier")).toBeLessThan(0.34);
    expect(rows).toHaveLength(6);
  });

  it("places: real communes of their département, a few with coordinates, a few family homes", async () => {
    const [r] = (await query(
      db,
      `SELECT count_if(latitude IS NOT NULL) / count(*) coords,
              count_if(lieu_type = 'Domicile des familles')::INT homes,
              count_if(adresse IS NOT NULL) / count(*) addresses
       FROM collectifs`,
    )) as { coords: number; homes: number; addresses: number }[];
    expect(r!.coords).toBeGreaterThan(0.1);
    expect(r!.coords).toBeLessThan(0.5);
    expect(r!.homes).toBeGreaterThan(20);
    expect(r!.addresses).toBeGreaterThan(0.95);
    const [w] = (await query(
      db,
      "SELECT count(*)::INT n FROM avertissements WHERE message LIKE '%est dans le département%'",
    )) as { n: number }[];
    expect(w!.n).toBe(0);
  });

  it("has a list of agreed actions: most answered, 5 to 15 % not, varying; a few outside the list", () => {
    const rate = fr.taux_reponse as number;
    expect(rate).toBeGreaterThan(0.8);
    expect(rate).toBeLessThan(0.95);
    const rates = departements.map((d) => d.taux_reponse as number).filter((r) => r !== null);
    expect(rates.length).toBeGreaterThan(90);
    expect(Math.max(...rates) - Math.min(...rates)).toBeGreaterThan(0.08);
    expect(fr.actions_hors_liste as number).toBeGreaterThan(0);
    expect((fr.actions_hors_liste as number) / (fr.actions as number)).toBeLessThan(0.05);
  });

  it("makes every rule fail for a few percent, differently from one département to another", () => {
    const rules = Object.keys(fr).filter(
      (k) =>
        k.startsWith("taux_") &&
        ![
          "taux_rural",
          "taux_conformite",
          "taux_reponse",
          "taux_reponse_structures",
          "taux_visite",
        ].includes(k),
    );
    expect(rules).toHaveLength(15);
    for (const rule of rules) {
      const rate = fr[rule] as number;
      expect(rate, rule).toBeLessThan(
        rule === "taux_formation" || rule === "taux_calendrier" ? 0.95 : 0.999,
      );
      expect(rate, rule).toBeGreaterThan(0.6);
    }
    const conformity = departements
      .filter((d) => (d.actions as number) >= 40)
      .map((d) => d.taux_conformite as number);
    expect(Math.max(...conformity) - Math.min(...conformity)).toBeGreaterThan(0.2);
  });

  it("has field visits and good practices: most départements visit 5–25 % of their actions, a few alerts; a few practices, about half public", () => {
    const visiting = departements.filter((d) => d.visites !== null);
    expect(visiting.length / departements.length).toBeGreaterThan(0.7);
    expect(visiting.length).toBeLessThan(departements.length);
    for (const d of visiting) {
      expect(d.taux_visite as number, String(d.departement)).toBeGreaterThan(0.02);
      expect(d.taux_visite as number, String(d.departement)).toBeLessThan(0.35);
    }
    const alerts = (fr.visites_alerte as number) / (fr.visites as number);
    expect(alerts).toBeGreaterThan(0.02);
    expect(alerts).toBeLessThan(0.15);
    const practicing = departements.filter((d) => d.pratiques !== null);
    expect(practicing.length / departements.length).toBeGreaterThan(0.6);
    for (const d of practicing) expect(d.pratiques as number).toBeLessThanOrEqual(6);
    const publiques = (fr.pratiques_publiques as number) / (fr.pratiques as number);
    expect(publiques).toBeGreaterThan(0.35);
    expect(publiques).toBeLessThan(0.65);
  });

  it("draws warnings from optional values too", async () => {
    const [w] = (await query(db, "SELECT count(*)::INT n FROM avertissements")) as { n: number }[];
    expect(w!.n).toBeGreaterThan(100);
  });
});

describe("sample options", () => {
  it("is byte-identical for one seed, different for another", async () => {
    const a = await sample(path.join(dir, "a"), "--scale", "0.1", "--seed", "7");
    const b = await sample(path.join(dir, "b"), "--scale", "0.1", "--seed", "7");
    const c = await sample(path.join(dir, "c"), "--scale", "0.1", "--seed", "8");
    for (let i = 0; i < a.length; i++)
      expect(readFileSync(a[i]!).equals(readFileSync(b[i]!))).toBe(true);
    expect(readFileSync(a[0]!).equals(readFileSync(c[0]!))).toBe(false);
  });

  it("writes Windows-1252 `;` CSV with French numbers, like a real export", async () => {
    const [actions] = await sample(path.join(dir, "d"), "--scale", "0.05");
    const bytes = readFileSync(actions!);
    expect(bytes.includes(0xe9)).toBe(true); // é in Windows-1252
    const text = bytes.toString("latin1");
    expect(text.split("\r\n")[0]!.split(";")[0]).toBe("Campagne");
    expect(text).toMatch(/;\d+,\d\d;/);
  });

  it("--campagnes 3: three school years, most porteurs come back, some leave, some arrive", async () => {
    const files = await sample(path.join(dir, "e"), "--scale", "0.3", "--campagnes", "3");
    expect(files.map((f) => path.basename(f))).toEqual([
      "actions-2022-2023.csv",
      "actions-2023-2024.csv",
      "actions-2024-2025.csv",
      "agrements-2022-2023.csv",
      "agrements-2023-2024.csv",
      "agrements-2024-2025.csv",
      "collectifs-2022-2023.csv",
      "collectifs-2023-2024.csv",
      "collectifs-2024-2025.csv",
      "pratiques-2022-2023.csv",
      "pratiques-2023-2024.csv",
      "pratiques-2024-2025.csv",
      "visites-2022-2023.csv",
      "visites-2023-2024.csv",
      "visites-2024-2025.csv",
    ]);
    const db3 = path.join(dir, "e.duckdb");
    expect((await cli("ingest", "--db", db3, ...files)).status).toBe(0);
    const rows = (await query(
      db3,
      `WITH p AS (SELECT DISTINCT campagne, siret FROM actions)
       SELECT p.campagne, count(*)::INT n, count(q.siret)::INT stayed
       FROM p LEFT JOIN p q ON q.siret = p.siret AND q.campagne = (p.campagne[1:4]::INT + 1) || '-' || (p.campagne[1:4]::INT + 2)
       GROUP BY 1 ORDER BY 1`,
    )) as { campagne: string; n: number; stayed: number }[];
    expect(rows.map((r) => r.campagne)).toEqual(["2022-2023", "2023-2024", "2024-2025"]);
    for (const r of rows.slice(0, 2)) {
      expect(r.stayed / r.n).toBeGreaterThan(0.8);
      expect(r.stayed / r.n).toBeLessThan(0.95);
    }
    expect(rows[2]!.n).toBeGreaterThan(rows[0]!.stayed); // newcomers
  });

  it("refuses bad options with a reason", async () => {
    expect((await cli("sample", "--scale", "0", "--out", path.join(dir, "x"))).status).toBe(2);
    expect((await cli("sample", "--scale", "1")).stderr).toContain("--out DOSSIER requis");
  });
});
