import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRecipe } from "../recipes";
import { finishRun, startRun } from "../runs";
import { commitEpoch } from "../checkpoints";
import { openTestStore, TEST_BACKEND, type TestStore } from "../testing";
import { groupEpochAggregates, groupSeeds } from "./group-seeds";

describe(`comparison reads on ${TEST_BACKEND}`, () => {
  let t: TestStore;
  let hash: string;

  beforeAll(async () => {
    t = await openTestStore();
    const store = t.store;
    hash = (await createRecipe(store, { body: { optimizer: "lamb", lr: 0.02 }, name: "a2" })).hash;
    // Seeds 0–2 of one group; seed 1 is run twice (the later run counts); seed 2 diverges to NaN at epoch 2.
    const values: [number, number[]][] = [
      [0, [10, 20]],
      [1, [11, 21]],
      [1, [12, 24]],
      [2, [13, Number.NaN]],
    ];
    for (const [seed, curve] of values) {
      const { id } = await startRun(store, { recipeHash: hash, arch: "resnet8", dataset: "digits", seed });
      for (let e = 0; e < curve.length; e++) {
        await commitEpoch(store, id, null, {
          epochsDone: e + 1,
          points: [{ key: "val/top1", step: e + 1, value: curve[e]! }],
          checkpoint: new Uint8Array([1]),
        });
      }
      await finishRun(store, id, {
        status: "finished",
        summary: Number.isFinite(curve[1]) ? { val: { top1: curve[1]! }, v2: { top1: curve[1]! - 5 } } : {},
        collapsed: seed === 2,
      });
    }
  }, 60_000);
  afterAll(() => t.dispose());

  it("takes each seed's latest finished run", async () => {
    const group = await groupSeeds(t.store, { recipeHash: hash, arch: "resnet8", dataset: "digits" });
    expect(group.recipeName).toBe("a2");
    expect(group.seeds.map((s) => [s.seed, s.val, s.collapsed])).toEqual([
      [0, 20, false],
      [1, 24, false],
      [2, null, true],
    ]);
  });

  it("aggregates each epoch over the seeds that reached it, counting non-finite values apart", async () => {
    const bands = await groupEpochAggregates(
      t.store,
      { recipeHash: hash, arch: "resnet8", dataset: "digits" },
      "val/top1",
    );
    expect(bands[0]).toMatchObject({ epoch: 1, n: 3, nonFinite: 0, mean: 35 / 3, min: 10, max: 13 });
    expect(bands[1]).toMatchObject({ epoch: 2, n: 2, nonFinite: 1, mean: 22, min: 20, max: 24 });
    expect(bands[1]!.std).toBeCloseTo(Math.SQRT2 * 2, 12);
  });
});
