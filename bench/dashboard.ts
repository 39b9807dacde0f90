// Dashboard latency at two sizes: 10,000 runs with a 100-seed sweep, then 100,000 runs with a 1,000-seed
// sweep, each seed with 300 epochs × 6 metrics (180,000 and 1,800,000 points). Times each view's tRPC calls
// over HTTP (the same handler the dashboard serves, JSON serialization included) and prints p50 / p95.
//   npx tsx bench/dashboard.ts [repeats=20] [baselineRepeats=5]
// With DATABASE_URL it runs in a throw-away database on that server; without, in an in-memory embedded store.
// Baselines in the same run: the comparison views computed the old way (every finished run in scope loaded
// and aggregated in the process) against the same views aggregated in SQL, both called directly; and the
// raw metric rows a browser-side seed study would download against the aggregated sweep view.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { SeededRandom } from "@seedscope/core";
import {
  ablationPath,
  archRecipeMatrix,
  architectureTable,
  createRecipe,
  finishedGroupList,
  generalization,
  loadGroups,
  openStore,
  recipeDiffTable,
  type Store,
} from "@seedscope/db";
import {
  analyzeStore,
  BENCH_CURVE_KEYS,
  type BenchRun,
  createBenchSweep,
  createThrowawayDatabase,
  fillEpochCurves,
  inMemoryAblationPath,
  inMemoryArchitectureTable,
  inMemoryArchRecipeMatrix,
  inMemoryGeneralization,
  inMemoryRecipeDiffTable,
  insertFinishedRuns,
  readSweepMetricPoints,
  storeSize,
  sweepRunIds,
} from "@seedscope/db/testing";
import { applyOverrides, getRecipe } from "@seedscope/recipes";
import { createApiHandler, TRPC_PATH } from "@seedscope/web/server";
import superjson from "superjson";

const REPEATS = Number(process.argv[2] ?? 20);
const BASELINE_REPEATS = Number(process.argv[3] ?? 5);
const SIZES = [
  { runs: 10_000, studySeeds: 100 },
  { runs: 100_000, studySeeds: 1_000 },
];
const EPOCHS = 300;
const ARCHS = ["resnet20", "vit-tiny", "cait-xxs", "resmlp-s", "pcn-s"];
const DATASET = "imagenet-mini";

const onServer = Boolean(process.env.DATABASE_URL?.trim());
const target = onServer ? 1000 : 2000;

async function storeRecipes(s: Store): Promise<string[]> {
  const base = getRecipe("deit3");
  const baseHash = (await createRecipe(s, { body: base, name: "deit3" })).hash;
  const hashes = [baseHash];
  // An ablation path: each step changes one more field of the one before.
  let body = base;
  for (const override of ["optimizer.lr=0.002", "epochs=400", "augment.mixupAlpha=0"]) {
    const parentHash = hashes[hashes.length - 1]!;
    body = applyOverrides(body, [override]);
    hashes.push((await createRecipe(s, { body, name: `deit3 (${override})`, parentHash })).hash);
  }
  hashes.push((await createRecipe(s, { body: getRecipe("a2"), name: "a2" })).hash);
  return hashes;
}

/** A seed study (one group, `studySeeds` seeds with curves) and a grid of 5 recipes × 5 archs filling up to `total` runs. */
async function fill(s: Store, total: number, studySeeds: number) {
  const random = SeededRandom.fromSeed(2026, "bench-dashboard");
  const normal = () => random.normal();
  const recipes = await storeRecipes(s);
  const study = await createBenchSweep(s, "bench study");
  const grid = await createBenchSweep(s, "bench grid");
  const runs: BenchRun[] = [];
  const run = (sweepId: number, recipeHash: string, arch: string, seed: number, mean: number): BenchRun => {
    const val = mean + 0.1 * normal();
    return {
      sweepId,
      recipeHash,
      arch,
      dataset: DATASET,
      seed,
      val,
      v2: val - 11 + 0.15 * normal(),
      params: 5_700_000,
      flops: 1.2e9,
      throughput: 900 + 50 * normal(),
      peakMemoryMb: 2048,
      peakTensorMb: 300 + normal(),
      collapsed: false,
      epochsDone: EPOCHS,
    };
  };
  for (let seed = 0; seed < studySeeds; seed++) runs.push(run(study, recipes[0]!, "vit-tiny", seed, 72.2));
  for (let seed = 0; runs.length < total; seed++)
    for (const [r, recipe] of recipes.entries())
      for (const [a, arch] of ARCHS.entries())
        if (runs.length < total) runs.push(run(grid, recipe, arch, seed, 70 + r + a));
  await insertFinishedRuns(s, runs);
  await fillEpochCurves(s, study, EPOCHS);
  await analyzeStore(s);
  return { study, runId: (await sweepRunIds(s, study))[0]!, recipes };
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

async function timed(repeats: number, once: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < Math.min(2, repeats); i++) await once(i); // warm-up
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    await once(i);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

interface Case {
  view: string;
  path: string;
  input: (i: number) => unknown;
  target?: number;
}

async function benchSize(totalRuns: number, studySeeds: number): Promise<void> {
  const db = onServer ? await createThrowawayDatabase("seedscope_bench") : null;
  const store = await openStore({
    config: db ? { backend: "postgres", url: db.url } : { backend: "pglite", dataDir: null },
  });
  try {
    const fillStart = performance.now();
    const { study, runId, recipes } = await fill(store, totalRuns, studySeeds);
    const size = await storeSize(store);
    console.log(
      `\n== ${store.backend === "pglite" ? "embedded store (in memory, over its socket)" : "PostgreSQL"}: ${size.runs} runs, ${size.metrics} metric points (a ${studySeeds}-seed × ${EPOCHS}-epoch sweep); filled in ${((performance.now() - fillStart) / 1000).toFixed(1)} s`,
    );

    const handler = createApiHandler(store);
    const http = createServer((req, res) => handler(req, res));
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}${TRPC_PATH}`;
    const call = async (path: string, input: unknown) => {
      const response = await fetch(
        `${base}${path}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`,
      );
      const body = await response.text();
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${body.slice(0, 300)}`);
    };

    const cases: Case[] = [
      { view: "overview", path: "overview", input: () => undefined },
      { view: "overview", path: "sweeps.list", input: () => undefined },
      {
        view: "runs table",
        path: "runs.list",
        input: (i) => ({ limit: 50, offset: (i * 50 * 37) % totalRuns }),
        target: 300,
      },
      {
        view: "runs table",
        path: "runs.list",
        input: (i) => ({
          limit: 50,
          offset: (i * 50) % 2000,
          sort: "valTop1",
          order: i % 2 ? "asc" : "desc",
          arch: ARCHS[i % ARCHS.length],
        }),
        target: 300,
      },
      { view: "runs table", path: "runs.facets", input: () => undefined, target: 300 },
      {
        view: "sweep",
        path: "sweeps.study",
        input: (i) => ({ sweepId: study, earlyEpoch: 1 + (i % EPOCHS) }),
        target: 1000,
      },
      { view: "generalization", path: "compare.generalization", input: () => ({}), target },
      { view: "arch × recipe", path: "compare.matrix", input: () => ({}), target },
      { view: "architectures", path: "compare.architectures", input: () => ({}), target },
      { view: "recipe diff", path: "recipes.diff", input: () => ({ refs: [recipes[0]!, recipes[3]!] }), target },
      { view: "recipe diff", path: "recipes.path", input: () => ({ hash: recipes[3]! }), target },
      { view: "compare", path: "compare.groupList", input: () => ({}) },
      { view: "run page", path: "runs.get", input: () => ({ id: runId }) },
      { view: "run page", path: "runs.metrics", input: () => ({ id: runId }) },
    ];
    console.log(
      `${"view".padEnd(16)}${"tRPC call".padEnd(24)}${"p50 ms".padStart(9)}${"p95 ms".padStart(9)}  target (p95)`,
    );
    let study50 = Number.NaN;
    for (const c of cases) {
      const times = await timed(REPEATS, (i) => call(c.path, c.input(i)));
      const [p50, p95] = [quantile(times, 0.5), quantile(times, 0.95)];
      if (c.path === "sweeps.study") study50 = p50;
      const verdict = c.target === undefined ? "" : `< ${c.target} ms: ${p95 < c.target ? "met" : "MISSED"}`;
      console.log(
        `${c.view.padEnd(16)}${c.path.padEnd(24)}${p50.toFixed(1).padStart(9)}${p95.toFixed(1).padStart(9)}  ${verdict}`,
      );
    }

    // Baseline: the same views the old way (every finished run loaded into the process), called directly.
    const [first, third] = [recipes[0]!, recipes[3]!];
    const views: [string, () => Promise<unknown>, () => Promise<unknown>][] = [
      ["generalization", () => generalization(store, {}), () => inMemoryGeneralization(store, {})],
      ["arch × recipe", () => archRecipeMatrix(store, {}), () => inMemoryArchRecipeMatrix(store, {})],
      ["architectures", () => architectureTable(store, {}), () => inMemoryArchitectureTable(store, {})],
      [
        "recipe diff",
        () => recipeDiffTable(store, [first, third], {}),
        () => inMemoryRecipeDiffTable(store, [first, third], {}),
      ],
      ["ablation path", () => ablationPath(store, third, {}), () => inMemoryAblationPath(store, third, {})],
      [
        "group list",
        () => finishedGroupList(store, {}),
        async () => (await loadGroups(store, {})).map((g) => ({ key: g.key, label: g.label, seeds: g.runs.length })),
      ],
    ];
    console.log(
      `\nbaseline (direct calls, no HTTP): ${"view".padEnd(16)}${"SQL p50".padStart(9)}${"old p50".padStart(9)}${"old p95".padStart(9)}  old / SQL`,
    );
    for (const [name, sqlPath, oldPath] of views) {
      const now = await timed(BASELINE_REPEATS, sqlPath);
      const old = await timed(BASELINE_REPEATS, oldPath);
      const [now50, old50] = [quantile(now, 0.5), quantile(old, 0.5)];
      console.log(
        `${"".padEnd(34)}${name.padEnd(16)}${now50.toFixed(1).padStart(9)}${old50.toFixed(1).padStart(9)}${quantile(old, 0.95).toFixed(1).padStart(9)}  ${(old50 / now50).toFixed(1)}×`,
      );
    }
    const raw = await timed(1, () => readSweepMetricPoints(store, study)); // a minute per read at 1.8 M points embedded
    console.log(
      `baseline: reading the sweep's ${studySeeds * EPOCHS * BENCH_CURVE_KEYS.length} raw points (no JSON, no network): p50 ${quantile(raw, 0.5).toFixed(1)} ms;` +
        ` the aggregated sweep view answers in ${study50.toFixed(1)} ms (${(quantile(raw, 0.5) / study50).toFixed(1)}× faster, and ships ~${EPOCHS * 2} band points instead)`,
    );
    http.close();
  } finally {
    await store.close();
    await db?.drop();
  }
}

for (const size of SIZES) await benchSize(size.runs, size.studySeeds);
