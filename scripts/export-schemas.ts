// Writes the export format's Table Schemas into docs/schemas/ (the public build
// publishes the same in donnees/schemas/): `npm run schemas` after a change of
// loaders/export/fields.ts; test/open-data.test.ts holds the two equal.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../loaders/configuration.js";
import { exportSchemaFiles } from "../loaders/publish/open-data.js";

const dir = path.join(PROJECT_ROOT, "docs/schemas");
mkdirSync(dir, { recursive: true });
for (const [name, schema] of exportSchemaFiles())
  writeFileSync(path.join(dir, name), `${JSON.stringify(schema, null, 1)}\n`);
console.log(`schémas du format d'export écrits dans ${dir}`);
