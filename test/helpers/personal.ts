// Looking for personal cells where they must never be: every table but
// donnees_personnelles, every file of a built site (zips opened), a message.
import JSZip from "jszip";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { TABLES, query } from "./warehouse.js";
import type { Row } from "./export.js";

/** The personal cells of action rows, and the forms a phone takes once read as a number. */
export function personalCells(actions: Row[]): string[] {
  const cells = actions.flatMap((a) =>
    [a.coordinateur_nom, a.contact_courriel, a.contact_telephone].filter(
      (v): v is string => !!v && v.trim() !== "",
    ),
  );
  const phones = actions
    .map((a) => (a.contact_telephone ?? "").replace(/\D/g, ""))
    .filter((d) => d.length >= 9)
    .flatMap((d) => [d, d.replace(/^0+/, "")]);
  return [...new Set([...cells, ...phones])];
}

/** Every table's rows as text, but the personal table's. */
export async function tablesText(db: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of [...TABLES, "seuils", "regles_actions", "regles_collectifs"]) {
    if (t === "donnees_personnelles") continue;
    out[t] = JSON.stringify(await query(db, `SELECT * FROM ${t}`));
  }
  return out;
}

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? allFiles(p) : [p];
  });
}

/**
 * Every file of a built site as text, the members of its zips included; but the libraries
 * Framework copies from node_modules (`_npm/`: 36 of its 50 MB, DuckDB-Wasm's WebAssembly
 * mostly), which hold nothing of the data.
 */
export async function filesText(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of allFiles(dir)) {
    if (path.relative(dir, f).split(path.sep)[0] === "_npm") continue;
    const bytes = readFileSync(f);
    const name = path.relative(dir, f);
    if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
      const zip = await JSZip.loadAsync(bytes);
      for (const member of Object.keys(zip.files)) {
        out[`${name}:${member}`] = await zip.files[member]!.async("string");
      }
    } else out[name] = bytes.toString("utf8");
  }
  return out;
}

/** Where each secret shows in texts: `place ← secret`; empty when nowhere. */
export function leaks(texts: Record<string, string>, secrets: string[]): string[] {
  const found: string[] = [];
  for (const [place, text] of Object.entries(texts)) {
    for (const secret of secrets) if (text.includes(secret)) found.push(`${place} ← ${secret}`);
  }
  return found;
}
