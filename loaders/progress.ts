// What long work (an ingest, a sample, a build) tells as it goes: the stage and
// how far it has gone. Drawing it is the command line's (cli/progress.ts); the
// work itself is given a Progress, or NO_PROGRESS.

export interface Progress {
  /** A new stage of the work (« lecture », « validation »…), with its size when known. */
  stage(name: string, total?: number, unit?: Unit): void;
  /** How far the current stage has gone, in its unit. */
  advance(done: number): void;
  /** The work is over: the line is cleared. */
  end(): void;
}

export type Unit = "octets" | "lignes" | "fichiers" | "pages" | "bilans";

/** No progress drawn: tests, pipes, CI. */
export const NO_PROGRESS: Progress = { stage() {}, advance() {}, end() {} };
