// Each judged column's distinct values (gathered by the byte scan), judged once by the
// validator: the table `valeurs` the typed query joins, and the few values it writes as CASEs.
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

/**
 * Each distinct value of each judged column (distinct-cells.ts gatheredColumns), judged once by the
 * validator, into `valeurs`: the distinct cells the byte scan gathered from each table's plain
 * lines, judged in order.
 */
export async function judgeValues(
  engine: SqlEngine,
  tables: IngestTable[],
  ctx: ValidationContext,
): Promise<Map<string, typedSql.Judged[]>> {
  await engine.exec(workSql.CREATE_VALUES);
  const judged = new Map<string, Set<string>>();
  const byField = new Map<string, typedSql.Judged[]>();
  const appender = await engine.appender("valeurs", workSql.VALUES_TYPES, workSql.WORK);
  for (const t of tables) {
    if (t.source === null) continue;
    // the scan gathered the judged columns of the same header (distinct-cells.ts)
    const { columns, cells } = t.stored.split!.split.distinct;
    for (const [k, index] of columns.entries()) {
      const field = t.located.layout.columns[index]!;
      let seen = judged.get(field.name);
      if (!seen) judged.set(field.name, (seen = new Set()));
      for (const text of cells[k]!) {
        if (seen.has(text)) continue;
        seen.add(text);
        const verdict = judge(text, field, ctx);
        append(appender, field, verdict);
        if (!byField.has(field.name)) byField.set(field.name, []);
        byField.get(field.name)!.push(verdict);
      }
    }
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
