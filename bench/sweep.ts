// The demo sweep at full size: wall time, runs per minute and the queue's overhead per run (time a worker
// spends not training or evaluating), for N seeds of each of the demo's recipe × architecture groups.
//   npx tsx bench/sweep.ts [seeds=50] [workers=2]
// With DATABASE_URL the sweep runs in a throw-away database on that server; without, in a temporary
// embedded store.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openStore } from "@seedscope/db";
import { createThrowawayDatabase, runTotals } from "@seedscope/db/testing";
import { DEMO_SWEEP } from "@seedscope/sweep";

const seeds = Number(process.argv[2] ?? 50);
const server = Boolean(process.env.DATABASE_URL?.trim());
const workers = Number(process.argv[3] ?? 2);
const bin = fileURLToPath(new URL("../apps/cli/bin/seedscope.js", import.meta.url));
const home = mkdtempSync(join(tmpdir(), "seedscope-bench-sweep-"));
const db = server ? await createThrowawayDatabase("seedscope_bench") : null;
const env = { ...process.env, SEEDSCOPE_HOME: home, ...(db ? { DATABASE_URL: db.url } : {}) };
if (!db) delete env.DATABASE_URL;

const args = [
  "sweep",
  "--recipe",
  DEMO_SWEEP.recipes.join(","),
  "--arch",
  DEMO_SWEEP.archs.join(","),
  "--dataset",
  DEMO_SWEEP.dataset,
  "--seeds",
  `0-${seeds - 1}`,
  "--train-size",
  String(DEMO_SWEEP.trainSize),
  "--eval-size",
  String(DEMO_SWEEP.evalSize),
  "--workers",
  String(workers),
  ...DEMO_SWEEP.overrides.flatMap((o) => ["--set", o]),
];
console.log(
  `demo sweep: ${seeds} seeds × ${DEMO_SWEEP.recipes.length * DEMO_SWEEP.archs.length} groups, ${workers} worker(s), ${server ? "PostgreSQL" : "embedded PGlite"} store`,
);
const started = performance.now();
execFileSync(process.execPath, [bin, ...args], { env, stdio: ["ignore", "ignore", "inherit"] });
const wall = (performance.now() - started) / 1000;

const store = await openStore({
  config: db ? { backend: "postgres", url: db.url } : { backend: "pglite", dataDir: join(home, "pglite") },
});
const { runs, finished, busySeconds: busy } = await runTotals(store);
await store.close();
const perRunWall = (wall * workers) / runs;
const perRunBusy = busy / runs;
console.log(
  `  wall time               ${(wall / 60).toFixed(1)} min (${wall.toFixed(0)} s), ${finished}/${runs} runs finished`,
);
console.log(`  runs per minute         ${((runs / wall) * 60).toFixed(1)}`);
console.log(
  `  worker time per run     ${perRunWall.toFixed(1)} s, of which training + evaluation ${perRunBusy.toFixed(1)} s`,
);
console.log(
  `  overhead per run        ${(perRunWall - perRunBusy).toFixed(2)} s (${(((perRunWall - perRunBusy) / perRunWall) * 100).toFixed(1)} %: process start, data, queue, store)`,
);
console.log(
  `  target                  100 seeds in < 15 min on 2 cores: ${seeds === 100 && wall < 900 ? "met" : seeds === 100 ? "missed" : "n/a at this size"}`,
);
await db?.drop();
rmSync(home, { recursive: true, force: true });
