// The in-browser check of an export: the ingest of `clas ingest` and `clas
// check` (reading, validation, claims, rules), its files in memory and its
// database DuckDB-Wasm, then the indicators and explanations of `clas
// indicators` and `clas explain`. Bundled for the page by `clas build`.
// Bytes in, results out; nothing leaves the page.
import { buildMapping, type MappingFile } from "../export/mapping.js";
import { createCommuneReference } from "../geo/communes.js";
import { prepareIngest, storeIngest } from "../ingest/ingest.js";
import { checkReferentiel } from "../referentiel/seuils.js";
import { checkReport } from "../report.js";
import { createSchema } from "../warehouse/schema.js";
import { memoryFiles } from "./memory-files.js";
import { checkVerdicts, emptyDatabase } from "./verdicts.js";
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

/** Checks made in this page: each names its work files apart. */
let checks = 0;

export async function checkFiles(
  given: { name: string; bytes: Uint8Array }[],
  reference: CheckReference,
  connection: WasmConnection,
) {
  const context = {
    mapping: buildMapping([{ source: "correspondances par défaut", content: reference.mapping }]),
    communes: createCommuneReference(
      reference.communes.map(([code, nom, departement]) => ({ code, nom, departement })),
      reference.anciensCodes,
    ),
  };
  const referentiel = checkReferentiel(reference.referentiel, "référentiel");
  const files = memoryFiles(given.map((f) => f.bytes));
  const prepared = await prepareIngest(
    files,
    given.map((f) => f.name),
    `verification-${++checks}`,
    context,
  );
  // the split files, for DuckDB's reader: copies (the page reads them again), dropped at the end
  const registered = [...files.written()].filter(([path]) => path.endsWith(".csv"));
  for (const [path, bytes] of registered) await connection.registerFileBuffer(path, bytes.slice());
  try {
    const engine = wasmEngine(connection);
    await emptyDatabase(engine);
    await engine.exec(createSchema({ json: false }));
    const result = await storeIngest(engine, prepared, context, {
      now: new Date(),
      referentiel,
      keep: Infinity,
    });
    const { indicators, explanations } = await checkVerdicts(engine, reference.departements);
    return { report: checkReport(result), indicators, explanations };
  } finally {
    for (const [path] of registered) await connection.dropFile(path);
  }
}
