// The co-training papers in miniature, at convergence: every arm is the converged seed study's setting
// (`seedscope demo --study converged`: A2 on resnet8, 12×12 digits, 2,000 training images, 8 epochs, no
// augmentation: at its plateau) with one thing changed, trained as a seedscope sweep (so every run is in the
// store, resumable, and in the dashboard), then compared with `seedscope compare` (Welch t-test, effect size) on val and v2.
//   npx tsx bench/repro-converged.ts [--seeds 1-10] [--lambda-seeds 1-5] [--workers 2] [--only arm,arm]
//
// Comparisons (each changes one thing against its baseline):
//   cosub vs stochastic depth — `cosub-a2` (cosub loss, λ 0.5, τ 0.1, ESD) against A2 trained the standard way
//     with the same stochastic depth (τ 0.1, A2's linear rule): the cosub paper's baseline.
//   ST++ vs standard — ST++'s method (KL−, inter-stage rule, random smaller inputs over the same fraction of the
//     resolution as the paper's 64–224 px) against A2 as it is. Two subnetworks a step instead of the paper's six:
//     six would cost seven forward passes a step, ≈ 3× the other arms. λ (KD weight; the paper gives none) is
//     swept: the `stpp-l*` arms, fewer seeds each.
//   divided S = 2 vs the wide net — two resnet8 of width ÷ √2 (the paper's width rule) co-trained with JS
//     divergence, against the one wide resnet8 (A2 as it is), at about equal parameters.
// Runs go to the store the CLI uses (SEEDSCOPE_HOME / DATABASE_URL). An arm whose sweep already finished in that
// store (same recipe name and seeds) is not trained again, so an interrupted bench resumes where it stopped.
import { execFileSync, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { parseSeedRange } from "@seedscope/sweep";
import { CONVERGED_STUDY } from "@seedscope/sweep/demo";

const { values: opts } = parseArgs({
  options: {
    seeds: { type: "string", default: "1-10" },
    "lambda-seeds": { type: "string", default: "1-5" },
    workers: { type: "string", default: "2" },
    only: { type: "string" },
  },
});

const CLI = fileURLToPath(new URL("../apps/cli/bin/seedscope.js", import.meta.url));
const RES = 12;
/** ST++'s random smaller input: the paper's Resize(randint(64, 224)) for a 224 input, as fractions of ours. */
const smaller = { min: Math.round((RES * 64) / 224), max: RES };
const stppMethod = (lambdaKd: number) =>
  JSON.stringify({
    kind: "stpp",
    lambdaKd,
    kdWithoutMagnitude: true,
    randomSmallerInput: smaller,
    interStageRule: true,
    subnetsPerStep: 2,
  });
const epochs = Number(CONVERGED_STUDY.overrides.find((o) => o.startsWith("epochs="))?.split("=")[1]);
const divideMethod = JSON.stringify({
  kind: "divide",
  splits: 2,
  coTrainingWeight: 0.5,
  coTrainingWarmupEpochs: (epochs * 40) / 300, // the paper's 40 of 300 CIFAR epochs
  weightDecayRule: "unchanged",
});

interface Arm {
  readonly name: string;
  readonly recipe: string;
  readonly set: readonly string[];
  readonly seeds: string;
}

const seeds = String(opts.seeds);
const lambdaSeeds = String(opts["lambda-seeds"]);
const ARMS: readonly Arm[] = [
  { name: "standard", recipe: "a2", set: [], seeds },
  { name: "sd", recipe: "a2", set: ["stochasticDepth.rate=0.1"], seeds },
  { name: "cosub", recipe: "cosub-a2", set: [], seeds },
  { name: "stpp", recipe: "a2", set: [`method=${stppMethod(1)}`], seeds },
  { name: "divide", recipe: "a2", set: [`method=${divideMethod}`], seeds },
  { name: "stpp-l0", recipe: "a2", set: [`method=${stppMethod(0)}`], seeds: lambdaSeeds },
  { name: "stpp-l4", recipe: "a2", set: [`method=${stppMethod(4)}`], seeds: lambdaSeeds },
  { name: "stpp-l16", recipe: "a2", set: [`method=${stppMethod(16)}`], seeds: lambdaSeeds },
];

const COMPARISONS: readonly { name: string; method: string; baseline: string }[] = [
  { name: "cosub vs stochastic depth", method: "cosub", baseline: "sd" },
  { name: "ST++ (λ 1) vs standard", method: "stpp", baseline: "standard" },
  { name: "divided S=2 vs wide", method: "divide", baseline: "standard" },
  { name: "ST++ λ 0 vs standard", method: "stpp-l0", baseline: "standard" },
  { name: "ST++ λ 4 vs standard", method: "stpp-l4", baseline: "standard" },
  { name: "ST++ λ 16 vs standard", method: "stpp-l16", baseline: "standard" },
];

const recipeName = (arm: string) => `repro-${arm}`;
const group = (arm: string) => `${recipeName(arm)}:${CONVERGED_STUDY.archs[0]}`;

function cli(args: readonly string[], capture: boolean): string {
  const env = { ...process.env, SEEDSCOPE_THREADS: process.env.SEEDSCOPE_THREADS ?? "1" };
  if (!capture) {
    const r = spawnSync(process.execPath, [CLI, ...args], { stdio: "inherit", env });
    if (r.status !== 0) throw new Error(`seedscope ${args[0]} exited with ${r.status}`);
    return "";
  }
  // stderr piped: probing for an arm not yet in the store is expected to fail
  return execFileSync(process.execPath, [CLI, ...args], {
    env,
    encoding: "utf8",
    maxBuffer: 64 << 20,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** The part of `seedscope compare --json` this bench prints. */
interface Summary {
  readonly n: number;
  readonly mean: number;
  readonly std: number;
}
interface CompareJson {
  readonly a: { readonly seeds: readonly unknown[] };
  readonly splits: readonly {
    readonly split: string;
    readonly comparison: {
      readonly a: { readonly summary: Summary };
      readonly b: { readonly summary: Summary };
      readonly welch: { readonly meanDifference: number; readonly pValue: number };
    };
  }[];
}

function compare(method: string, baseline: string): CompareJson | null {
  try {
    return JSON.parse(cli(["compare", group(method), group(baseline), "--json"], true)) as CompareJson;
  } catch {
    return null;
  }
}

/** Seeds of an arm already finished in the store (from an earlier, interrupted bench). */
function finishedSeeds(arm: string): number {
  return compare(arm, arm)?.a.seeds.length ?? 0;
}

const only = opts.only ? new Set(opts.only.split(",")) : null;
const start = performance.now();
for (const arm of ARMS.filter((a) => !only || only.has(a.name))) {
  if (finishedSeeds(arm.name) >= parseSeedRange(arm.seeds).length) {
    console.log(`${arm.name}: already in the store, not trained again`);
    continue;
  }
  const t0 = performance.now();
  console.log(`\n${arm.name}: ${arm.recipe} ${arm.set.join(" ")} — seeds ${arm.seeds}`);
  cli(
    [
      "sweep",
      "--recipe",
      arm.recipe,
      "--recipe-name",
      recipeName(arm.name),
      "--arch",
      CONVERGED_STUDY.archs[0],
      "--dataset",
      CONVERGED_STUDY.dataset,
      "--train-size",
      String(CONVERGED_STUDY.trainSize),
      "--seeds",
      arm.seeds,
      "--workers",
      String(opts.workers),
      "--name",
      `repro-converged ${arm.name}`,
      ...[...CONVERGED_STUDY.overrides, ...arm.set].flatMap((s) => ["--set", s]),
    ],
    false,
  );
  console.log(`${arm.name}: ${((performance.now() - t0) / 60_000).toFixed(1)} min`);
}

const f = (v: number, d = 2) => v.toFixed(d);
const signed = (v: number) => `${v >= 0 ? "+" : ""}${f(v)}`;
console.log("\n| comparison | split | baseline (n) | method (n) | Δ | Welch p |\n|---|---|---|---|---:|---:|");
for (const c of COMPARISONS) {
  const splits = compare(c.method, c.baseline)?.splits;
  if (!splits) {
    console.log(`| ${c.name} | — | not run | | | |`);
    continue;
  }
  for (const { split, comparison: s } of splits) {
    const [a, b] = [s.a.summary, s.b.summary];
    console.log(
      `| ${c.name} | ${split} | ${f(b.mean)} ± ${f(b.std)} (${b.n}) | ${f(a.mean)} ± ${f(a.std)} (${a.n}) | ${signed(s.welch.meanDifference)} | ${f(s.welch.pValue, 4)} |`,
    );
  }
}
console.log(`\n(total ${((performance.now() - start) / 60_000).toFixed(1)} min)`);
