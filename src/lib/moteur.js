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
        const [{ duckdb, checkFiles }, donnees] = await Promise.all([charger(), reference()]);
        const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(worker));
        // from its address, compiled as it comes, with no copy of its bytes in the page; its
        // bytes counted against its size known at build time (a compressed response says no
        // length)
        await db.instantiate(wasm, null, (p) => avance(Math.min(p.bytesLoaded, octets), octets));
        return { db, checkFiles, reference: donnees };
      })().catch((error) => {
        pret = null; // a network failure can be tried again
        throw error;
      });
      return pret;
    },
  };
}
