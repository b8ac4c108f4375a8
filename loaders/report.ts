// What ingest and check print: a readable French summary, or the JSON contract.
import type { FileSummary, RowIssue } from "./export/types.js";

const DELIMITERS: Record<string, string> = { ";": "« ; »", ",": "« , »", "\t": "tabulation" };

function plural(n: number, word: string): string {
  return `${n} ${word}${n > 1 ? "s" : ""}`;
}

export function describeFile(f: FileSummary): string {
  const format =
    f.sheet !== null
      ? `feuille « ${f.sheet} »`
      : `${f.encoding}, séparateur ${DELIMITERS[f.delimiter ?? ""] ?? f.delimiter}`;
  return `${f.file} — table ${f.table} (${format}) : ${plural(f.rows, "ligne")} lue${f.rows > 1 ? "s" : ""}, ${f.accepted} acceptée${f.accepted > 1 ? "s" : ""}, ${f.rejected} rejetée${f.rejected > 1 ? "s" : ""}, ${plural(f.warnings, "avertissement")}`;
}

/** Longest value quoted on a line of the text report (the JSON report gives it whole). */
const QUOTED = 120;

/** A value on one line: line breaks as spaces, a long text cut with its length said by the message. */
function quoted(value: string): string {
  const line = value.replace(/\s*[\r\n]+\s*/g, " ");
  return line.length > QUOTED ? `${line.slice(0, QUOTED - 1)}…` : line;
}

export function describeIssue(issue: RowIssue): string[] {
  const where = `${issue.file}${issue.table ? ` [${issue.table}]` : ""} ligne ${issue.row}${issue.key ? ` (${issue.key})` : ""}`;
  return issue.problems.map(
    (p) =>
      `  ${where} — ${p.column}${p.value !== "" ? ` « ${quoted(p.value)} »` : ""} : ${p.message}`,
  );
}

export interface TextReportOptions {
  /** At most this many rejected rows and warnings listed per kind; the rest are counted. */
  limit?: number;
}

/** What a report needs: the files, and the rows (or the first ones, with `totals` counting all). */
export interface Reported {
  files: FileSummary[];
  rejects: RowIssue[];
  warnings: RowIssue[];
  totals?: { rejects: number; warnings: number };
}

export function textReport(batch: Reported, options: TextReportOptions = {}): string {
  const limit = options.limit ?? Infinity;
  const lines = batch.files.map(describeFile);
  const section = (title: string, issues: RowIssue[], total: number) => {
    if (total === 0) return;
    lines.push("", `${title} (${total}) :`);
    for (const issue of issues.slice(0, limit)) lines.push(...describeIssue(issue));
    if (total > limit) {
      lines.push(`  … et ${total - limit} autres : « clas check --format json » les liste toutes`);
    }
  };
  section("Lignes rejetées", batch.rejects, batch.totals?.rejects ?? batch.rejects.length);
  section(
    "Avertissements (valeur facultative ignorée, ou à vérifier)",
    batch.warnings,
    batch.totals?.warnings ?? batch.warnings.length,
  );
  return lines.join("\n") + "\n";
}

function issueJson(i: RowIssue) {
  return {
    file: i.file,
    table: i.table,
    row: i.row,
    campagne: i.campagne,
    departement: i.departement,
    key: i.key,
    problems: i.problems.map((p) => ({ column: p.column, value: p.value, message: p.message })),
  };
}

/** The `check --format json` contract of spec/indicators.md. */
export function checkJson(batch: Reported): string {
  return JSON.stringify(checkReport(batch));
}

/** The object `check --format json` prints. */
export function checkReport(batch: Reported) {
  return {
    files: batch.files.map((f) => ({
      file: f.file,
      table: f.table,
      encoding: f.encoding,
      delimiter: f.delimiter,
      rows: f.rows,
      accepted: f.accepted,
      rejected: f.rejected,
    })),
    rejects: batch.rejects.map(issueJson),
    warnings: batch.warnings.map(issueJson),
  };
}
