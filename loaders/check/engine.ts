// A check of an export in a database of its own, through any SQL engine: the
// same tables, the same generated rule SQL and the same indicators SQL run on
// DuckDB (Node) and DuckDB-Wasm (the browser). No file system, no Node API.
import type { Batch, Slice } from "../export/types.js";
import { explainAction, type ActionExplanation } from "../explain.js";
import type { IndicatorRow } from "../indicators/compute.js";
import { INDICATORS, indicatorsSql } from "../indicators/sql.js";
import { evaluateRulesSql, SEUILS_COLUMNS } from "../referentiel/compile.js";
import { seuilsRow, type Referentiel, type SeuilsRow } from "../referentiel/seuils.js";
import { CREATE_CHECK_SCHEMA, sqlType, STORED_FIELDS } from "../warehouse/schema.js";
import { sqlIdentifier } from "../warehouse/sql-text.js";

export type ColumnType = "VARCHAR" | "DOUBLE" | "BOOLEAN" | "INTEGER";
export type Cell = string | number | boolean | null;

/** What the check needs of an engine. */
export interface SqlEngine {
  /** One or more statements. */
  exec(sql: string): Promise<void>;
  query(sql: string): Promise<Record<string, unknown>[]>;
  /** Creates `table` with these columns and these rows (Arrow in the browser, an appender in Node). */
  load(table: string, columns: { name: string; type: ColumnType }[], rows: Cell[][]): Promise<void>;
}

export interface CheckResult {
  indicators: IndicatorRow[];
  explanations: ActionExplanation[];
}

function cents(value: bigint): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  return `${negative ? "-" : ""}${abs / 100n}.${String(abs % 100n).padStart(2, "0")}`;
}

/** A stored table's rows as loadable cells: money and dates as text, cast back by SQL. */
async function loadRows(
  engine: SqlEngine,
  table: "actions" | "collectifs" | "agrements",
  rows: Batch["actions"],
): Promise<void> {
  const fields = STORED_FIELDS[table];
  const staging = `chargement_${table}`;
  const columns = fields.map((f) => {
    const type = sqlType(f);
    return {
      name: f.name,
      type: (type === "INTEGER" || type === "DOUBLE" || type === "BOOLEAN"
        ? type
        : "VARCHAR") as ColumnType,
    };
  });
  const cells = rows.map((r) =>
    fields.map((f): Cell => {
      const v = r.values[f.name];
      if (v === undefined || v === null) return null;
      return typeof v === "bigint" ? cents(v) : v;
    }),
  );
  await engine.load(
    staging,
    [...columns, { name: "fichier", type: "VARCHAR" }, { name: "ligne", type: "INTEGER" }],
    cells.map((c, i) => [...c, rows[i]!.file, rows[i]!.row]),
  );
  const select = fields.map((f) => `CAST(${f.name} AS ${sqlType(f)})`).join(", ");
  await engine.exec(
    `INSERT INTO ${table} SELECT ${select}, fichier, ligne FROM ${staging}; DROP TABLE ${staging};`,
  );
}

/** Columns of an action or collectif as the explanation reads them: decimals and dates as text. */
function explainColumns(table: "actions" | "collectifs", alias: string): string {
  return STORED_FIELDS[table]
    .map((f) =>
      ["DECIMAL(18,2)", "DATE"].includes(sqlType(f))
        ? `CAST(${alias}.${f.name} AS VARCHAR) AS ${f.name}`
        : `${alias}.${f.name}`,
    )
    .join(", ");
}

export async function checkInEngine(
  engine: SqlEngine,
  batch: Batch,
  referentiel: Referentiel,
  departements: { code: string; nom: string; region?: string }[],
): Promise<CheckResult> {
  // a page checks one export after another in the same engine: each starts from nothing
  const left = await engine.query(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE'",
  );
  for (const { table_name } of left)
    await engine.exec(`DROP TABLE IF EXISTS ${sqlIdentifier(String(table_name))}`);
  await engine.exec(CREATE_CHECK_SCHEMA);
  await loadRows(engine, "actions", batch.actions);
  await loadRows(engine, "collectifs", batch.collectifs);
  await loadRows(engine, "agrements", batch.agrements);
  await engine.load(
    "rejets_chargement",
    [
      { name: "campagne", type: "VARCHAR" },
      { name: "departement", type: "VARCHAR" },
      { name: "table_export", type: "VARCHAR" },
    ],
    batch.rejects.map((r) => [r.campagne, r.departement, r.table]),
  );
  await engine.exec(
    "INSERT INTO rejets SELECT * FROM rejets_chargement; DROP TABLE rejets_chargement;",
  );
  const slices: Slice[] = batch.slices;
  const seuils = slices.map((s) => seuilsRow(referentiel, s.campagne, s.departement));
  await engine.load(
    "seuils_chargement",
    SEUILS_COLUMNS.map((c) => ({ name: c.name, type: c.type as ColumnType })),
    seuils.map((row) => SEUILS_COLUMNS.map((c) => row[c.name] as Cell)),
  );
  await engine.exec(
    "INSERT INTO seuils SELECT * FROM seuils_chargement; DROP TABLE seuils_chargement;",
  );
  await engine.load(
    "tranches",
    [
      { name: "campagne", type: "VARCHAR" },
      { name: "departement", type: "VARCHAR" },
    ],
    slices.map((s) => [s.campagne, s.departement]),
  );
  await engine.exec(evaluateRulesSql("tranches"));
  await engine.load(
    "departements",
    [
      { name: "code", type: "VARCHAR" },
      { name: "nom", type: "VARCHAR" },
      { name: "region", type: "VARCHAR" },
    ],
    departements.map((d) => [d.code, d.nom, d.region ?? null]),
  );
  const indicators = (await engine.query(indicatorsSql("departement", "NULL"))).map((row) =>
    Object.fromEntries(INDICATORS.map((k) => [k, (row[k] ?? null) as IndicatorRow[string]])),
  );
  const actions = await engine.query(`
    SELECT ${explainColumns("actions", "a")}, r.* EXCLUDE (campagne, departement, id_action, rural)
    FROM actions a JOIN regles_actions r USING (campagne, departement, id_action)
    ORDER BY a.campagne, a.departement, a.id_action`);
  const collectifs = await engine.query(`
    SELECT ${explainColumns("collectifs", "c")}, r.* EXCLUDE (campagne, departement, id_action, id_collectif)
    FROM collectifs c JOIN regles_collectifs r USING (campagne, departement, id_action, id_collectif)
    ORDER BY c.id_collectif`);
  const key = (r: Record<string, unknown>) => `${r.campagne}|${r.departement}|${r.id_action}`;
  const byAction = new Map<string, Record<string, unknown>[]>();
  for (const c of collectifs) {
    const list = byAction.get(key(c));
    if (list) list.push(c);
    else byAction.set(key(c), [c]);
  }
  const seuilsOf = new Map(seuils.map((s) => [`${s.campagne}|${s.departement}`, s]));
  const explanations = actions.map((a) =>
    explainAction(
      a,
      byAction.get(key(a)) ?? [],
      seuilsOf.get(`${a.campagne}|${a.departement}`) as SeuilsRow,
    ),
  );
  return { indicators, explanations };
}
