// Disks as they fail: a tmpfs too small (full disk), mounted read-only; a file
// made immutable. These need root (CI runs as root); elsewhere the tests that
// use them are skipped, and say so.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";

function run(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: "ignore" }).status === 0;
}

/** A tmpfs of `size` (e.g. "2m") at `dir`, read-only if asked; false when mounting is not allowed. */
export function mountTmpfs(dir: string, size: string, readOnly = false): boolean {
  mkdirSync(dir, { recursive: true });
  return run("mount", ["-t", "tmpfs", "-o", `size=${size}${readOnly ? ",ro" : ""}`, "tmpfs", dir]);
}

export function remount(dir: string, readOnly: boolean): boolean {
  return run("mount", ["-o", `remount,${readOnly ? "ro" : "rw"}`, dir]);
}

export function unmount(dir: string): void {
  run("umount", ["-l", dir]);
}

export function setImmutable(file: string, immutable: boolean): boolean {
  return run("chattr", [immutable ? "+i" : "-i", file]);
}

/** Whether this machine lets the tests mount a tmpfs and make a file immutable (root). */
export const CAN_BREAK_DISKS = process.getuid?.() === 0 && run("mount", ["--version"]);
