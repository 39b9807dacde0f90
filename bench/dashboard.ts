// Dashboard latency: fills a store with 10,000 runs and, for one 100-seed sweep, 100 × 300 epochs × 6
// metrics (180,000 points), then times each view's tRPC calls over HTTP (the same handler the dashboard
// serves, JSON serialization included) and prints p50 / p95 per call.
//   npx tsx bench/dashboard.ts [repeats=30]
// With DATABASE_URL it runs in a throw-away database on that server; without, in an in-memory PGlite.
// Baseline in the same run: fetching the sweep's raw metric rows, what a browser-side aggregation of the
// seed-study view would have to download, against the aggregated sweep view.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { SeededRandom } from "@seedscope/core";
import { createRecipe, openStore, type Store } from "@seedscope/db";
import { createThrowawayDatabase } from "@seedscope/db/testing";
import { applyOverrides, getRecipe } from "@seedscope/recipes";
import { createApiHandler, TRPC_PATH } from "@seedscope/web/server";
import superjson from "superjson";

const REPEATS = Number(process.argv[2] ?? 30);
const TOTAL_RUNS = 10_000;
const STUDY_SEEDS = 100;
const EPOCHS = 300;
const KEYS = ["train/loss", "lr", "val/top1", "val/loss", "v2/top1", "v2/loss"] as const;
const ARCHS = ["resnet20", "vit-tiny", "cait-xxs", "resmlp-s", "pcn-s"];

const server = Boolean(process.env.DATABASE_URL?.trim());
const db = server ? await createThrowawayDatabase("seedscope_bench") : null;
const store = await openStore({
  config: db ? { backend: "postgres", url: db.url } : { backend: "pglite", dataDir: null },
});
const random = SeededRandom.fromSeed(2026, "bench-dashboard");
const normal = () => random.normal();

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
  const a2 = getRecipe("a2");
  hashes.push((await createRecipe(s, { body: a2, name: "a2" })).hash);
  return hashes;
}

async function fill(s: Store): Promise<{ studySweep: number; runId: number; recipes: string[] }> {
  const recipes = await storeRecipes(s);
  const [study] = await s.sql.query<{ id: number }>(
    `INSERT INTO "Sweep" (name, plan, "launchedBy") VALUES ('bench study', '{}', 'bench') RETURNING id`,
  );
  const [other] = await s.sql.query<{ id: number }>(
    `INSERT INTO "Sweep" (name, plan, "launchedBy") VALUES ('bench grid', '{}', 'bench') RETURNING id`,
  );
  const lines: string[] = [];
  const runLine = (sweepId: number, recipe: string, arch: string, seed: number, mean: number) => {
    const val = mean + 0.1 * normal();
    const v2 = val - 11 + 0.15 * normal();
    const summary = JSON.stringify({ val: { top1: val, loss: 1 }, v2: { top1: v2, loss: 1.3 } });
    lines.push(
      [
        sweepId,
        recipe,
        arch,
        "{}",
        "imagenet-mini",
        seed,
        "finished",
        EPOCHS,
        val,
        v2,
        5_700_000,
        1.2e9,
        900 + 50 * normal(),
        2048,
        summary,
      ].join("\t"),
    );
  };
  for (let seed = 0; seed < STUDY_SEEDS; seed++) runLine(study!.id, recipes[0]!, "vit-tiny", seed, 72.2);
  let seed = 0;
  while (lines.length < TOTAL_RUNS) {
    for (const [r, recipe] of recipes.entries())
      for (const [a, arch] of ARCHS.entries())
        if (lines.length < TOTAL_RUNS) runLine(other!.id, recipe, arch, seed, 70 + r + a);
    seed++;
  }
  await s.sql.transaction((tx) =>
    tx.copyFrom(
      `COPY "Run" ("sweepId", "recipeHash", arch, "archSpec", dataset, seed, status, "epochsDone", "valTop1", "v2Top1", params, flops, throughput, "peakMemoryMb", summary)`,
      `${lines.join("\n")}\n`,
    ),
  );
  const studyRuns = await s.sql.query<{ id: number; final: number }>(
    `SELECT id, "valTop1" AS final FROM "Run" WHERE "sweepId" = $1 ORDER BY seed`,
    [study!.id],
  );
  for (const run of studyRuns) {
    const points: string[] = [];
    for (let epoch = 1; epoch <= EPOCHS; epoch++) {
      const progress = 1 - Math.exp(-epoch / 60);
      const top1 = run.final * progress + 0.3 * normal() * (1 - progress);
      const values = [
        2.5 * (1 - progress) + 0.6,
        1e-3 * 0.5 * (1 + Math.cos((Math.PI * epoch) / EPOCHS)),
        top1,
        3 - 2 * progress,
        top1 - 11,
        3.3 - 2 * progress,
      ];
      KEYS.forEach((key, i) => points.push(`${run.id}\t${key}\t${epoch}\t${values[i]}`));
    }
    await s.sql.transaction((tx) => tx.copyFrom(`COPY "Metric" ("runId", key, step, value)`, `${points.join("\n")}\n`));
  }
  await s.sql.exec(`ANALYZE`);
  return { studySweep: study!.id, runId: studyRuns[0]!.id, recipes };
}

const fillStart = performance.now();
const { studySweep, runId, recipes } = await fill(store);
const [counts] = await store.sql.query<{ runs: number; metrics: number }>(
  `SELECT (SELECT count(*)::int FROM "Run") AS runs, (SELECT count(*)::int FROM "Metric") AS metrics`,
);
console.log(
  `store: ${store.backend === "pglite" ? "embedded PGlite (in memory)" : "PostgreSQL"}; ${counts!.runs} runs, ${counts!.metrics} metric points; filled in ${((performance.now() - fillStart) / 1000).toFixed(1)} s`,
);

const handler = createApiHandler(store);
const http = createServer((req, res) => handler(req, res));
await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}${TRPC_PATH}`;

async function call(path: string, input: unknown): Promise<number> {
  const started = performance.now();
  const response = await fetch(
    `${base}${path}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`,
  );
  const body = await response.text();
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${body.slice(0, 300)}`);
  return performance.now() - started;
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

interface Case {
  view: string;
  path: string;
  input: (i: number) => unknown;
  target?: number;
}
const CASES: Case[] = [
  { view: "overview", path: "overview", input: () => undefined },
  { view: "overview", path: "sweeps.list", input: () => undefined },
  {
    view: "runs table",
    path: "runs.list",
    input: (i) => ({ limit: 50, offset: (i * 50 * 37) % TOTAL_RUNS }),
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
    input: (i) => ({ sweepId: studySweep, earlyEpoch: 1 + (i % EPOCHS) }),
    target: 1000,
  },
  { view: "generalization", path: "compare.generalization", input: () => ({}) },
  { view: "arch × recipe", path: "compare.matrix", input: () => ({}) },
  { view: "architectures", path: "compare.architectures", input: () => ({}) },
  { view: "recipe diff", path: "recipes.diff", input: () => ({ refs: [recipes[0]!, recipes[3]!] }) },
  { view: "recipe diff", path: "recipes.path", input: () => ({ hash: recipes[3]! }) },
  { view: "run page", path: "runs.get", input: () => ({ id: runId }) },
  { view: "run page", path: "runs.metrics", input: () => ({ id: runId }) },
];

console.log(
  `\n${"view".padEnd(16)}${"tRPC call".padEnd(24)}${"p50 ms".padStart(9)}${"p95 ms".padStart(9)}  target (p95)`,
);
const results = new Map<string, number>();
for (const c of CASES) {
  for (let i = 0; i < 3; i++) await call(c.path, c.input(i)); // warm-up
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i++) times.push(await call(c.path, c.input(i)));
  times.sort((a, b) => a - b);
  const p95 = quantile(times, 0.95);
  results.set(`${c.view}|${c.path}`, quantile(times, 0.5));
  const verdict = c.target === undefined ? "" : `< ${c.target} ms: ${p95 < c.target ? "met" : "MISSED"}`;
  console.log(
    `${c.view.padEnd(16)}${c.path.padEnd(24)}${quantile(times, 0.5).toFixed(1).padStart(9)}${p95.toFixed(1).padStart(9)}  ${verdict}`,
  );
}

// Baseline: the raw points a browser would need to draw the sweep view itself.
const raw: number[] = [];
for (let i = 0; i < Math.min(REPEATS, 10); i++) {
  const started = performance.now();
  await store.sql.query(
    `SELECT m."runId", m.key, m.step, m.value FROM "Metric" m JOIN "Run" r ON r.id = m."runId" WHERE r."sweepId" = $1`,
    [studySweep],
  );
  raw.push(performance.now() - started);
}
raw.sort((a, b) => a - b);
const study = results.get("sweep|sweeps.study")!;
console.log(
  `\nbaseline: reading the sweep's ${STUDY_SEEDS * EPOCHS * KEYS.length} raw points (no JSON, no network): p50 ${quantile(raw, 0.5).toFixed(1)} ms;` +
    ` the aggregated sweep view answers in ${study.toFixed(1)} ms (${(quantile(raw, 0.5) / study).toFixed(1)}× faster, and ships ~${EPOCHS * 2} band points instead)`,
);

http.close();
await store.close();
await db?.drop();
