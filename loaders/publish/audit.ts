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
    const { names, text } = model(rows, group);
    const bound = (variable: string, sense: "Minimize" | "Maximize"): number => {
      const solution = lp.solve(text(sense, variable), { output_flag: false } as never);
      if (solution.Status === "Unbounded") return Infinity;
      if (solution.Status !== "Optimal")
        throw new Error(`audit du secret statistique : résolution impossible (${solution.Status})`);
      return solution.ObjectiveValue;
    };
    for (const [key, cell] of cells) {
      const variable = names.get(key)!;
      const min = bound(variable, "Minimize");
      const max = bound(variable, "Maximize");
      if (max - min < width - 1e-9) exposed.push({ cell, min, max });
    }
  }
  return exposed;
}

/**
 * The cell to hide next for an exposed cell: the smallest visible non-zero
 * cell of the relations it is in; when they have none, of the relations one
 * hidden cell further, and so on. When every non-zero cell linked to it is
 * hidden, nothing bounds it: it is no longer exposed.
 */
function nextToHide(rows: Row[], relations: readonly Relation[], from: CellRef): CellRef | null {
  const visible = (c: CellRef) =>
    typeof rows[c.row]?.[c.key] === "number" && (rows[c.row]![c.key] as number) > 0;
  const reached = new Set([id(from)]);
  const used = new Set<Relation>();
  for (let frontier = [from]; frontier.length > 0;) {
    const ids = new Set(frontier.map(id));
    const around = relations.filter(
      (r) => !used.has(r) && [r.total, ...r.parts].some((c) => ids.has(id(c))),
    );
    for (const r of around) used.add(r);
    const cells = around.flatMap((r) => [...r.parts, r.total]);
    const candidates = cells
      .filter(visible)
      .sort((a, b) => (rows[a.row]![a.key] as number) - (rows[b.row]![b.key] as number));
    if (candidates[0]) return candidates[0];
    frontier = cells.filter((c) => isSecret(rows[c.row]?.[c.key]) && !reached.has(id(c)));
    for (const c of frontier) reached.add(id(c));
  }
  return null;
}

/**
 * Hides more cells until the audit passes (nextToHide for each exposed cell,
 * then secondary suppression again). Ends: each round hides at least one more
 * cell, and a cell with nothing left to hide near it is unbounded.
 */
export async function protect(
  rows: Row[],
  relations: readonly Relation[],
  width: number,
): Promise<Row[]> {
  let out = rows;
  for (;;) {
    const exposed = await audit(out, relations, width);
    if (exposed.length === 0) return out;
    const next = out.map((r) => ({ ...r }));
    let hid = 0;
    for (const { cell } of exposed) {
      const chosen = nextToHide(next, relations, cell);
      if (chosen) {
        next[chosen.row]![chosen.key] = SECRET;
        hid++;
      }
    }
    if (hid === 0)
      throw new Error(
        "audit du secret statistique : aucune cellule de plus ne protège les cellules masquées",
      );
    out = secondary(next, relations);
  }
}
