// Every named recipe on one architecture of each family, at the recipe's own defaults on the built-in digits
// (issue #16: "no combination ends at chance"): one `seedscope run` per combination, `--parallel` at a time, each
// on one thread. Each finished run is added to the results file at once, and a combination already there is not
// trained again, so the bench can be stopped at any moment and continued later — by another session too, when
// the results file is committed. Prints the recipe × architecture table of final val / v2 top-1 and minutes.
//   npx tsx bench/recipe-matrix.ts [--recipes a2,deit] [--archs resnet20,vit-tiny] [--parallel 2] [--seed 0]
//       [--small-digits] [--train-size N] [--set key=value ...] [--results bench/results/recipe-matrix.json]
//       [--table-only]
// --small-digits trains each recipe at its small-digits setting (`seedscope run --small-digits`: 12 px, 2,000
// images, 8 epochs, the optimizer's small-data lr, no augmentation; packages/recipes/src/small-digits.ts).
// --train-size / --set change the study further. Each setting is its own results key.
// A cell is keyed by the recipe's content hash too: when a named recipe changes, its old cells stay in the file
// (the record of what the earlier version did) and the new version is trained again.
// Runs go to the store the CLI uses (SEEDSCOPE_HOME / DATABASE_URL).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { applyOverrides, getRecipe, overridesOnTop, recipeIdentity, smallDigitsOverrides } from "@seedscope/recipes";

const ALL_RECIPES = ["deit", "deit3", "a2", "cosub", "stpp", "divide"] as const;
/** One architecture per family, the smallest of each; the fastest to train first, so a short session fills most cells. */
const ONE_PER_FAMILY = ["pcn-s", "resmlp-s", "resnet20", "vit-tiny", "cait-xxs"] as const;

const { values: opts } = parseArgs({
  options: {
    recipes: { type: "string", default: ALL_RECIPES.join(",") },
    archs: { type: "string", default: ONE_PER_FAMILY.join(",") },
    parallel: { type: "string", default: "2" },
    seed: { type: "string", default: "0" },
    "small-digits": { type: "boolean", default: false },
    "train-size": { type: "string" },
    set: { type: "string", multiple: true, default: [] },
    results: { type: "string", default: fileURLToPath(new URL("results/recipe-matrix.json", import.meta.url)) },
    "table-only": { type: "boolean", default: false },
  },
});

const CLI = fileURLToPath(new URL("../apps/cli/bin/seedscope.js", import.meta.url));

interface Result {
  readonly recipe: string;
  /** Content hash of the recipe trained (with the --set overrides); absent in results written before it was kept. */
  readonly recipeHash?: string;
  readonly arch: string;
  /** What was changed from the recipe's defaults ("defaults" when nothing). */
  readonly setting: string;
  readonly seed: number;
  readonly status: string;
  readonly valTop1: number | null;
  readonly v2Top1: number | null;
  readonly collapsed: boolean;
  readonly minutes: number;
  readonly imagesPerSecond: number | null;
  readonly cpu: string;
  /** The commit the run was trained at (absent in results written before it was kept). */
  readonly gitCommit?: string | null;
}

const smallDigits = opts["small-digits"] === true;
const trainSize = opts["train-size"];
const extraOverrides = opts.set ?? [];
const setting =
  [
    ...(smallDigits ? ["small-digits"] : []),
    ...(trainSize ? [`train-size ${trainSize}`] : []),
    ...extraOverrides.map((s) => `--set ${s}`),
  ].join(" ") || "defaults";
/** The overrides `recipe` is trained with, as `seedscope run` combines its small-digits setting and the --set ones. */
const overridesOf = (recipe: string): string[] =>
  smallDigits ? overridesOnTop(smallDigitsOverrides(getRecipe(recipe)), extraOverrides) : extraOverrides;
const seed = Number(opts.seed);
const resultsFile = String(opts.results);

function readResults(): Result[] {
  return existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, "utf8")) as Result[]) : [];
}

/** The hash of what this bench trains as `recipe`: the named recipe with its overrides. */
const hashes = new Map<string, string>();
function recipeHash(recipe: string): string {
  let hash = hashes.get(recipe);
  if (hash === undefined) {
    hash = recipeIdentity(applyOverrides(getRecipe(recipe), overridesOf(recipe))).hash;
    hashes.set(recipe, hash);
  }
  return hash;
}

/** Whether `r` is the result of this bench's cell `recipe` × `arch` (same recipe version, setting and seed). */
function isCell(r: Result, recipe: string, arch: string): boolean {
  return (
    r.recipe === recipe &&
    r.recipeHash === recipeHash(recipe) &&
    r.arch === arch &&
    r.setting === setting &&
    r.seed === seed
  );
}

function saveResult(result: Result): void {
  const kept = readResults().filter((r) => !isCell(r, result.recipe, result.arch));
  mkdirSync(dirname(resultsFile), { recursive: true });
  writeFileSync(`${resultsFile}.tmp`, `${JSON.stringify([...kept, result], null, 2)}\n`);
  renameSync(`${resultsFile}.tmp`, resultsFile);
}

function runCli(args: readonly string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, SEEDSCOPE_THREADS: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("close", (code) => resolve({ code, output }));
  });
}

interface RunJson {
  readonly status: string;
  readonly valTop1: number | null;
  readonly v2Top1: number | null;
  readonly collapsed: boolean;
  readonly throughput: number | null;
  readonly environment: { readonly cpu?: string };
  readonly gitCommit: string | null;
}

async function train(recipe: string, arch: string): Promise<Result> {
  const started = performance.now();
  const run = await runCli([
    ...["run", "--recipe", recipe, "--arch", arch, "--seed", String(seed)],
    ...(smallDigits ? ["--small-digits"] : []),
    ...(trainSize ? ["--train-size", trainSize] : []),
    ...extraOverrides.flatMap((s) => ["--set", s]),
  ]);
  const minutes = (performance.now() - started) / 60_000;
  const key = { recipe, recipeHash: recipeHash(recipe), arch, setting, seed, minutes };
  const id = /seedscope runs show (\d+)/.exec(run.output)?.[1];
  if (id === undefined) {
    // Refused before training (e.g. a --set the recipe cannot take): the table says so and the bench goes on.
    const lines = run.output.trim().split("\n");
    const reason = lines.find((line) => line.startsWith("seedscope:")) ?? lines.at(-1) ?? `exit ${run.code}`;
    const failed = { valTop1: null, v2Top1: null, collapsed: false, imagesPerSecond: null, cpu: "unknown" };
    return { ...key, status: `not run: ${reason}`, ...failed };
  }
  const shown = await runCli(["runs", "show", id, "--json"]);
  const stored = JSON.parse(shown.output) as RunJson;
  return {
    ...key,
    status: stored.status,
    valTop1: stored.valTop1,
    v2Top1: stored.v2Top1,
    collapsed: stored.collapsed,
    imagesPerSecond: stored.throughput,
    cpu: stored.environment.cpu ?? "unknown",
    gitCommit: stored.gitCommit,
  };
}

const recipes = String(opts.recipes).split(",");
const archs = String(opts.archs).split(",");
const earlier = readResults();
const queue = opts["table-only"]
  ? []
  : archs
      .flatMap((arch) => recipes.map((recipe) => ({ recipe, arch })))
      .filter((c) => !earlier.some((r) => isCell(r, c.recipe, c.arch)));

console.log(`${queue.length} combination(s) to train (${setting}, seed ${seed}); results in ${resultsFile}`);
await Promise.all(
  Array.from({ length: Math.max(1, Number(opts.parallel)) }, async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const result = await train(next.recipe, next.arch);
      saveResult(result);
      const scores =
        result.valTop1 === null ? "" : `, val ${result.valTop1.toFixed(2)} v2 ${result.v2Top1?.toFixed(2)}`;
      console.log(
        `${next.recipe} × ${next.arch}: ${result.status}${result.collapsed ? " (at chance)" : ""}${scores}, ${result.minutes.toFixed(1)} min`,
      );
    }
  }),
);

const results = readResults();
const found = (recipe: string, arch: string) => results.find((r) => isCell(r, recipe, arch));
const cell = (recipe: string, arch: string) => {
  const r = found(recipe, arch);
  if (!r) return "not run";
  if (r.status !== "finished") return r.status;
  const chance = r.collapsed ? " **at chance**" : "";
  return `${r.valTop1?.toFixed(1)} / ${r.v2Top1?.toFixed(1)} (${r.minutes.toFixed(0)} min)${chance}`;
};
console.log(`\nval / v2 top-1 % (wall minutes, one thread each), ${setting}, seed ${seed}`);
console.log(`| recipe | ${archs.join(" | ")} |\n|---|${archs.map(() => "---").join("|")}|`);
for (const recipe of recipes) console.log(`| ${recipe} | ${archs.map((arch) => cell(recipe, arch)).join(" | ")} |`);
const atChance = archs.flatMap((arch) =>
  recipes.filter((recipe) => found(recipe, arch)?.collapsed).map((recipe) => `${recipe} × ${arch}`),
);
console.log(atChance.length > 0 ? `at chance: ${atChance.join(", ")}` : "no finished combination is at chance");
