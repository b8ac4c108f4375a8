// What the in-browser check needs of the reference data: communes, former
// codes, default aliases, thresholds and départements (no database).
import { readFileSync } from "node:fs";
import { readCommunes, readDepartements, readFormerCodes, geoDir } from "../../loaders/geo/load.js";
import { DEFAULT_MAPPING, loadReferentiel } from "../../loaders/configuration.js";

const communes = await readCommunes(geoDir());
process.stdout.write(
  JSON.stringify({
    communes: communes.map((c) => [c.code, c.nom, c.departement]),
    anciensCodes: readFormerCodes(),
    mapping: JSON.parse(readFileSync(DEFAULT_MAPPING, "utf8")),
    referentiel: await loadReferentiel(),
    departements: (await readDepartements()).map((d) => ({
      code: d.code,
      nom: d.nom,
      region: d.region,
    })),
  }),
);
