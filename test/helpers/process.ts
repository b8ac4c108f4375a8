// The CLI in a process of its own: its memory, its signals, its exit status.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { PROJECT_ROOT } from "../../loaders/configuration.js";

export interface Finished {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Node's heap limit: the memory a bounded-memory promise is held to. */
  heapMB?: number;
  env?: Record<string, string>;
  /** Called with the child once it runs (to signal it, for instance). */
  started?: (child: ChildProcess) => void;
}

/** The command line's entry, as `npx clas` starts it. */
export const CLI_ENTRY = path.join(PROJECT_ROOT, "loaders", "cli", "launch.mjs");

/** The same as a shell's words: `node … ARGS` in a `bash -c` line. */
export function cliShell(args: string): string {
  return `"${process.execPath}" "${CLI_ENTRY}" ${args}`;
}

/** `clas ARGS…` in a child process, from the project root. */
export function runCli(args: string[], options: RunOptions = {}): Promise<Finished> {
  const node = [...(options.heapMB ? [`--max-old-space-size=${options.heapMB}`] : []), CLI_ENTRY];
  return runCommand(process.execPath, [...node, ...args], options);
}

/** Any command, from the project root, its output captured. */
export function runCommand(
  command: string,
  args: string[],
  options: RunOptions = {},
): Promise<Finished> {
  const child = spawn(command, args, {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += String(d)));
  child.stderr!.on("data", (d) => (stderr += String(d)));
  options.started?.(child);
  return new Promise((resolve) =>
    child.on("close", (status, signal) => resolve({ status, signal, stdout, stderr })),
  );
}
