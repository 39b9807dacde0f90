import { describe, expect, it } from "vitest";
import { UserError } from "@seedscope/core";
import { classCounts, type DataSplit } from "./dataset";
import { holdOut, withEvalSubset } from "./holdout";
import { getDataset } from "./registry";

const EVAL_SPLITS = ["val", "v2"] as const;

/** Each class's count in `part` is within 1 of its share of `whole`, scaled to `part`'s size. */
function expectStratified(part: DataSplit, whole: DataSplit, numClasses: number): void {
  const wholeCounts = classCounts(whole.labels, numClasses);
  const partCounts = classCounts(part.labels, numClasses);
  wholeCounts.forEach((k, c) => {
    expect(Math.abs(partCounts[c]! - (part.count * k) / whole.count), `class ${c}`).toBeLessThanOrEqual(1);
  });
}

describe("evalSize: a fixed stratified subset of val and of v2", () => {
  it("gives val and v2 of exactly n class-stratified images each, train untouched, named and described", async () => {
    const full = await getDataset("digits", { resolution: 12 });
    const cut = await getDataset("digits", { resolution: 12, evalSize: 300 });
    for (const split of EVAL_SPLITS) {
      expect(cut.splits[split].count, split).toBe(300);
      expect(cut.splits[split].images.length).toBe(300 * 12 * 12);
      expectStratified(cut.splits[split], full.splits[split], full.numClasses);
      expect(cut.provenance[split]).toBe(`${full.provenance[split]}; fixed stratified subset of 300`);
    }
    expect(cut.splits.val.images).not.toEqual(cut.splits.v2.images);
    expect(cut.splits.train).toBe(full.splits.train);
    expect(cut.provenance.train).toBe(full.provenance.train);
    expect([cut.mean, cut.std]).toEqual([full.mean, full.std]);
    expect(cut.name).toBe(`${full.name}/eval300`);
  });

  it("is the same subset on every load, whatever the trainSize, with no seed involved", async () => {
    const full = await getDataset("digits", { resolution: 12 });
    const cut = await getDataset("digits", { resolution: 12, evalSize: 300 });
    // Recomputed from scratch (the registry caches a request's dataset).
    const again = withEvalSubset(full, 300);
    const small = await getDataset("digits", { resolution: 12, trainSize: 200, evalSize: 300 });
    expect(small.name).toBe(`${full.name}/train200/eval300`);
    expect(small.splits.train.count).toBe(200);
    for (const split of EVAL_SPLITS) {
      expect(again.splits[split]).toEqual(cut.splits[split]);
      expect(small.splits[split]).toEqual(cut.splits[split]);
    }
  });

  it("leaves a split of at most n images whole", async () => {
    const full = await getDataset("digits", { resolution: 12 });
    expect(await getDataset("digits", { resolution: 12, evalSize: 1500 })).toBe(full);
    expect(await getDataset("digits", { resolution: 12, evalSize: 5000 })).toBe(full);
    const { held: smallVal } = holdOut(full.splits.val, full.shape, full.numClasses, 400, "test/small-val");
    const uneven = { ...full, splits: { ...full.splits, val: smallVal } };
    const cut = withEvalSubset(uneven, 500);
    expect(cut.splits.val).toBe(smallVal);
    expect(cut.provenance.val).toBe(full.provenance.val);
    expect(cut.splits.v2.count).toBe(500);
    expect(cut.name).toBe(`${full.name}/eval500`);
  });

  it("rejects a size that is not a positive whole number with a UserError naming evalSize", () => {
    for (const evalSize of [0, 2.5, -3]) {
      const attempt = () => getDataset("digits", { evalSize });
      expect(attempt, String(evalSize)).toThrow(UserError);
      expect(attempt, String(evalSize)).toThrow(/evalSize/);
    }
    expect(() => getDataset("digits", { evalSize: 0 })).toThrow(/evalSize must be a positive number of images/);
    expect(() => getDataset("digits", { evalSize: 2.5 })).toThrow(/evalSize must be a whole number of images/);
  });

  it("rejects a bad size given to withEvalSubset directly", async () => {
    const full = await getDataset("digits", { resolution: 12 });
    expect(() => withEvalSubset(full, 0)).toThrow(UserError);
    expect(() => withEvalSubset(full, 2.5)).toThrow(/evalSize must be a positive whole number of images, got 2\.5/);
  });
});
