// Each column's distinct values, judged once by the validator: the table
// `valeurs` the typed query joins, and the few values it writes as CASEs;
// table by table, each table typed as soon as its own values are judged.
import { DROPPED } from "../export/cross-fields.js";
import type { FieldDef } from "../export/fields.js";
import type { Value } from "../export/types.js";
import { parseField, type ValidationContext } from "../export/validate.js";
import { centsText } from "../export/money.js";
import type { Appender, SqlEngine } from "../warehouse/engine.js";
import * as typedSql from "./typed-sql.js";
import * as workSql from "./work-sql.js";
import type { IngestTable } from "./tables.js";

/** A typed value as text SQL casts back to the field's type. */
function valueText(value: Value): string | null {
  if (value === null) return null;
  return typeof value === "bigint" ? centsText(value) : String(value);
}

/** Each column's distinct cells: in one pass, or column by column when they outgrow memory. */
async function distinctCells(
  engine: SqlEngine,
  source: string,
  columns: { index: number; field: FieldDef }[],
  rows: number,
): Promise<string[][]> {
  try {
    const lists: string[][] = columns.map(() => []);
    for (const { k, texte } of await engine.query(
      typedSql.distinctSql(source, columns, rows, engine.runtime),
    ))
      lists[k as number]!.push(texte as string);
    return lists;
  } catch (error) {
    if (!/Out of Memory/i.test((error as Error).message)) throw error;
    const lists: string[][] = [];
    for (const { index, field } of columns) {
      const found = await engine.query(typedSql.distinctColumnSql(source, index, field));
      lists.push(found.map((r) => r.texte as string));
    }
    return lists;
  }
}

/**
 * The distinct values judged for an ingest's tables, shared between them: each field's value
 * judged once, by the first table that has it, and stored in `valeurs` by that table's lane.
 */
export class JudgedValues {
  /** Each field's judged values, for the typed queries' CASEs (typedSql.typedQuery). */
  readonly byField = new Map<string, typedSql.Judged[]>();
  /** The table (its `ordre`) that judged each field's value. */
  private readonly judgedBy = new Map<string, Map<string, number>>();
  /** When each table's verdicts are in `valeurs` (its appender closed). */
  private readonly stored = new Map<number, Promise<void>>();

  /**
   * The distinct values (`lists`, by column) of the `ordre`-th table not judged yet, judged and
   * appended; returns when they are stored, and those another table judged too (the typed query
   * joins `valeurs` on its values).
   */
  async judge(
    engine: SqlEngine,
    ordre: number,
    lists: string[][],
    columns: { field: FieldDef }[],
    ctx: ValidationContext,
  ): Promise<void> {
    const appender = await engine.appender("valeurs", workSql.VALUES_TYPES, workSql.WORK);
    const others = new Set<number>();
    // judged and appended with nothing else running in between: the lists and `judgedBy` agree
    const stored = (async () => {
      columns.forEach(({ field }, k) => {
        let by = this.judgedBy.get(field.name);
        if (!by) this.judgedBy.set(field.name, (by = new Map()));
        let verdicts = this.byField.get(field.name);
        if (!verdicts) this.byField.set(field.name, (verdicts = []));
        for (const text of lists[k]!) {
          const owner = by.get(text);
          if (owner !== undefined) {
            if (owner !== ordre) others.add(owner);
            continue;
          }
          by.set(text, ordre);
          const verdict = judge(text, field, ctx);
          append(appender, field, verdict);
          verdicts.push(verdict);
        }
      });
      await appender.close();
    })();
    this.stored.set(ordre, stored);
    await stored;
    await Promise.all([...others].map((o) => this.stored.get(o)));
  }
}

/** The columns of a table whose distinct values are judged: each parsed field once. */
function judgedColumns(t: IngestTable): { index: number; field: FieldDef }[] {
  return t.located.layout.columns
    .map((field, index) => ({ field: field!, index }))
    .filter(
      ({ field, index }, _, all) =>
        field && !typedSql.isVerbatim(field) && all.findIndex((c) => c.field === field) === index,
    );
}

/**
 * Each distinct value of each parsed column of a table read by DuckDB, judged once by the
 * validator, into `valeurs` (`values`, shared by the ingest's tables): when it returns, every
 * value of the table is judged and stored.
 */
export async function judgeTable(
  engine: SqlEngine,
  t: IngestTable,
  values: JudgedValues,
  ctx: ValidationContext,
): Promise<void> {
  const columns = judgedColumns(t);
  if (t.source === null || columns.length === 0) return;
  const lists = await distinctCells(engine, t.source, columns, t.stored.split!.split.written);
  await values.judge(engine, t.ordre, lists, columns, ctx);
}

function judge(text: string, field: FieldDef, ctx: ValidationContext): typedSql.Judged {
  const outcome = parseField(text, field, ctx);
  const departement = null;
  if ("error" in outcome) {
    // an optional field's value is dropped with a warning (validate.ts), the row accepted
    if (field.required || field.kind === "commune")
      return { text, value: null, clean: false, warning: null, departement };
    const empty = valueText(field.emptyValue ?? null);
    return { text, value: empty, clean: false, warning: `${outcome.error}${DROPPED}`, departement };
  }
  if (field.kind === "commune") {
    // an old code's warning, and a commune elsewhere, are the validator's to say
    const found = ctx.communes.resolve(outcome.value as string);
    return {
      text,
      value: found?.code ?? null,
      clean: found !== null && found.via !== "ancien",
      warning: null,
      departement: found?.departement ?? null,
    };
  }
  const warning = outcome.note ?? null;
  return { text, value: valueText(outcome.value), clean: warning === null, warning, departement };
}

function append(a: Appender, field: FieldDef, j: typedSql.Judged): void {
  a.row([field.name, j.text, j.value, j.clean, j.warning, j.departement]);
}
