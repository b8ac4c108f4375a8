// The peer: what a competent developer without DuckDB would write. PapaParse
// in streaming mode over the Windows-1252 files (iconv-lite), the same
// validation per row in plain JS, the indicators accumulated in Maps. (It
// evaluates no référentiel rule: it does less than the pipeline.)
import { createReadStream } from "node:fs";
import iconv from "iconv-lite";
import Papa from "papaparse";
import { readHeader } from "../loaders/export/header.js";
import { validateRecord } from "../loaders/export/validate.js";
import { loadContext } from "../loaders/configuration.js";
import { normalizeKey } from "../loaders/read/normalize.js";

interface Slice {
  actions: number;
  porteurs: Set<string>;
  familles: number;
  budgetCents: bigint;
  psCents: bigint;
  collectifs: number;
  enfants: number;
  lieux: Set<string>;
  heures: number;
  rejets: number;
}

const context = await loadContext();
const slices = new Map<string, Slice>();
const slice = (key: string): Slice => {
  let s = slices.get(key);
  if (!s) {
    s = {
      actions: 0,
      porteurs: new Set(),
      familles: 0,
      budgetCents: 0n,
      psCents: 0n,
      collectifs: 0,
      enfants: 0,
      lieux: new Set(),
      heures: 0,
      rejets: 0,
    };
    slices.set(key, s);
  }
  return s;
};
const actions = new Set<string>();

function stream(file: string, onRow: (cells: string[], row: number) => void): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let header: string[] | null = null;
    let row = 0;
    Papa.parse(createReadStream(file).pipe(iconv.decodeStream("win1252")), {
      delimiter: ";",
      skipEmptyLines: "greedy",
      step: (result) => {
        row++;
        const cells = (result.data as string[]).map((c) => c.trim());
        if (!header) header = cells;
        else onRow(cells, row);
      },
      complete: () => resolve(header ?? []),
      error: reject,
    });
  });
}

// the header decides the table, as in the pipeline
async function run(file: string): Promise<void> {
  const header = await new Promise<string[]>((resolve) => {
    Papa.parse(createReadStream(file, { end: 65535 }).pipe(iconv.decodeStream("win1252")), {
      delimiter: ";",
      preview: 1,
      complete: (r) => resolve((r.data[0] as string[]) ?? []),
    });
  });
  const result = readHeader(
    {
      file,
      sheet: null,
      encoding: "windows-1252",
      delimiter: ";",
      header: { row: 1, cells: header },
      records: [],
    },
    context.mapping,
  );
  if (!("layout" in result)) throw new Error(`${file} : en-tête non reconnu`);
  const isActions = result.layout.table === "Actions";
  const layout = result.layout;
  await stream(file, (cells, row) => {
    const v = validateRecord({ row, cells }, layout, context);
    const key = `${v.values.campagne}|${v.values.departement}`;
    const s = slice(key);
    if (v.problems.length > 0) return void s.rejets++;
    if (isActions) {
      const id = `${key}|${v.values.id_action}`;
      if (actions.has(id)) return void s.rejets++;
      actions.add(id);
      s.actions++;
      s.porteurs.add(String(v.values.siret));
      s.familles += v.values.familles as number;
      s.budgetCents += v.values.budget_total as bigint;
      s.psCents += v.values.montant_ps as bigint;
    } else {
      if (!actions.has(`${key}|${v.values.id_action}`)) return void s.rejets++;
      s.collectifs++;
      s.enfants += v.values.enfants as number;
      s.lieux.add(
        `${v.values.code_insee}|${normalizeKey(String(v.values.adresse ?? v.values.id_collectif))}`,
      );
      s.heures +=
        ((v.values.seances_semaine as number) *
          (v.values.duree_seance as number) *
          (v.values.semaines as number)) /
        60;
    }
  });
}

const files = process.argv.slice(2);
const t = performance.now();
// actions first, so that collectifs find their action
const ordered = [...files].sort(
  (a, b) => Number(b.includes("actions")) - Number(a.includes("actions")),
);
for (const f of ordered) await run(f);
const ms = performance.now() - t;
const totals = [...slices.values()].reduce((a, s) => a + s.enfants, 0);
process.stdout.write(
  JSON.stringify({
    ms,
    rssMB: process.resourceUsage().maxRSS / 1024,
    slices: slices.size,
    enfants: totals,
  }),
);
