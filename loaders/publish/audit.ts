// The audit of a suppression pattern against every combination of what is
// published: the published relations (a total is the sum of its parts) with
// the visible values put in are a linear system in the hidden cells; for each
// hidden cell, linear programming (HiGHS, a maintained solver) gives the
// smallest and largest values consistent with all of it. A cell is protected
// when that range is at least `width` wide (the threshold: a reader cannot tell
// a 1 from a 10); the audit names the cells that are not, and `protect` hides
// more cells until none is left. τ-ARGUS audits the same way.
import * as highsModule from "highs";
import {
  isSecret,
  secondary,
  SECRET,
  type CellRef,
  type Relation,
  type Row,
} from "./disclosure.js";

/** A hidden cell the published figures pin down too closely. */
export interface Exposure {
  cell: CellRef;
  /** The feasible range of its value, given everything published. */
  min: number;
  max: number;
}

// the package's ES module exports its loader as default; its types, read as CommonJS's,
// put it one level down
const highsLoader = highsModule.default as unknown as (typeof highsModule.default)["default"];
type Solver = Awaited<ReturnType<typeof highsLoader>>;
let solver: Promise<Solver> | null = null;
const highs = () => (solver ??= highsLoader());

const id = (c: CellRef) => `${c.row}:${c.key}`;

/** A published value in a sum: a number, or nothing published (no action): zero. */
const known = (v: Row[string] | undefined) => (typeof v === "number" ? v : 0);

/** The hidden cells linked by relations, in groups that share no relation (each one LP). */
function components(rows: Row[], relations: readonly Relation[]): Relation[][] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    while (parent.get(x) !== x) x = parent.get(x)!;
    return x;
  };
  const hidden = (c: CellRef) => isSecret(rows[c.row]?.[c.key]);
  const involved = relations.filter((r) => [r.total, ...r.parts].some(hidden));
  for (const r of involved) {
    const cells = [r.total, ...r.parts].filter(hidden).map(id);
    for (const c of cells) if (!parent.has(c)) parent.set(c, c);
    for (const c of cells.slice(1)) parent.set(find(c), find(cells[0]!));
  }
  const groups = new Map<string, Relation[]>();
  for (const r of involved) {
    const root = find(id([r.total, ...r.parts].find(hidden)!));
    groups.set(root, [...(groups.get(root) ?? []), r]);
  }
  return [...groups.values()];
}

/** The LP model of a group: its relations as equalities over the hidden cells (x ≥ 0). */
function model(rows: Row[], group: Relation[]) {
  const names = new Map<string, string>();
  const name = (c: CellRef) => {
    const key = id(c);
    if (!names.has(key)) names.set(key, `x${names.size}`);
    return names.get(key)!;
  };
  const constraints = group.map((r, k) => {
    // total − Σ parts = 0, the visible values moved to the right-hand side
    const terms: string[] = [];
    let rhs = 0;
    for (const [cell, sign] of [[r.total, 1] as const, ...r.parts.map((p) => [p, -1] as const)]) {
      const v = rows[cell.row]?.[cell.key];
      if (isSecret(v)) terms.push(`${sign > 0 ? "+" : "-"} ${name(cell)}`);
      else rhs -= sign * known(v);
    }
    return ` r${k}: ${terms.join(" ")} = ${rhs}`;
  });
  const text = (sense: "Minimize" | "Maximize", target: string) =>
    `${sense}\n obj: ${target}\nSubject To\n${constraints.join("\n")}\nEnd\n`;
  return { names, text };
}

/** The group of relations `cell` is in (one of `components`). */
function groupOf(rows: Row[], relations: readonly Relation[], cell: CellRef): Relation[] {
  const key = id(cell);
  return components(rows, relations).find((g) =>
    g.some((r) => [r.total, ...r.parts].some((c) => id(c) === key)),
  )!;
}

/** The feasible range of a hidden cell given everything published: two linear programs over its group. */
function range(lp: Solver, rows: Row[], group: Relation[], cell: CellRef): Exposure {
  const { names, text } = model(rows, group);
  const bound = (sense: "Minimize" | "Maximize"): number => {
    const solution = lp.solve(text(sense, names.get(id(cell))!), { output_flag: false } as never);
    if (solution.Status === "Unbounded") return Infinity;
    if (solution.Status !== "Optimal")
      throw new Error(`audit du secret statistique : résolution impossible (${solution.Status})`);
    return solution.ObjectiveValue;
  };
  return { cell, min: bound("Minimize"), max: bound("Maximize") };
}

/** The hidden cells of `rows` whose feasible range is narrower than `width`. */
export async function audit(
  rows: Row[],
  relations: readonly Relation[],
  width: number,
): Promise<Exposure[]> {
  const lp = await highs();
  const exposed: Exposure[] = [];
  for (const group of components(rows, relations)) {
    const cells = new Map<string, CellRef>();
    for (const r of group)
      for (const c of [r.total, ...r.parts])
        if (isSecret(rows[c.row]?.[c.key])) cells.set(id(c), c);
    for (const cell of cells.values()) {
      const r = range(lp, rows, group, cell);
      if (r.max - r.min < width - 1e-9) exposed.push(r);
    }
  }
  return exposed;
}

/**
 * The cells that may protect an exposed cell, in the order they are tried: the
 * visible non-zero cells of the relations it is in, smallest first; then those
 * of the relations one hidden cell further, and so on.
 */
function candidates(rows: Row[], relations: readonly Relation[], from: CellRef): CellRef[] {
  const visible = (c: CellRef) =>
    typeof rows[c.row]?.[c.key] === "number" && (rows[c.row]![c.key] as number) > 0;
  const out = new Map<string, CellRef>();
  const reached = new Set([id(from)]);
  const used = new Set<Relation>();
  for (let frontier = [from]; frontier.length > 0;) {
    const ids = new Set(frontier.map(id));
    const around = relations.filter(
      (r) => !used.has(r) && [r.total, ...r.parts].some((c) => ids.has(id(c))),
    );
    for (const r of around) used.add(r);
    const cells = around.flatMap((r) => [...r.parts, r.total]);
    for (const c of cells
      .filter(visible)
      .sort((a, b) => (rows[a.row]![a.key] as number) - (rows[b.row]![b.key] as number)))
      if (!out.has(id(c))) out.set(id(c), c);
    frontier = cells.filter((c) => isSecret(rows[c.row]?.[c.key]) && !reached.has(id(c)));
    for (const c of frontier) reached.add(id(c));
  }
  return [...out.values()];
}

/**
 * Hides more cells until every hidden cell's feasible range is at least
 * `width` wide. The audit finds the exposed cells once: hiding a cell only
 * widens the others' ranges (a solution of the system before stays one
 * after), so a cell found protected stays protected. An exposed cell gets the first
 * candidate whose hiding (with the secondary suppression it calls for) widens
 * its range; then it is checked again, and so is every cell newly hidden.
 * Ends: each step hides at least one more cell.
 */
export async function protect(
  rows: Row[],
  relations: readonly Relation[],
  width: number,
): Promise<Row[]> {
  const lp = await highs();
  const hidden = (rs: Row[]) =>
    new Map(
      relations
        .flatMap((r) => [r.total, ...r.parts])
        .filter((c) => isSecret(rs[c.row]?.[c.key]))
        .map((c) => [id(c), c]),
    );
  const spread = (rs: Row[], cell: CellRef) => {
    const r = range(lp, rs, groupOf(rs, relations, cell), cell);
    return r.max - r.min;
  };
  let out = rows;
  const queue = (await audit(out, relations, width)).map((e) => e.cell);
  while (queue.length > 0) {
    const cell = queue.shift()!;
    const before = spread(out, cell);
    if (before >= width - 1e-9) continue;
    let protectedBy: Row[] | null = null;
    for (const candidate of candidates(out, relations, cell)) {
      const trial = out.map((r) => ({ ...r }));
      trial[candidate.row]![candidate.key] = SECRET;
      const next = secondary(trial, relations);
      if (spread(next, cell) > before + 1e-9) {
        protectedBy = next;
        break;
      }
    }
    if (!protectedBy)
      throw new Error(
        "audit du secret statistique : aucune cellule de plus ne protège les cellules masquées",
      );
    const known = hidden(out);
    for (const [key, c] of hidden(protectedBy)) if (!known.has(key)) queue.push(c);
    queue.push(cell);
    out = protectedBy;
  }
  return out;
}
