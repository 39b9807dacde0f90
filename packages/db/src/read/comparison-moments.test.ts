import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SeededRandom } from "@seedscope/core";
import { applyOverrides, getRecipe } from "@seedscope/recipes";
import { createRecipe } from "../recipes";
import {
  type BenchRun,
  createBenchSweep,
  inMemoryAblationPath,
  inMemoryArchitectureTable,
  inMemoryArchRecipeMatrix,
  inMemoryGeneralization,
  inMemoryRecipeDiffTable,
  insertFinishedRuns,
  openTestStore,
  TEST_BACKEND,
  type TestStore,
} from "../testing";
import { architectureTable } from "./architectures";
import { finishedGroupList, loadGroups } from "./finished-runs";
import { generalization } from "./generalization";
import { archRecipeMatrix } from "./matrix";
import { ablationPath, recipeDiffTable } from "./recipe-diff";

/** Where two results differ: numbers beyond a relative 1e-9 (NaN matches NaN), anything else not equal. */
function differences(actual: unknown, expected: unknown, path = "$"): string[] {
  if (typeof expected === "number" && typeof actual === "number") {
    if (Number.isNaN(expected) || Number.isNaN(actual))
      return Number.isNaN(expected) === Number.isNaN(actual) ? [] : [`${path}: ${actual} ≠ ${expected}`];
    if (!Number.isFinite(expected)) return actual === expected ? [] : [`${path}: ${actual} ≠ ${expected}`];
    return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected))
      ? []
      : [`${path}: ${actual} ≠ ${expected}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length)
      return [`${path}: length ${String((actual as unknown[])?.length)} ≠ ${expected.length}`];
    return expected.flatMap((e, i) => differences(actual[i], e, `${path}[${i}]`));
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object") return [`${path}: ${String(actual)} is not an object`];
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    return [...keys].flatMap((k) =>
      differences((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], `${path}.${k}`),
    );
  }
  return Object.is(actual, expected) ? [] : [`${path}: ${String(actual)} ≠ ${String(expected)}`];
}

const ARCHS = ["resnet8", "resnet20", "vit-tiny"];
const DATASETS = ["digits", "fashion"];

/**
 * Groups of every shape the views meet: many seeds, one seed, identical values, missing and non-finite
 * finals, reruns of a seed (the latest counts), runs in two sweeps and outside any, cost columns partly null.
 */
function syntheticRuns(recipes: readonly string[], sweeps: readonly number[]): BenchRun[] {
  const random = SeededRandom.fromSeed(12, "comparison-moments");
  const runs: BenchRun[] = [];
  const maybe = (p: number, v: number) => (random.bernoulli(p) ? null : v);
  recipes.forEach((recipeHash, r) =>
    ARCHS.forEach((arch, a) =>
      DATASETS.forEach((dataset, d) => {
        const kind = (r + 2 * a + 3 * d) % 6;
        const seeds = kind === 0 ? 1 : kind === 1 ? 4 : 3 + random.int(12);
        for (let seed = 0; seed < seeds; seed++) {
          const val = kind === 1 ? 50 : 40 + 5 * r + 3 * a + d + 2 * random.normal();
          const odd = random.uniform();
          runs.push({
            sweepId: sweeps[seed % sweeps.length]!,
            recipeHash,
            arch,
            dataset,
            seed,
            val: odd < 0.05 ? null : odd < 0.08 ? Number.NaN : val,
            v2: odd > 0.95 ? Number.POSITIVE_INFINITY : kind === 1 ? 47 : val - 3 + random.normal(),
            params: seed === 0 && kind === 2 ? null : 1000 * (a + 1),
            flops: maybe(0.2, 1e6 * (a + 1)),
            throughput: maybe(0.1, 900 + 50 * random.normal()),
            peakMemoryMb: maybe(0.1, 2048 + random.normal()),
            peakTensorMb: kind === 3 ? null : 100 + random.normal(),
            collapsed: random.bernoulli(0.1),
            epochsDone: 3,
          });
          // A rerun of the seed outside the sweeps: the later run is the one that counts.
          if (random.bernoulli(0.15)) runs.push({ ...runs[runs.length - 1]!, sweepId: null, val: val + 1 });
        }
      }),
    ),
  );
  return runs;
}

describe(`comparison views from SQL moments equal the in-memory path on ${TEST_BACKEND}`, () => {
  let t: TestStore;
  let hashes: string[];
  let sweeps: number[];
  beforeAll(async () => {
    t = await openTestStore();
    const base = getRecipe("a2");
    const a2 = (await createRecipe(t.store, { body: base, name: "a2" })).hash;
    const lr = applyOverrides(base, ["optimizer.lr=0.004"]);
    const child = (await createRecipe(t.store, { body: lr, name: "a2 lr", parentHash: a2 })).hash;
    const grandchild = (
      await createRecipe(t.store, { body: applyOverrides(lr, ["epochs=5"]), name: "a2 lr ep", parentHash: child })
    ).hash;
    const deit3 = (await createRecipe(t.store, { body: getRecipe("deit3"), name: "deit3" })).hash;
    hashes = [a2, child, grandchild, deit3];
    sweeps = [await createBenchSweep(t.store, "one"), await createBenchSweep(t.store, "two")];
    await insertFinishedRuns(t.store, syntheticRuns(hashes, sweeps));
  }, 120_000);
  afterAll(() => t?.dispose());

  it("finds a difference beyond 1e-9 and none within it", () => {
    expect(differences({ a: [1, Number.NaN] }, { a: [1, Number.NaN] })).toEqual([]);
    expect(differences({ a: [1 + 1e-12] }, { a: [1] })).toEqual([]);
    expect(differences({ a: [1 + 1e-7] }, { a: [1] })).toHaveLength(1);
    expect(differences({ a: Number.NaN }, { a: 0 })).toHaveLength(1);
    expect(differences({ a: null }, { a: 0 })).toHaveLength(1);
  });

  it("val vs v2 in every scope", async () => {
    for (const scope of [
      {},
      { sweepId: sweeps[0]! },
      { dataset: "fashion" },
      { sweepId: sweeps[1]!, dataset: "digits" },
    ]) {
      const expected = await inMemoryGeneralization(t.store, scope);
      expect(expected.points.length).toBeGreaterThan(2);
      expect(differences(await generalization(t.store, scope), expected)).toEqual([]);
    }
  });

  it("the architecture × recipe matrix, untestable and constant cells included, with either correction", async () => {
    for (const scope of [{}, { dataset: "fashion", correction: "bh" as const }, { sweepId: sweeps[1]! }]) {
      const expected = await inMemoryArchRecipeMatrix(t.store, scope);
      expect(expected.pairs.length).toBeGreaterThan(10);
      expect(differences(await archRecipeMatrix(t.store, scope), expected)).toEqual([]);
    }
    const all = await inMemoryArchRecipeMatrix(t.store, {});
    expect(all.pairs.some((p) => !p.comparison.testable)).toBe(true);
    expect(all.cells.some((c) => c.stats.val.nonFiniteCount > 0)).toBe(true);
    expect(all.cells.some((c) => c.stats.v2.std === 0)).toBe(true);
  });

  it("the architectures table", async () => {
    for (const scope of [{}, { sweepId: sweeps[0]! }, { dataset: "digits" }]) {
      const expected = await inMemoryArchitectureTable(t.store, scope);
      expect(expected.some((row) => Number.isNaN(row.tensorPeakMb))).toBe(true);
      expect(differences(await architectureTable(t.store, scope), expected)).toEqual([]);
    }
  });

  it("the recipe diff and the ablation path", async () => {
    for (const filter of [{}, { arch: "resnet8" }, { dataset: "fashion" }, { arch: "vit-tiny", dataset: "digits" }]) {
      const table = await inMemoryRecipeDiffTable(t.store, hashes, filter);
      expect(table.groups.length).toBeGreaterThan(0);
      expect(differences(await recipeDiffTable(t.store, hashes, filter), table)).toEqual([]);
      const path = await inMemoryAblationPath(t.store, hashes[2]!, filter);
      expect(path.flatMap((s) => s.groups).some((g) => g.versusPrevious !== null)).toBe(true);
      expect(differences(await ablationPath(t.store, hashes[2]!, filter), path)).toEqual([]);
    }
  });

  it("the group list of the compare page", async () => {
    for (const scope of [{}, { sweepId: sweeps[1]! }, { dataset: "digits" }]) {
      const expected = (await loadGroups(t.store, scope)).map((g) => ({
        key: g.key,
        label: g.label,
        seeds: g.runs.length,
      }));
      expect(expected.length).toBeGreaterThan(2);
      expect(await finishedGroupList(t.store, scope)).toEqual(expected);
    }
  });
});
