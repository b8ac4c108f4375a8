// The départements' bilans: one page built by Framework (src/departement/index.md,
// which reads its département's code from its address), written once per
// département as `departement/<code>.html`. Building it 101 times cost as much
// as all the rest of the site; the copies differ only by their title (fix-pages.ts).
import { copyFile, rm } from "node:fs/promises";
import path from "node:path";

export const BILAN_TEMPLATE = "departement/index.html";

export async function writeBilanPages(
  out: string,
  departements: { code: string }[],
): Promise<void> {
  const template = path.join(out, BILAN_TEMPLATE);
  for (const { code } of departements)
    await copyFile(template, path.join(out, "departement", `${code}.html`));
  // the template itself is no page: /departement/ is « page introuvable »
  await rm(template);
}
