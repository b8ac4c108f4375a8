// The tests' way into the ingest: in-memory files through the one ingest of
// `clas ingest` (byte scan, validator, SQL typing, claims, rules) into an
// in-memory warehouse, and what it stored read back as a batch.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { DuckDBDateValue, DuckDBDecimalValue, type DuckDBConnection } from "@duckdb/node-api";
import { loadContext, loadReferentiel } from "../../loaders/configuration.js";
import type { AcceptedRow, Batch, Value } from "../../loaders/export/types.js";
import type { ValidationContext } from "../../loaders/export/validate.js";
import { TABLES } from "../../loaders/export/fields.js";
import { ingestFiles } from "../../loaders/ingest/ingest-files.js";
import type { IngestResult } from "../../loaders/ingest/ingest.js";
import type { Referentiel } from "../../loaders/referentiel/seuils.js";
import { openWarehouse, type Warehouse } from "../../loaders/warehouse/db.js";
import { reevaluateAll } from "../../loaders/warehouse/rules.js";
import { PERSONAL_FIELDS, STORED_FIELDS } from "../../loaders/warehouse/schema.js";
import { textReport } from "../../loaders/report.js";
import { toCsv, utf8, type Row } from "./export.js";
import { comparable, referenceExport } from "./reference-export.js";
import { tempDir } from "./warehouse.js";

let context: Promise<ValidationContext> | null = null;

export function testContext(): Promise<ValidationContext> {
  context ??= loadContext();
  return context;
}

/** A stored cell as the validator typed it: money in cents, dates as text. */
function typed(value: unknown): Value {
  if (value instanceof DuckDBDecimalValue) return value.value;
  if (value instanceof DuckDBDateValue) return value.toString();
  return value as Value;
}

async function rows(c: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  const reader = await c.runAndReadAll(sql);
  const names = reader.columnNames();
  return reader.getRows().map((r) => Object.fromEntries(names.map((n, i) => [n, r[i]])));
}

/** The accepted rows of a table, in reading order, with the personal cells of actions. */
async function accepted(
  c: DuckDBConnection,
  table: keyof typeof STORED_FIELDS,
  order: string[],
): Promise<AcceptedRow[]> {
  const personal = new Map<string, Record<string, string | null>>();
  if (table === "actions") {
    for (const p of await rows(c, "SELECT * FROM donnees_personnelles WHERE rejet_id IS NULL")) {
      const key = `${p.campagne}|${p.departement}|${p.id_action}`;
      // an accepted action's personal cells once: a rejected duplicate's are its reject's
      if (personal.has(key)) throw new Error(`données personnelles en double : ${key}`);
      personal.set(
        key,
        Object.fromEntries(PERSONAL_FIELDS.map((f) => [f.name, p[f.name] as string | null])),
      );
    }
  }
  const empty = Object.fromEntries(PERSONAL_FIELDS.map((f) => [f.name, null]));
  const name = Object.entries(TABLES).find(([, t]) => t.stored === table)![0];
  return (await rows(c, `SELECT * FROM ${table}`))
    .map((r) => {
      const values: Record<string, Value> = {};
      for (const [k, v] of Object.entries(r)) {
        if (k !== "fichier" && k !== "ligne") values[k] = typed(v);
      }
      return {
        file: r.fichier as string,
        table: name as AcceptedRow["table"],
        row: r.ligne as number,
        values,
        personal:
          table === "actions"
            ? (personal.get(`${values.campagne}|${values.departement}|${values.id_action}`) ??
              empty)
            : {},
      };
    })
    .sort((a, b) => order.indexOf(a.file) - order.indexOf(b.file) || a.row - b.row);
}

/** What an ingest stored, as a batch: its rows read back, its report's rejects and warnings (all kept). */
export async function storedBatch(
  c: DuckDBConnection,
  result: IngestResult,
  order: string[],
): Promise<Batch> {
  return {
    files: result.files,
    actions: await accepted(c, "actions", order),
    collectifs: await accepted(c, "collectifs", order),
    agrements: await accepted(c, "agrements", order),
    visites: await accepted(c, "visites", order),
    pratiques: await accepted(c, "pratiques", order),
    rejects: result.rejects,
    warnings: result.warnings,
    slices: result.slices,
    listSlices: result.listSlices,
  };
}

export interface Ingested {
  batch: Batch;
  result: IngestResult;
  warehouse: Warehouse;
}

/**
 * Ingests in-memory files, named as given, into an in-memory warehouse the
 * caller closes. Throws ExportRefusedError as `clas ingest` refuses.
 */
export async function ingestBytes(
  files: { file: string; bytes: Uint8Array }[],
  referentiel?: Referentiel,
): Promise<Ingested> {
  const dir = tempDir();
  const paths = files.map((f, n) => {
    const target = path.join(dir, `${n}-${path.basename(f.file)}`);
    writeFileSync(target, f.bytes);
    return target;
  });
  const warehouse = await openWarehouse(":memory:", { create: true });
  try {
    const result = await ingestFiles(
      warehouse.engine,
      files.map((f) => f.file),
      await testContext(),
      {
        now: new Date(0),
        referentiel: referentiel ?? (await loadReferentiel()),
        workRoot: path.join(dir, "travail"),
        keep: Infinity,
        // the files are found where they were written, under the names given
        open: (n) => paths[n]!,
      },
    );
    const batch = await storedBatch(
      warehouse.connection,
      result,
      files.map((f) => f.file),
    );
    return { batch, result, warehouse };
  } catch (error) {
    warehouse.close();
    throw error;
  }
}

/** Ingests in-memory files as one export: what was accepted, rejected, warned of. */
export async function check(files: { file: string; bytes: Uint8Array }[]): Promise<Batch> {
  const { batch, warehouse } = await ingestBytes(files);
  warehouse.close();
  return batch;
}

/** Ingests actions and collectifs rows written as UTF-8 `;` CSV. */
export async function checkRows(actions: Row[], collectifs: Row[]): Promise<Batch> {
  return check([
    { file: "actions.csv", bytes: utf8(toCsv("Actions", actions)) },
    { file: "collectifs.csv", bytes: utf8(toCsv("Collectifs", collectifs)) },
  ]);
}

/** The ingest and its reference (the whole-file path, reference-export.ts) on the same files, comparable. */
export async function ingestAndReference(
  files: string[],
  ctx: ValidationContext,
  referentiel: Referentiel,
  now: Date,
) {
  const reference = await referenceExport(files, ctx);
  const w = await openWarehouse(":memory:", { create: true });
  try {
    const result = await ingestFiles(w.engine, files, ctx, {
      now,
      referentiel,
      workRoot: tempDir(),
      keep: Infinity,
    });
    const stored = await storedBatch(w.connection, result, files);
    // the rules as the ingest evaluated them (from its typed rows), then from the stored rows
    const rules = async () => ({
      collectifs: await rows(w.connection, "SELECT * FROM regles_collectifs ORDER BY ALL"),
      actions: await rows(w.connection, "SELECT * FROM regles_actions ORDER BY ALL"),
    });
    const ruled = await rules();
    await reevaluateAll(w.engine, referentiel);
    return {
      reference: comparable(reference),
      stored: comparable(stored),
      referenceReport: textReport(reference),
      storedReport: textReport(result),
      result,
      rules: { ingest: ruled, stored: await rules() },
    };
  } finally {
    w.close();
  }
}
