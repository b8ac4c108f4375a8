// A mapping file as people write it: null, aliases that are not text, a BOM
// from Windows' Notepad. Its shape is checked entry by entry, in French.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EXAMPLE_EXPORT } from "../../loaders/cli/commands.js";
import { cli, tempDir } from "../helpers/warehouse.js";

async function checkWith(content: string) {
  const dir = tempDir();
  const mapping = path.join(dir, "correspondances.json");
  writeFileSync(mapping, content);
  return { mapping, result: await cli("check", "--mapping", mapping, ...EXAMPLE_EXPORT) };
}

describe("the mapping file", () => {
  it("null is refused: an object is expected", async () => {
    const { mapping, result } = await checkWith("null");
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `${mapping} : un objet JSON est attendu ({ "headers": { champ: [alias…] }, "values": { champ: { alias: valeur } } }), pas null\n`,
    );
  });

  it("booleans and numbers as aliases are named, each", async () => {
    const { mapping, result } = await checkWith(
      JSON.stringify({
        headers: { porteur_nom: ["Structure porteuse", true, 3], siret: "SIRET" },
        values: { bool: { Yes: true } },
      }),
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `${mapping} : headers.porteur_nom[1] doit être un texte, pas le booléen true ; headers.porteur_nom[2] doit être un texte, pas le nombre 3 ; headers.siret doit être une liste de textes, pas le texte « SIRET » ; values.bool["Yes"] doit être un texte, pas le booléen true\n`,
    );
  });

  it("a BOM before the JSON is no mistake", async () => {
    const { result } = await checkWith(
      `\ufeff${JSON.stringify({ headers: { porteur_nom: ["Structure"] } })}`,
    );
    expect(result.status, result.stderr).toBe(0);
  });

  it("broken JSON says where, in French", async () => {
    const { mapping, result } = await checkWith(
      '{\n  "headers": {\n    "porteur_nom": ["A"],\n  }\n}',
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `^${mapping.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} : JSON invalide ligne 4, colonne 3 : `,
      ),
    );
  });
});
