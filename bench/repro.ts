// Miniature reproduction of the three co-training papers on the built-in digits (16×16): for each
// comparison, a baseline arm and a method arm over the same seeds, every run recorded in the store
// (SEEDSCOPE_HOME / DATABASE_URL, as the CLI), then mean ± std of final val and v2 top-1 per arm and a
// Welch t-test of method − baseline.
//   npx tsx bench/repro.ts [--seeds 10] [--epochs 1] [--train-size 1500] [--batch 50]
//                          [--only cosub,stpp,divide] [--stpp-subnets 2] [--cosub-arch resnet20]
//                          [--cosub-lr 0.03] [--cosub-loss ce] [--backend wasm]
// cosub vs baseline: cosub's recipe (λ 0.5, ESD, τ 0.2) against the same recipe trained the standard
//   way with stochastic depth at the same τ (the paper's baseline); resnet20. The loss defaults to CE
//   (the paper's Table 3 variant) and LAMB's lr to 0.03: with BCE, or LAMB at 2e-3, resnet20 did not
//   leave chance level within these few steps.
// ST++ vs baseline: KL−, random smaller inputs [5, 16], inter-stage rule, 2 subnetworks per step (the
//   recipe's 6 would cost 7 forward passes a step) against common training; resnet20.
// wide vs divided: resnet20 against 2 × resnet20 of width ÷ √2 (about the same parameters and FLOPs),
//   co-trained with JS divergence on different views.
// Defaults take about 25 minutes on two cores (one epoch of 1,500 images per run: evaluating val and
// v2, 3,000 images, is much of each run). Every arm uses the same light augmentation (simple random
// crop, pad 2) so that the differences come from the methods.
import { parseArgs } from "node:util";
import type { Recipe } from "@seedscope/core";
import { openStore, type Store } from "@seedscope/db";
import { applyOverrides, getRecipe } from "@seedscope/recipes";
import { summarize, welchTTest } from "@seedscope/stats";
import { runTraining, type RunResult } from "@seedscope/train";

const { values: opts } = parseArgs({
  options: {
    seeds: { type: "string", default: "10" },
    epochs: { type: "string", default: "1" },
    "train-size": { type: "string", default: "1500" },
    batch: { type: "string", default: "50" },
    only: { type: "string", default: "cosub,stpp,divide" },
    "stpp-subnets": { type: "string", default: "2" },
    "cosub-arch": { type: "string", default: "resnet20" },
    "cosub-lr": { type: "string", default: "0.03" },
    "cosub-loss": { type: "string", default: "ce" },
    backend: { type: "string", default: "wasm" },
  },
});
const seeds = Array.from({ length: Number(opts.seeds) }, (_, i) => i + 1);
const epochs = Number(opts.epochs);
const trainSize = Number(opts["train-size"]);
const backend = opts.backend === "cpu" ? "cpu" : "wasm";

const COMMON: Record<string, string> = {
  resolution: "16",
  batchSize: String(opts.batch),
  epochs: String(epochs),
  "lrScaling.rule": "none",
  "augment.crop": '{"kind":"src","pad":2}',
  "augment.threeAugment": "false",
  "augment.colorJitter": "0",
  "augment.randAugment": "null",
  "augment.randomErasing": "0",
  "augment.repeatedAugmentations": "1",
  "augment.mixupAlpha": "0",
  "augment.cutmixAlpha": "0",
  "augment.mixSwitchProb": "null",
  // the named recipes' warm-ups are fractions of 10 epochs; keep the same fraction of ours
  "schedule.warmupEpochs": String(epochs / 15),
};

interface Arm {
  readonly name: string;
  readonly recipeName: string;
  readonly recipe: Recipe;
  readonly arch: string;
}

interface Comparison {
  readonly name: string;
  readonly baseline: Arm;
  readonly method: Arm;
}

function arm(name: string, base: string, arch: string, overrides: Record<string, string>): Arm {
  const recipe = applyOverrides(
    getRecipe(base),
    Object.entries({ ...COMMON, ...overrides }).map(([k, v]) => `${k}=${v}`),
  );
  return { name, recipeName: `repro-${name}`, recipe, arch };
}

const STANDARD = { method: '{"kind":"standard"}' };
const COSUB = {
  "optimizer.lr": String(opts["cosub-lr"]),
  "stochasticDepth.rate": "0.2",
  loss: String(opts["cosub-loss"]),
};
const COSUB_ARCH = String(opts["cosub-arch"]);
const STPP = { "optimizer.lr": "0.05" };
const DIVIDE = { "optimizer.lr": "0.05", "method.coTrainingWarmupEpochs": String((epochs * 40) / 300) };

const COMPARISONS: Comparison[] = [
  {
    name: "cosub",
    baseline: arm("cosub-baseline", "cosub", COSUB_ARCH, { ...COSUB, ...STANDARD }),
    method: arm("cosub", "cosub", COSUB_ARCH, COSUB),
  },
  {
    name: "stpp",
    baseline: arm("stpp-baseline", "stpp", "resnet20", { ...STPP, ...STANDARD }),
    method: arm("stpp", "stpp", "resnet20", {
      ...STPP,
      "method.randomSmallerInput": '{"min":5,"max":16}',
      "method.subnetsPerStep": String(opts["stpp-subnets"]),
    }),
  },
  {
    name: "divide",
    baseline: arm("divide-wide", "divide", "resnet20", { ...DIVIDE, ...STANDARD }),
    method: arm("divide-s2", "divide", "resnet20", DIVIDE),
  },
];

async function runArm(store: Store, a: Arm, comparison: string): Promise<RunResult[]> {
  const results: RunResult[] = [];
  for (const seed of seeds) {
    const t0 = performance.now();
    const result = await runTraining(store, {
      recipe: a.recipe,
      recipeName: a.recipeName,
      arch: a.arch,
      dataset: "digits",
      datasetOptions: { trainSize },
      seed,
      backend,
      tags: ["repro", comparison, a.name],
    });
    const seconds = (performance.now() - t0) / 1000;
    console.log(
      `  ${a.name.padEnd(15)} seed ${String(seed).padStart(3)}: ${result.status}, val ${fmt(result.summary.val?.top1)}, v2 ${fmt(result.summary.v2?.top1)} (run ${result.runId}, ${seconds.toFixed(1)} s)`,
    );
    results.push(result);
  }
  return results;
}

const fmt = (v: number | undefined) => (v === undefined ? "—" : v.toFixed(2));
const top1 = (results: readonly RunResult[], split: "val" | "v2") =>
  results.map((r) => r.summary[split]?.top1 ?? Number.NaN);

function report(c: Comparison, base: readonly RunResult[], method: readonly RunResult[]): string[] {
  const lines = [
    `${c.name}: ${c.method.name} (${(method[0]?.params ?? 0).toLocaleString()} params) vs ${c.baseline.name} (${(base[0]?.params ?? 0).toLocaleString()} params), ${seeds.length} seeds`,
  ];
  for (const split of ["val", "v2"] as const) {
    const b = summarize(top1(base, split));
    const m = summarize(top1(method, split));
    const t = welchTTest(top1(method, split), top1(base, split));
    lines.push(
      `  ${split.padEnd(3)} top-1  baseline ${b.mean.toFixed(2)} ± ${b.std.toFixed(2)}   method ${m.mean.toFixed(2)} ± ${m.std.toFixed(2)}` +
        `   Δ ${t.meanDifference >= 0 ? "+" : ""}${t.meanDifference.toFixed(2)}  t ${t.t.toFixed(2)}  df ${t.df.toFixed(1)}  p ${t.pValue.toFixed(4)}`,
    );
  }
  return lines;
}

const only = new Set((opts.only ?? "").split(",").filter(Boolean));
const store = await openStore();
const start = performance.now();
const lines: string[] = [];
try {
  console.log(
    `store ${store.location}; seeds ${seeds[0]}..${seeds.at(-1)}, ${epochs} epochs, ${trainSize} training images, backend ${backend}`,
  );
  for (const c of COMPARISONS.filter((c) => only.has(c.name))) {
    console.log(`${c.name}:`);
    const base = await runArm(store, c.baseline, c.name);
    const method = await runArm(store, c.method, c.name);
    lines.push(...report(c, base, method));
  }
} finally {
  await store.close();
}
console.log(`\n${lines.join("\n")}\n(total ${((performance.now() - start) / 60_000).toFixed(1)} min)`);
