// Where an ingest keeps its temporary files (the split copies of the export,
// personal cells included): beside the database, in its temporary folder
// `<base>.tmp/` (DuckDB spills there too), never in the system's. Removed on
// every exit path Node can catch (end, error, SIGINT, SIGTERM); what a killed
// ingest left is removed by the next one, and by purge-personal. Node only.
import { mkdirSync, readdirSync, rmdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";

/** The temporary folder beside a database: DuckDB's own convention. */
export function tempRoot(db: string): string {
  return `${path.resolve(db)}.tmp`;
}

export interface WorkDir {
  path: string;
  /** Removes the folder, and the empty folders its creation made (but `root` when `keepRoot`). */
  remove(options?: { keepRoot?: boolean }): void;
}

const active = new Set<WorkDir>();
let counter = 0;

function removeActive(): void {
  for (const dir of active) dir.remove();
}

function onSignal(signal: NodeJS.Signals): void {
  removeActive();
  process.exit(signal === "SIGINT" ? 130 : 143);
}

function watch(dir: WorkDir): void {
  if (active.size === 0) {
    process.on("exit", removeActive);
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  }
  active.add(dir);
}

function unwatch(dir: WorkDir): void {
  active.delete(dir);
  if (active.size === 0) {
    process.off("exit", removeActive);
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

/**
 * A work folder of this process under `root` (`<kind>-<pid>-<n>`), created with
 * its missing parents. `remove` takes it away with the parents it created,
 * when they are empty: a refused ingest into a new folder leaves nothing.
 */
export function createWorkDir(root: string, kind: "import" | "check"): WorkDir {
  const created = mkdirSync(root, { recursive: true });
  const dir = path.join(root, `${kind}-${process.pid}-${++counter}`);
  mkdirSync(dir);
  const work: WorkDir = {
    path: dir,
    remove(options = {}) {
      rmSync(dir, { recursive: true, force: true });
      unwatch(work);
      // the temporary folder when nothing else is in it, and the folders this creation made;
      // not when the caller goes on querying its database: DuckDB spills there, and once it
      // has made the folder it never makes it again (a query after an ingest failed at scale 100)
      if (options.keepRoot) return;
      const top = created ?? root;
      for (let d = root; d.length >= top.length; d = path.dirname(d)) {
        try {
          rmdirSync(d);
        } catch {
          break;
        }
      }
    },
  };
  watch(work);
  return work;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function sizeOf(target: string): { files: number; bytes: number } {
  const s = statSync(target);
  if (!s.isDirectory()) return { files: 1, bytes: s.size };
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(target)) {
    const inner = sizeOf(path.join(target, entry));
    files += inner.files;
    bytes += inner.bytes;
  }
  return { files, bytes };
}

export interface Leftover {
  path: string;
  files: number;
  bytes: number;
}

/**
 * Removes what ingests that no longer run left under `root`: their work
 * folders (their process is gone) and, when `holdsDatabase` (the caller has
 * the database open, so no other process uses its folder), DuckDB's spill files.
 */
export function removeLeftovers(root: string, holdsDatabase: boolean): Leftover[] {
  let entries: string[];
  try {
    entries = readdirSync(root);
  } catch {
    return [];
  }
  const removed: Leftover[] = [];
  for (const entry of entries) {
    const m = /^(?:import|check)-(\d+)-\d+$/.exec(entry);
    const stale = m ? !alive(Number(m[1])) : holdsDatabase && entry.startsWith("duckdb_temp_");
    if (!stale) continue;
    const target = path.join(root, entry);
    try {
      const size = sizeOf(target);
      rmSync(target, { recursive: true, force: true });
      removed.push({ path: target, ...size });
    } catch {
      // gone meanwhile
    }
  }
  return removed;
}

/** What `removeLeftovers` did, in French, or "" when it found nothing. */
export function describeLeftovers(removed: Leftover[]): string {
  if (removed.length === 0) return "";
  const files = removed.reduce((n, r) => n + r.files, 0);
  const bytes = removed.reduce((n, r) => n + r.bytes, 0);
  const size =
    bytes >= 1024 * 1024
      ? `${(bytes / 1024 / 1024).toFixed(1).replace(".", ",")} Mo`
      : `${Math.ceil(bytes / 1024)} Ko`;
  return `Fichiers temporaires laissés par un import interrompu supprimés (ils pouvaient contenir des données personnelles) : ${files} fichier${files > 1 ? "s" : ""}, ${size}, dans ${removed.map((r) => r.path).join(", ")}\n`;
}
