// The files given to an ingest, as the system has them: a regular file is
// read where it is; a pipe (a named pipe, `<(…)`, standard input) is read
// once, into the ingest's work folder, without ever waiting forever; anything
// else (a folder, a device) is refused with its reason. Node only.
import { closeSync, constants, openSync, readSync, statSync, writeSync } from "node:fs";
import path from "node:path";
import type { Input } from "./files.js";

/** How long a pipe may stay silent before it is given up: before its first byte, then between bytes. */
export const PIPE_FIRST_WAIT = 5_000;
export const PIPE_IDLE_WAIT = 60_000;

/** Why a file could not be opened, in French. */
export function unreadable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case "ENOENT":
      return "fichier introuvable";
    case "EISDIR":
      return "c'est un dossier, pas un fichier";
    case "EACCES":
    case "EPERM":
      return "lecture refusée (droits du fichier) : vérifier que l'utilisateur peut le lire";
    case "ELOOP":
      return "lien symbolique qui boucle sur lui-même";
    case "ENAMETOOLONG":
      return "nom de fichier trop long";
    default:
      return `illisible (erreur système ${code ?? "inconnue"})`;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads a pipe into `target` once, by chunks; refuses a pipe that stays silent. */
async function spool(file: string, target: string): Promise<string | null> {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  const out = openSync(target, "w");
  const buffer = new Uint8Array(1024 * 1024);
  let received = 0;
  let waited = 0;
  try {
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buffer, 0, buffer.length, null);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
        n = -1;
      }
      if (n > 0) {
        writeSync(out, buffer, 0, n);
        received += n;
        waited = 0;
        continue;
      }
      // no writer yet, or nothing to read yet: wait, but not forever
      if (n === 0 && received > 0) return null;
      const limit = received === 0 ? PIPE_FIRST_WAIT : PIPE_IDLE_WAIT;
      if (waited >= limit) {
        return received === 0
          ? n === 0
            ? null // nothing came: an empty file, refused as such
            : `tube sans données depuis ${limit / 1000} s : le programme qui devait l'écrire ne répond pas`
          : `tube interrompu : plus rien reçu depuis ${limit / 1000} s`;
      }
      await sleep(20);
      waited += 20;
    }
  } finally {
    closeSync(fd);
    closeSync(out);
  }
}

/** One input: a regular file as it is, a pipe read once into `work`, or why it is refused. */
export async function openInput(file: string, work: string, n: number): Promise<Input> {
  let stat;
  try {
    stat = statSync(file);
  } catch (error) {
    return { file, refused: unreadable(error) };
  }
  if (stat.isFile()) return { file, path: file, size: stat.size };
  if (stat.isDirectory()) return { file, refused: "c'est un dossier, pas un fichier" };
  if (!stat.isFIFO()) {
    return {
      file,
      refused:
        "ni un fichier ni un tube (un périphérique, une prise réseau…) : donner un fichier CSV ou XLSX",
    };
  }
  const target = path.join(work, `entree-${n}`);
  try {
    const refused = await spool(file, target);
    return refused ? { file, refused } : { file, path: target, size: statSync(target).size };
  } catch (error) {
    return { file, refused: unreadable(error) };
  }
}
