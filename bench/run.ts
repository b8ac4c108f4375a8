// npm run bench [-- --scales 1,10]: the pipeline against the floor (DuckDB
// alone) and the peer (PapaParse + plain JS), per stage and in memory; the site
// build; the pages in headless Chromium; the in-browser check. Prints a table
// and writes data/bench/results.json. Not a test: nothing here asserts.
import { execFileSync, spawnSync } from "node:child_process";
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { pipeline as pipe } from "node:stream/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import iconv from "iconv-lite";
import { serveSite } from "../loaders/site/serve.js";
import { launch } from "../test/helpers/browser.js";
import { asWorkbook, shaped, SHAPES } from "./shapes.js";

/** What the bench measures: the scales (the ingest), the record shapes, the site and pages. */
const PARTS = ["scales", "shapes", "site"];
/** The command line's entry, as `npx clas` starts it. */
const CLI = "loaders/cli/launch.mjs";

const USAGE = `usage : npm run bench [-- --scales 1,10,100] [--parts ${PARTS.join(",")}]
  --scales  les échelles de l'échantillon mesurées (1 = la taille nationale ; 1,10,100 par défaut)
  --parts   ce qui est mesuré : scales (l'import), shapes (les formes d'enregistrement),
            site (la construction, les pages, la vérification dans le navigateur)
`;
const OPTIONS = {
  scales: { type: "string", default: "1,10,100" },
  parts: { type: "string", default: PARTS.join(",") },
  help: { type: "boolean", short: "h" },
} as const;
let values: { scales?: string; parts?: string; help?: boolean };
try {
  ({ values } = parseArgs({ options: OPTIONS }));
} catch (error) {
  process.stderr.write(
    `${(error as Error).message.replace(/^Unknown option/, "option inconnue")}\n${USAGE}`,
  );
  process.exit(2);
}
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const unknownParts = String(values.parts)
  .split(",")
  .filter((p) => !PARTS.includes(p));
if (
  unknownParts.length ||
  !String(values.scales)
    .split(",")
    .every((s) => Number(s) > 0)
) {
  process.stderr.write(
    `${unknownParts.length ? `partie inconnue : ${unknownParts.join(", ")}` : `échelles invalides : ${values.scales}`}\n${USAGE}`,
  );
  process.exit(2);
}
const scales = String(values.scales).split(",").map(Number);
const parts = new Set(String(values.parts).split(","));
const WORK = path.resolve("data/bench");
mkdirSync(WORK, { recursive: true });
const node = (script: string, args: string[]) => {
  const t = performance.now();
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", "--max-old-space-size=16384", script, ...args],
    { encoding: "utf8", maxBuffer: 1 << 26 },
  );
  const wall = performance.now() - t;
  if (r.status !== 0)
    return { error: (r.stderr || "").split("\n").slice(-4).join(" ").slice(0, 300), wall };
  return { ...JSON.parse(r.stdout), wall };
};

async function sample(scale: number): Promise<string[]> {
  const dir = path.join(WORK, `scale-${scale}`);
  const stamp = path.join(dir, "ok");
  if (!existsSync(stamp)) {
    rmSync(dir, { recursive: true, force: true });
    execFileSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "loaders/cli/main.ts",
        "sample",
        "--scale",
        String(scale),
        "--seed",
        "bench",
        "--out",
        dir,
      ],
      { stdio: "inherit" },
    );
    for (const f of readdirSync(dir).filter((f) => f.endsWith(".csv"))) {
      await pipe(
        createReadStream(path.join(dir, f)),
        iconv.decodeStream("win1252"),
        iconv.encodeStream("utf8"),
        createWriteStream(path.join(dir, f.replace(".csv", ".utf8.csv"))),
      );
    }
    writeFileSync(stamp, "");
  }
  return readdirSync(dir)
    .filter((f) => f.endsWith(".csv") && !f.includes(".utf8."))
    .sort()
    .map((f) => path.join(dir, f));
}

interface Row {
  scale: number;
  rows?: number;
  sizeMB?: number;
  pipeline?: { stages?: Record<string, number>; total?: number; rssMB?: number; error?: string };
  floor?: {
    load?: number;
    count?: number;
    /** The same load in the warehouse's storage format (floor.ts). */
    loadSameFormat?: number;
    rssMB?: number;
    error?: string;
  };
  peer?: { ms?: number; rssMB?: number; error?: string };
  /** The rounds: how many, each measure's fastest and slowest (ms), the peer's runs. */
  rounds?: {
    count: number;
    pipeline: [number, number];
    floor: [number, number];
    floorSameFormat: [number, number];
    peer: [number, number];
    peerRuns: number;
  };
}

const results: {
  scales: Row[];
  shapes?: {
    shape: string;
    scale: number;
    sizeMB: number;
    rows?: number;
    total?: number;
    rssMB?: number;
    error?: string;
  }[];
  site?: Record<string, unknown>;
  browser?: Record<string, unknown>;
} = { scales: [] };
/**
 * A scale whose files weigh less than this is measured in ROUNDS rounds, the pipeline, the floor
 * and the peer one after the other in each, and each reported by its median with its spread:
 * this machine's speed varies by up to half from one minute to the next (thirteenth session), so
 * one run of a second says little. A larger scale in LARGE_ROUNDS rounds of the pipeline and the
 * floor (half a minute and ten seconds at scale 100), the peer (a minute and more) in the first
 * only: the ratio to the floor followed the floor's one run (7.4–11.9 s at scale 100 over three
 * sessions) more than the pipeline's.
 */
const ROUNDS_BELOW_MB = 20;
const ROUNDS = 5;
const LARGE_ROUNDS = 3;

/** The middle of an odd number of runs (the lower middle of an even one). */
function median<T>(runs: T[], by: (run: T) => number): T {
  return [...runs].sort((a, b) => by(a) - by(b))[(runs.length - 1) >> 1]!;
}
const spreadOf = (values: number[]): [number, number] => [Math.min(...values), Math.max(...values)];

let db1 = "";
for (const scale of parts.has("scales") ? scales : []) {
  const files = await sample(scale);
  const utf8 = files.map((f) => f.replace(".csv", ".utf8.csv"));
  const db = path.join(WORK, `pipeline-${scale}.duckdb`);
  const row: Row = { scale, sizeMB: files.reduce((s, f) => s + readFileSync(f).length, 0) / 1e6 };
  const small = row.sizeMB! < ROUNDS_BELOW_MB;
  const rounds = small ? ROUNDS : LARGE_ROUNDS;
  const pipelines: NonNullable<Row["pipeline"]>[] = [];
  const floors: NonNullable<Row["floor"]>[] = [];
  const peers: NonNullable<Row["peer"]>[] = [];
  let rows: number | undefined;
  for (let round = 0; round < rounds; round++) {
    rmSync(db, { force: true });
    const p = node("bench/pipeline.ts", [db, ...files]);
    pipelines.push(
      p.error
        ? { error: p.error }
        : {
            stages: p.stages,
            total: Object.values(p.stages as Record<string, number>).reduce((a, b) => a + b, 0),
            rssMB: p.rssMB,
          },
    );
    rows ??= p.rows;
    const floorDb = path.join(WORK, `floor-${scale}.duckdb`);
    rmSync(floorDb, { force: true });
    floors.push(node("bench/floor.ts", [floorDb, ...utf8]));
    if (small || round === 0) peers.push(node("bench/peer.ts", files));
  }
  const failed = <T extends { error?: string }>(runs: T[]) => runs.find((r) => r.error);
  row.pipeline = failed(pipelines) ??
    // the median run's stages; the highest peak of all
    {
      ...median(pipelines, (p) => p.total!),
      rssMB: Math.max(...pipelines.map((p) => p.rssMB!)),
    };
  row.floor = failed(floors) ?? {
    ...median(floors, (f) => f.load!),
    loadSameFormat: median(floors, (f) => f.loadSameFormat!).loadSameFormat!,
  };
  row.peer = failed(peers) ?? median(peers, (p) => p.ms!);
  row.rows = rows;
  if (rounds > 1 && !row.pipeline.error && !row.floor.error && !row.peer.error) {
    row.rounds = {
      count: rounds,
      pipeline: spreadOf(pipelines.map((p) => p.total!)),
      floor: spreadOf(floors.map((f) => f.load!)),
      floorSameFormat: spreadOf(floors.map((f) => f.loadSameFormat!)),
      peer: spreadOf(peers.map((p) => p.ms!)),
      peerRuns: peers.length,
    };
  }
  results.scales.push(row);
  if (scale === 1) db1 = db;
  console.error(`scale ${scale} done`);
  writeFileSync(path.join(WORK, "results.json"), JSON.stringify(results, null, 2));
}

// the record shapes of people's files, at the largest scale measured; a workbook at scale ≤ 10
if (parts.has("shapes")) {
  const top = Math.max(...scales);
  const files = await sample(top);
  const dir = path.join(WORK, `formes-${top}`);
  const variants: { shape: string; scale: number; files: string[] }[] = SHAPES.map((shape) => ({
    shape,
    scale: top,
    files: shaped(files, shape, dir),
  }));
  const small = Math.min(top, 10);
  variants.push({
    shape: "classeur .xlsx",
    scale: small,
    files: [await asWorkbook(await sample(small), path.join(WORK, `classeur-${small}`))],
  });
  results.shapes = [];
  for (const v of variants) {
    const db = path.join(WORK, `forme.duckdb`);
    rmSync(db, { force: true });
    const p = node("bench/pipeline.ts", [db, ...v.files]);
    const sizeMB = v.files.reduce((s, f) => s + readFileSync(f).length, 0) / 1e6;
    results.shapes.push(
      p.error
        ? { shape: v.shape, scale: v.scale, sizeMB, error: p.error }
        : {
            shape: v.shape,
            scale: v.scale,
            sizeMB,
            rows: p.rows,
            total: Object.values(p.stages as Record<string, number>).reduce((a, b) => a + b, 0),
            rssMB: p.rssMB,
          },
    );
    console.error(`shape ${v.shape} done`);
    writeFileSync(path.join(WORK, "results.json"), JSON.stringify(results, null, 2));
  }
}

if (parts.has("site") && !db1) {
  db1 = path.join(WORK, "pipeline-1.duckdb");
  if (!existsSync(db1)) node("bench/pipeline.ts", [db1, ...(await sample(1))]);
}
if (parts.has("site") && db1) {
  const t = performance.now();
  const out = path.join(WORK, "site");
  // as a user runs it (`npx clas build`: the command line's launcher and its bundle)
  execFileSync(process.execPath, [CLI, "build", "--db", db1, "--out", out], { stdio: "ignore" });
  const build = performance.now() - t;
  const publicOut = path.join(WORK, "site-public");
  const tp = performance.now();
  execFileSync(
    process.execPath,
    [CLI, "build", "--db", db1, "--audience", "public", "--out", publicOut],
    { stdio: "ignore" },
  );
  // the public build: the disclosure control and its audit over the national table
  results.site = { buildMs: build, publicBuildMs: performance.now() - tp };
  const server = await serveSite(WORK, 0);
  const port = (server.address() as { port: number }).port;
  const browser = await launch();
  // the time, cold (the browser's cache emptied), with nothing else listening; then the
  // bytes, gzipped as a server would send them, in a second visit that reads every response
  const measure = async (
    url: string,
    ready: string,
    {
      throttle = false,
      after,
    }: { throttle?: boolean; after?: (page: import("playwright-core").Page) => Promise<void> } = {},
  ) => {
    const timed = await browser.newPage();
    const cdp = await timed.context().newCDPSession(timed);
    await cdp.send("Network.clearBrowserCache");
    if (throttle) {
      // a mid-range phone on a mobile network: 4× slower CPU, 9 Mbit/s down, 40 ms
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
      await cdp.send("Network.enable");
      await cdp.send("Network.emulateNetworkConditions", {
        offline: false,
        latency: 40,
        downloadThroughput: (9e6 / 8) | 0,
        uploadThroughput: (2e6 / 8) | 0,
      });
    }
    const t0 = performance.now();
    await timed.goto(`http://127.0.0.1:${port}${url}`);
    await timed.waitForFunction(ready, null, { timeout: 300_000, polling: 50 });
    const ms = performance.now() - t0;
    await timed.close();
    const page = await browser.newPage();
    const bodies: [string, Promise<Buffer>, string][] = [];
    let phase = "load";
    page.on("response", (r) => {
      const ext = path.extname(new URL(r.url()).pathname) || ".html";
      const type =
        (
          {
            ".js": "js",
            ".mjs": "js",
            ".css": "css",
            ".json": "data",
            ".html": "html",
            ".wasm": "wasm",
          } as Record<string, string>
        )[ext] ?? ext;
      bodies.push([type, r.body().catch(() => Buffer.alloc(0)), phase]);
    });
    await page.goto(`http://127.0.0.1:${port}${url}`);
    await page.waitForFunction(ready, null, { timeout: 300_000, polling: 50 });
    await page.waitForLoadState("networkidle");
    phase = "after";
    if (after) await after(page);
    await page.waitForLoadState("networkidle");
    await page.close();
    const bytes: Record<string, number> = {};
    let later = 0;
    for (const [type, body, when] of bodies) {
      const size = gzipSync(await body).length;
      if (when === "load") bytes[type] = (bytes[type] ?? 0) + size;
      else later += size;
    }
    const total = Object.values(bytes).reduce((a, b) => a + b, 0);
    return {
      ms,
      gzipKB: Object.fromEntries(Object.entries(bytes).map(([k, v]) => [k, Math.round(v / 1024)])),
      totalKB: Math.round(total / 1024),
      ...(after ? { afterKB: Math.round(later / 1024) } : {}),
    };
  };
  // the map with every place drawn: loaded, its places' source and every tile and label done
  const drawn = `(() => { const m = window.clasCarte; return m && m.loaded() && m.isSourceLoaded("lieux") && m.areTilesLoaded() && !m.isMoving() && document.querySelector("#liste-lieux-etat")?.textContent; })()`;
  // then a parent searches Lille and zooms in: the bytes of the gazetteer's files
  const searchLille = async (page: import("playwright-core").Page) => {
    await page.getByLabel("Commune, code postal ou nom d'un lieu").fill("Lille");
    await page.getByRole("button", { name: "Chercher", exact: true }).click();
    await page.waitForFunction(() =>
      /Clas à Lille/.test(document.querySelector("#recherche-message")?.textContent ?? ""),
    );
    await page.waitForTimeout(1500);
  };
  const carte = await measure("/site-public/carte", drawn, { after: searchLille });
  const carteThrottled = await measure("/site-public/carte", drawn, { throttle: true });
  const overview = await measure(
    "/site/",
    `document.querySelectorAll("observablehq-loading").length === 0 && document.querySelectorAll("figure svg, svg[role]").length > 3`,
  );
  // the check page: its bytes before a file; a first drop with the browser's cache empty
  // (the engine fetched and compiled, then the check); a second drop (the engine ready)
  const verifier = await measure(
    "/site/verifier",
    `document.querySelector("#verification-etat") !== null`,
  );
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.clearBrowserCache");
  await page.goto(`http://127.0.0.1:${port}/site/verifier`, { waitUntil: "networkidle" });
  await page.waitForSelector("#verification-etat");
  const files = await sample(1);
  const drop = async () => {
    // the status line emptied: the next one is the new check's
    await page.evaluate(() => {
      document.querySelector("#verification-etat")!.textContent = "";
    });
    const before = "";
    const t0 = performance.now();
    await page.getByLabel("Fichiers de l'export").setInputFiles(files);
    const shown = await page.waitForFunction(
      (text) => {
        const now = document.querySelector("#verification-etat")?.textContent ?? "";
        return now !== text && now.includes("lignes lues") ? now : false;
      },
      before,
      { timeout: 120_000 },
    );
    const ms = performance.now() - t0;
    return { ms, text: String(await shown.jsonValue()) };
  };
  const first = await drop();
  const second = await drop();
  const check = {
    beforeFileKB: verifier.totalKB,
    firstDropMs: first.ms,
    dropToShownMs: second.ms,
    page: second.text.replace(/\s+/g, " ").trim(),
  };
  await browser.close();
  server.close();
  results.browser = { carte, carteThrottled, overview, check };
}

writeFileSync(path.join(WORK, "results.json"), JSON.stringify(results, null, 2));
const s = (ms?: number) => (ms === undefined ? "—" : `${(ms / 1000).toFixed(2)} s`);
console.log(
  "\n| scale | rows | MB | transcode | read | validate | store | rules | indicators | pipeline | RSS | floor load | count(*) | peer | peer RSS | pipeline/floor | peer/pipeline |",
);
console.log("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
for (const r of results.scales) {
  const st = r.pipeline?.stages ?? {};
  console.log(
    `| ${r.scale} | ${r.rows ?? "—"} | ${r.sizeMB?.toFixed(0)} | ${s(st.transcode)} | ${s(st.read)} | ${s(st.validate)} | ${s(st.store)} | ${s(st.rules)} | ${s(st.indicators)} | ${r.pipeline?.error ? `échec : ${r.pipeline.error}` : s(r.pipeline?.total)} | ${r.pipeline?.rssMB?.toFixed(0) ?? "—"} MB | ${s(r.floor?.load)} | ${s(r.floor?.count)} | ${s(r.peer?.ms)} | ${r.peer?.rssMB?.toFixed(0) ?? "—"} MB | ${r.pipeline?.total && r.floor?.load ? (r.pipeline.total / r.floor.load).toFixed(2) : "—"} | ${r.pipeline?.total && r.peer?.ms ? (r.peer.ms / r.pipeline.total).toFixed(2) : "—"} |`,
  );
}
for (const r of results.scales) {
  if (!r.rounds) continue;
  const range = ([a, b]: [number, number]) => `${s(a)} – ${s(b)}`;
  console.log(
    `scale ${r.scale}: medians of ${r.rounds.count} rounds (the pipeline, the floor${r.rounds.peerRuns < r.rounds.count ? "; the peer in the first" : ", the peer in turn"}); pipeline ${range(r.rounds.pipeline)}, floor ${range(r.rounds.floor)}, peer ${range(r.rounds.peer)}`,
  );
  // the floor in the warehouse's storage format, which DuckDB writes faster (floor.ts)
  const same = r.floor?.loadSameFormat;
  if (same && r.pipeline?.total)
    console.log(
      `scale ${r.scale}: the floor in the warehouse's storage format ${s(same)} (${range(r.rounds.floorSameFormat)}), pipeline/floor ${(r.pipeline.total / same).toFixed(2)}`,
    );
}
if (results.shapes) {
  console.log("\n| shape | scale | MB | rows | pipeline | peak RSS |");
  console.log("|---|---|---|---|---|---|");
  for (const r of results.shapes) {
    console.log(
      `| ${r.shape} | ${r.scale} | ${r.sizeMB.toFixed(0)} | ${r.rows ?? "—"} | ${r.error ? `échec : ${r.error}` : s(r.total)} | ${r.rssMB?.toFixed(0) ?? "—"} MB |`,
    );
  }
}
if (results.site)
  console.log(
    `\nsite build (scale 1, loaders re-run): ${s(results.site.buildMs as number)}; public build: ${s(results.site.publicBuildMs as number)}`,
  );
if (results.browser) console.log(JSON.stringify(results.browser, null, 2));
