// The in-browser check of an export: the very modules of the Node pipeline
// (reading, validation, rules, indicators, explanations), bundled for the page
// by `clas build`. Bytes in, results out; nothing leaves the page.
import { validateExport, type ReadFile } from "../export/batch.js";
import { buildMapping, type MappingFile } from "../export/mapping.js";
import { createCommuneReference } from "../geo/communes.js";
import { FileRefusedError } from "../read/errors.js";
import { readExportFile } from "../read/file.js";
import { checkReferentiel } from "../referentiel/seuils.js";
import { checkReport } from "../report.js";
import { checkInEngine } from "./engine.js";
import { wasmEngine, type WasmConnection } from "./wasm-engine.js";

export { ExportRefusedError } from "../export/batch.js";

/** Reference data the page loads once: what the Node pipeline reads from files. */
export interface CheckReference {
  communes: [code: string, nom: string, departement: string][];
  anciensCodes: [ancien: string, actuel: string][];
  mapping: MappingFile;
  referentiel: unknown;
  departements: { code: string; nom: string; region: string }[];
}

export async function checkFiles(
  files: { name: string; bytes: Uint8Array }[],
  reference: CheckReference,
  connection: WasmConnection,
) {
  const read: ReadFile[] = [];
  for (const f of files) {
    try {
      read.push({ file: f.name, hash: "", tables: await readExportFile(f.name, f.bytes) });
    } catch (error) {
      if (!(error instanceof FileRefusedError)) throw error;
      read.push({ file: f.name, hash: "", tables: error });
    }
  }
  const context = {
    mapping: buildMapping([{ source: "correspondances par défaut", content: reference.mapping }]),
    communes: createCommuneReference(
      reference.communes.map(([code, nom, departement]) => ({ code, nom, departement })),
      reference.anciensCodes,
    ),
  };
  const batch = validateExport(read, context);
  const referentiel = checkReferentiel(reference.referentiel, "référentiel");
  const { indicators, explanations } = await checkInEngine(
    wasmEngine(connection),
    batch,
    referentiel,
    reference.departements,
  );
  return { report: checkReport(batch), indicators, explanations };
}
