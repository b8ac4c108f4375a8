// The check's engine, fetched when a person shows they are about to check a
// file (a drag over the page, the pointer or the focus on the drop zone) or
// when the first file arrives — never when the page opens: DuckDB-Wasm (its
// WebAssembly, the larger part, counted as it comes for the progress bar; its
// worker and module) and the check's own modules and reference data. The
// browser caches them for the next visit.

/**
 * Prepares the engine once, whatever the number of checks; the last `progress
 * (done, total)` given hears the WebAssembly's bytes as they come.
 */
export function Moteur({ charger, wasm, worker, octets, reference }) {
  let pret = null;
  let etat = [0, octets];
  let ecoute = () => {};
  const avance = (done, total) => {
    etat = [done, total];
    ecoute(done, total);
  };
  return {
    prepare(progress) {
      if (progress) {
        ecoute = progress;
        progress(...etat);
      }
      pret ??= (async () => {
        const [{ duckdb, checkFiles }, module, donnees] = await Promise.all([
          charger(),
          telecharger(wasm, octets, avance),
          reference(),
        ]);
        const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(worker));
        const url = URL.createObjectURL(module);
        try {
          await db.instantiate(url);
        } finally {
          URL.revokeObjectURL(url);
        }
        return { db, checkFiles, reference: donnees };
      })().catch((error) => {
        pret = null; // a network failure can be tried again
        throw error;
      });
      return pret;
    },
  };
}

/** A file's bytes, counted as they come; `total` is its size, known at build time. */
async function telecharger(url, total, progress) {
  const response = await fetch(url);
  if (!response.ok || !response.body)
    throw new Error(`le moteur de vérification n'a pas pu être téléchargé (${response.status})`);
  const reader = response.body.getReader();
  const chunks = [];
  let done = 0;
  for (;;) {
    const { done: fini, value } = await reader.read();
    if (fini) break;
    chunks.push(value);
    done += value.length;
    progress(Math.min(done, total), total);
  }
  return new Blob(chunks, { type: "application/wasm" });
}
