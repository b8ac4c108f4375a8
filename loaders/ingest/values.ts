// Each column's distinct values, judged once by the validator: the table
// `valeurs` the typed query joins, and the few values it writes as CASEs.
import { DROPPED } from "../export/cross-fields.js";
import type { FieldDef } from "../export/fields.js";
import type { Value } from "../export/types.js";
import { parseField, type ValidationContext } from "../export/validate.js";
import { centsText } from "../export/money.js";
import { sideBySide, type Appender, type SqlEngine } from "../warehouse/engine.js";
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
    for (const { index } of columns) {
      const found = await engine.query(typedSql.distinctColumnSql(source, index));
      lists.push(found.map((r) => r.texte as string));
    }
    return lists;
  }
}

/**
 * Each distinct value of each judged column (typedSql.isJudged), judged once by the validator,
 * into `valeurs`: each table's distinct cells found on `lanes` connections side by side, then
 * judged in order.
 */
export async function judgeValues(
  engine: SqlEngine,
  lanes: number,
  tables: IngestTable[],
  ctx: ValidationContext,
): Promise<Map<string, typedSql.Judged[]>> {
  await engine.exec(workSql.CREATE_VALUES);
  const parsed = tables
    .filter((t) => t.source !== null)
    .map((t) => ({
      t,
      columns: t.located.layout.columns
        .map((field, index) => ({ field: field!, index }))
        .filter(
          ({ field, index }, _, all) =>
            field && typedSql.isJudged(field) && all.findIndex((c) => c.field === field) === index,
        ),
    }))
    .filter(({ columns }) => columns.length > 0);
  const found = await sideBySide(engine, lanes, parsed, ({ t, columns }, on) =>
    distinctCells(on, t.source!, columns, t.stored.split!.split.written),
  );
  const judged = new Map<string, Set<string>>();
  const byField = new Map<string, typedSql.Judged[]>();
  const appender = await engine.appender("valeurs", workSql.VALUES_TYPES, workSql.WORK);
  for (const [n, { columns }] of parsed.entries()) {
    const lists = found[n]!;
    columns.forEach(({ field }, k) => {
      let seen = judged.get(field.name);
      if (!seen) judged.set(field.name, (seen = new Set()));
      for (const text of lists[k]!) {
        if (seen.has(text)) continue;
        seen.add(text);
        const verdict = judge(text, field, ctx);
        append(appender, field, verdict);
        if (!byField.has(field.name)) byField.set(field.name, []);
        byField.get(field.name)!.push(verdict);
      }
    });
  }
  await appender.close();
  return byField;
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
