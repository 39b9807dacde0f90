import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareGroups } from "@seedscope/stats";
import { createRecipe } from "../recipes";
import { finishRun, startRun } from "../runs";
import { commitEpoch } from "../checkpoints";
import { openTestStore, TEST_BACKEND, type TestStore } from "../testing";
import { compareTwoGroups, comparisonCsv } from "./comparison";

describe(`comparison of two groups on ${TEST_BACKEND}`, () => {
  let t: TestStore;
  let hashA: string;
  let hashB: string;
  const valA = [71.2, 71.5, 71.0, 71.4, 71.3];
  const valB = [70.8, 70.9, 70.6, 71.0, 70.7];

  beforeAll(async () => {
    t = await openTestStore();
    hashA = (await createRecipe(t.store, { body: { lr: 0.02 }, name: "a2 (optimizer.lr=0.02 epochs=3)" })).hash;
    hashB = (await createRecipe(t.store, { body: { lr: 0.01 }, name: "a2 (optimizer.lr=0.01 epochs=3)" })).hash;
    for (const [hash, vals] of [
      [hashA, valA],
      [hashB, valB],
    ] as const) {
      for (let seed = 0; seed < vals.length; seed++) {
        const { id } = await startRun(t.store, { recipeHash: hash, arch: "resnet8", dataset: "digits", seed });
        await commitEpoch(t.store, id, null, {
          epochsDone: 1,
          points: [
            { key: "val/top1", step: 1, value: vals[seed]! - 10 },
            { key: "v2/top1", step: 1, value: vals[seed]! - 20 },
          ],
          checkpoint: new Uint8Array([1]),
        });
        await finishRun(t.store, id, {
          status: "finished",
          summary: { val: { top1: vals[seed]! }, v2: { top1: vals[seed]! - 11 } },
        });
      }
    }
  }, 60_000);
  afterAll(() => t.dispose());

  it("computes per split what packages/stats computes on the stored finals, with overlaid bins and bands", async () => {
    const c = await compareTwoGroups(t.store, {
      a: { recipeHash: hashA, arch: "resnet8", dataset: "digits" },
      b: { recipeHash: hashB, arch: "resnet8", dataset: "digits" },
      seed: 4,
      resamples: 500,
    });
    expect(c.a.label).toBe("a2 · lr=0.02 +1 · resnet8 · digits");
    expect(c.splits.map((s) => s.split)).toEqual(["val", "v2"]);
    expect(c.splits[0]!.comparison).toEqual(compareGroups(valA, valB, { seed: 4, resamples: 500 }));
    const histogram = c.splits[0]!.histogram!;
    expect(histogram.a.reduce((x, y) => x + y, 0)).toBe(5);
    expect(histogram.b.reduce((x, y) => x + y, 0)).toBe(5);
    expect(c.splits[1]!.bands.a).toEqual([expect.objectContaining({ epoch: 1, n: 5 })]);
    expect(c.verdict).toMatch(/^A beats B on val/);
    expect(c.methods).toContain("500 resamples, seed 4");
    const csv = comparisonCsv(c).split("\n");
    expect(csv[0]).toBe("split,statistic,A,B,A − B");
    expect(csv).toContain("val,n,5,5,");
  });

  it("refuses a malformed group with the field named", async () => {
    await expect(
      compareTwoGroups(t.store, {
        a: { recipeHash: "x", arch: "resnet8", dataset: "digits" },
        b: { recipeHash: hashB, arch: "resnet8", dataset: "digits" },
      }),
    ).rejects.toThrow(/a\.recipeHash/);
  });
});
