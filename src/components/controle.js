// The check of an export in the page: the files read, checked by the engine
// (src/lib/moteur.js) as `clas check` does, and the problems shown as the
// page lists them.
import { html } from "npm:htl";
import { formatBytes, formatNumber } from "../lib/format.js";
import { Download, ValuesTable } from "./table.js";

/**
 * Checks `fichiers` (File objects) with the engine, saying where it is through `dire(text,
 * done, total)`: `{ report, explanations, indicators, duree }`, or `{ panne: true }` when the
 * engine could not come, or `{ refus }` with the French message of an export refused.
 */
export async function verify(moteur, fichiers, dire) {
  dire("Préparation de la vérification…");
  let engine;
  try {
    engine = await moteur.prepare((fait, total) =>
      dire(
        `Préparation de la vérification (une seule fois) : ${formatBytes(fait)} sur ${formatBytes(total)}`,
        fait,
        total,
      ),
    );
  } catch {
    return { panne: true };
  }
  try {
    dire(`Vérification de ${fichiers.length} fichier${fichiers.length > 1 ? "s" : ""}…`);
    const files = await Promise.all(
      [...fichiers].map(async (f) => ({
        name: f.name,
        bytes: new Uint8Array(await f.arrayBuffer()),
      })),
    );
    const connection = await engine.db.connect();
    const debut = performance.now();
    try {
      return {
        ...(await engine.checkFiles(files, engine.reference, {
          query: (sql) => connection.query(sql),
          insertArrowFromIPCStream: (bytes, options) =>
            connection.insertArrowFromIPCStream(bytes, options),
          registerFileBuffer: (name, bytes) => engine.db.registerFileBuffer(name, bytes),
          dropFile: (name) => engine.db.dropFile(name),
        })),
        duree: performance.now() - debut,
      };
    } finally {
      await connection.close();
    }
  } catch (error) {
    return { refus: error.message };
  }
}

/** Rejects or warnings (`{ file, row, key, problems }`), a row per problem. */
export const problemRows = (issues) =>
  issues.flatMap((i) => i.problems.map((p) => ({ ...i, ...p })));

// the problem next to the line, on a phone too; the key and the value after
const PROBLEME = [
  { label: "Fichier, ligne", value: (r) => `${r.file}, ligne ${r.row}` },
  { label: "Problème", value: (r) => r.message },
  { label: "Colonne", value: (r) => r.column },
  { label: "Valeur", value: (r) => r.value },
  { label: "N° dossier", value: (r) => r.key ?? "—" },
];

/** The first `shown` problems (all of them in the download, when there is one), or `vide`. */
export function ProblemsTable(rows, { vide, caption, download, shown }) {
  if (rows.length === 0) return html`<p>${vide}</p>`;
  return html`${ValuesTable(rows.slice(0, shown), PROBLEME, {
    caption:
      rows.length > shown
        ? `${caption} : les ${shown} premiers sur ${formatNumber(rows.length)}, tous dans le téléchargement`
        : caption,
  })}${download ? Download(rows, PROBLEME, download) : ""}`;
}
