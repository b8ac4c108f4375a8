// Each judged column's distinct cells, gathered by the byte scan (split.ts) as it passes over
// the plain lines: the cells DuckDB's reader would read from the split file, found without
// reading it (values.ts judges them). A cell is known by its bytes in the file; its text is
// decoded once, the first time it is met.
import type { FieldDef } from "../export/fields.js";
import { readHeader } from "../export/header.js";
import type { Mapping } from "../export/mapping.js";
import type { TextRecord } from "../read/csv.js";
import { isJudged } from "./typed-sql.js";

/**
 * The columns whose distinct cells the validator judges: each judged field's first column (a
 * field given twice is read from its first).
 */
function judgedColumns(columns: readonly (FieldDef | null)[]): number[] {
  const first = new Map<FieldDef, number>();
  columns.forEach((field, index) => {
    if (field && isJudged(field) && !first.has(field)) first.set(field, index);
  });
  return [...first.values()];
}

/** What the scan gathers of a file, by its header: the judged columns of the table it holds. */
export function gatheredColumns(mapping: Mapping): (header: TextRecord) => number[] {
  return (header) => {
    const found = readHeader(
      { file: "", sheet: null, encoding: null, delimiter: null, header, records: [] },
      mapping,
    );
    return "layout" in found ? judgedColumns(found.layout.columns) : [];
  };
}

/** The distinct cells of a file's judged columns: `cells[k]` those of column `columns[k]`. */
export interface DistinctCells {
  columns: number[];
  cells: string[][];
}

/** Murmur3's constants: its words' multipliers, and its finish's. */
const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** The hash of `bytes[from, to)` (Murmur3's, four bytes at a time; `view` over the same bytes). */
function hashOf(bytes: Uint8Array, view: DataView, from: number, to: number): number {
  let h = to - from;
  let i = from;
  for (; i + 4 <= to; i += 4) {
    let k = Math.imul(view.getUint32(i, true), C1);
    k = Math.imul((k << 15) | (k >>> 17), C2);
    h ^= k;
    h = (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
  }
  if (i < to) {
    let k = bytes[i]!;
    if (i + 1 < to) k |= bytes[i + 1]! << 8;
    if (i + 2 < to) k |= bytes[i + 2]! << 16;
    k = Math.imul(k, C1);
    h ^= Math.imul((k << 15) | (k >>> 17), C2);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * One column's distinct cells, by their bytes: an open-addressing table of their hashes, each
 * slot its hash beside its entry (a lookup reads one slot, one entry and the pool), the entries'
 * bytes in one pool (no string a cell: 37 million judged cells at scale 100), their text decoded
 * once; bytes hashed and compared four at a time.
 */
export class CellSet {
  /** Per slot: the hash, then the entry + 1 (0: empty). */
  private table = new Int32Array(2 * 256);
  /** Per entry: where its bytes start in the pool, and how many. */
  private entries = new Int32Array(2 * 128);
  private pool = new Uint8Array(4096);
  private poolView = new DataView(this.pool.buffer);
  private used = 0;
  readonly texts: string[] = [];

  /**
   * Adds the cell `bytes[from, to)` (`view` over the same bytes), its text given by `text` when
   * it is new.
   */
  add(
    bytes: Uint8Array,
    view: DataView,
    from: number,
    to: number,
    text: (from: number, to: number) => string,
  ): void {
    const h = hashOf(bytes, view, from, to);
    const length = to - from;
    const table = this.table;
    const mask = (table.length >> 1) - 1;
    let slot = h & mask;
    for (;;) {
      const entry = table[2 * slot + 1]! - 1;
      if (entry < 0) break;
      if (table[2 * slot] === h && this.entries[2 * entry + 1] === length) {
        const start = this.entries[2 * entry]! - from;
        const pool = this.poolView;
        let i = from;
        while (i + 4 <= to && pool.getUint32(start + i, true) === view.getUint32(i, true)) i += 4;
        while (i < to && this.pool[start + i] === bytes[i]) i++;
        if (i === to) return;
      }
      slot = (slot + 1) & mask;
    }
    const entry = this.texts.length;
    this.texts.push(text(from, to));
    if (2 * entry === this.entries.length) {
      const entries = new Int32Array(this.entries.length * 2);
      entries.set(this.entries);
      this.entries = entries;
    }
    if (this.used + length > this.pool.length) {
      const pool = new Uint8Array(Math.max(this.pool.length * 2, this.used + length));
      pool.set(this.pool.subarray(0, this.used));
      this.pool = pool;
      this.poolView = new DataView(pool.buffer);
    }
    this.pool.set(bytes.subarray(from, to), this.used);
    this.entries[2 * entry] = this.used;
    this.entries[2 * entry + 1] = length;
    this.used += length;
    table[2 * slot] = h;
    table[2 * slot + 1] = entry + 1;
    // at most half the slots taken
    if (4 * (entry + 1) > table.length) this.rehash();
  }

  private rehash(): void {
    const old = this.table;
    const table = new Int32Array(old.length * 2);
    const mask = (table.length >> 1) - 1;
    for (let s = 0; s < old.length; s += 2) {
      if (old[s + 1] === 0) continue;
      let slot = old[s]! & mask;
      while (table[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      table[2 * slot] = old[s]!;
      table[2 * slot + 1] = old[s + 1]!;
    }
    this.table = table;
  }
}
