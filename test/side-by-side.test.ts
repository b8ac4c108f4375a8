// Independent queries side by side (warehouse/engine.ts sideBySide): on forked connections
// when the engine forks (DuckDB in Node), one after the other when it does not (DuckDB-Wasm);
// the results in the items' order either way, and a failure stops what has not started.
import { expect, it } from "vitest";
import { sideBySide, type SqlEngine } from "../loaders/warehouse/engine.js";
import { memoryEngine } from "../loaders/warehouse/node-engine.js";

/** An engine whose statements are never run: `forks` counts the connections opened and closed. */
function fakeEngine(forks?: { opened: number; closed: number }): SqlEngine {
  const engine: SqlEngine = {
    runtime: forks ? "node" : "wasm",
    exec: async () => {},
    query: async () => [],
    appender: async () => ({ row() {}, close: async () => {} }),
  };
  if (forks) {
    engine.fork = async () => {
      forks.opened++;
      return { engine: fakeEngine(), close: () => forks.closed++ };
    };
  }
  return engine;
}

/** A work that records how many items are in flight at once and which engine ran each. */
function tracked() {
  let inFlight = 0;
  const seen = { most: 0, started: [] as number[], engines: new Set<SqlEngine>() };
  const work = async (item: number, on: SqlEngine) => {
    seen.started.push(item);
    seen.engines.add(on);
    seen.most = Math.max(seen.most, ++inFlight);
    await new Promise((resolve) => setTimeout(resolve, (5 - item) * 3));
    inFlight--;
    if (item === 2 && seen.started.includes(-1)) throw new Error("échec");
    return item * 10;
  };
  return { seen, work };
}

it("runs the items on two connections at once when the engine forks, results in order", async () => {
  const forks = { opened: 0, closed: 0 };
  const { seen, work } = tracked();
  expect(await sideBySide(fakeEngine(forks), 2, [0, 1, 2, 3, 4], work)).toEqual([
    0, 10, 20, 30, 40,
  ]);
  expect(seen.most).toBe(2);
  expect(seen.engines.size).toBe(2);
  expect(forks).toEqual({ opened: 1, closed: 1 });
});

it("runs them one after the other, in order, when the engine does not fork", async () => {
  const { seen, work } = tracked();
  expect(await sideBySide(fakeEngine(), 2, [0, 1, 2], work)).toEqual([0, 10, 20]);
  expect(seen.most).toBe(1);
  expect(seen.started).toEqual([0, 1, 2]);
});

it("after a failure starts nothing more, lets the others end, closes the forks, then throws", async () => {
  const forks = { opened: 0, closed: 0 };
  const { seen, work } = tracked();
  await expect(sideBySide(fakeEngine(forks), 2, [-1, 2, 3, 4, 5], work)).rejects.toThrow("échec");
  // -1 and 2 start together; 2 fails first (-1 is slower): 3, 4, 5 never start
  expect(seen.started.sort()).toEqual([-1, 2]);
  expect(forks).toEqual({ opened: 1, closed: 1 });
});

it("a forked connection of DuckDB sees and writes the same database", async () => {
  const { engine, close } = await memoryEngine();
  try {
    await engine.exec("CREATE TABLE t (n INTEGER)");
    await sideBySide(engine, 2, [1, 2, 3], (n, on) => on.exec(`INSERT INTO t VALUES (${n})`));
    const rows = await engine.query("SELECT sum(n)::INTEGER AS s, count(*)::INTEGER AS c FROM t");
    expect(rows).toEqual([{ s: 6, c: 3 }]);
  } finally {
    close();
  }
});
