// The progress bar of long work (an ingest, a sample, a build) on stderr: drawn
// only on a terminal, and only once the work has lasted a couple of seconds, so
// CI logs, pipes and quick runs stay as they were. One line, redrawn in place.

import { formatBytes, formatNumber } from "../../src/lib/format.js";
import { NO_PROGRESS, type Progress, type Unit } from "../progress.js";

export { NO_PROGRESS, type Progress, type Unit };

const WIDTH = 24;
/** Nothing is drawn before the work has lasted this long. */
const QUIET_MS = 2_000;
/** Redrawn at most this often. */
const EVERY_MS = 100;

function amount(n: number, unit: Unit): string {
  return unit === "octets" ? formatBytes(n) : `${formatNumber(Math.round(n), 0)} ${unit}`;
}

/** The line drawn for a stage: a bar when the total is known, what is done otherwise. */
export function progressLine(
  name: string,
  done: number,
  total: number | undefined,
  unit: Unit,
  seconds: number,
): string {
  const time = `${Math.floor(seconds)} s`;
  if (!total) return `${name}… ${done > 0 ? `${amount(done, unit)} · ` : ""}${time}`;
  const share = Math.min(1, Math.max(0, done / total));
  const full = Math.round(share * WIDTH);
  return `[${"█".repeat(full)}${"░".repeat(WIDTH - full)}] ${Math.floor(share * 100)} % ${name} · ${amount(done, unit)} sur ${amount(total, unit)} · ${time}`;
}

interface Terminal {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/**
 * A progress bar on `stream` when it is a terminal (else nothing), the clock
 * injected for the tests.
 */
export function terminalProgress(stream: Terminal, now: () => number = Date.now): Progress {
  if (!stream.isTTY) return NO_PROGRESS;
  const start = now();
  let drawnAt = 0;
  let shown = false;
  let current = { name: "", total: undefined as number | undefined, unit: "lignes" as Unit };
  let done = 0;
  const draw = (force = false) => {
    const t = now();
    if (t - start < QUIET_MS || (!force && t - drawnAt < EVERY_MS)) return;
    drawnAt = t;
    shown = true;
    const line = progressLine(current.name, done, current.total, current.unit, (t - start) / 1000);
    stream.write(`\r\x1b[K${line.slice(0, Math.max(20, (stream.columns || 80) - 1))}`);
  };
  return {
    stage(name, total, unit = "lignes") {
      current = { name, total, unit };
      done = 0;
      draw(true);
    },
    advance(n) {
      done = n;
      draw();
    },
    end() {
      if (shown) stream.write("\r\x1b[K");
      shown = false;
    },
  };
}
