import { describe, expect, it } from "vitest";
import { SeededRandom } from "@seedscope/core";
import { DIGITS_PARTITION_SALT, digitsPartition, loadDigits } from "./digits";
import { classCounts } from "../dataset";
import { fingerprint } from "../testing/fixtures";
import { TrainLoader } from "../batches";
import { NO_AUGMENTATION } from "../augment/config";

describe("digits", () => {
  const dataset = loadDigits();
  const partition = digitsPartition();

  it("splits the 10,000 package digits into 7,000 / 1,500 / 1,500 disjoint images", () => {
    expect([dataset.splits.train.count, dataset.splits.val.count, dataset.splits.v2.count]).toEqual([7000, 1500, 1500]);
    const all = [...partition.train, ...partition.val, ...partition.v2].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 10000 }, (_, i) => i));
    expect(dataset.shape).toEqual({ height: 28, width: 28, channels: 1 });
    expect(dataset.splits.train.images.length).toBe(7000 * 28 * 28);
    expect(dataset.horizontalFlip).toBe(false);
    expect(dataset.numClasses).toBe(10);
  });

  it("is stratified: every class has its share of val and v2 within one image", () => {
    const total = classCounts(partition.labels, 10);
    for (const split of ["val", "v2"] as const) {
      const counts = classCounts(dataset.splits[split].labels, 10);
      counts.forEach((n, c) => expect(Math.abs(n - (1500 * total[c]!) / 10000)).toBeLessThan(1));
    }
  });

  it("keeps labels with their images", () => {
    expect([...dataset.splits.val.labels]).toEqual(Array.from(partition.val, (i) => partition.labels[i]));
  });

  it("is the same partition in every process (values computed once, never to change)", () => {
    expect(DIGITS_PARTITION_SALT).toBe("seedscope/digits/v1");
    expect([...partition.v2.subarray(0, 5)]).toEqual(GOLDEN_V2_FIRST);
    expect(fingerprint(partition.val)).toBe(GOLDEN_VAL_INDICES);
    expect(fingerprint(dataset.splits.v2.images)).toBe(GOLDEN_V2_IMAGES);
  });

  it("does not depend on the run seed: every seed trains on the same 7,000 images", () => {
    const augment = NO_AUGMENTATION;
    const seen = [1, 2].map((seed) => {
      const loader = new TrainLoader({
        dataset,
        augment,
        batchSize: 1000,
        random: SeededRandom.fromSeed(seed, "data"),
      });
      return loader.epochOrder(0);
    });
    expect([...seen[0]!]).not.toEqual([...seen[1]!]);
    expect([...seen[0]!].sort((a, b) => a - b)).toEqual([...seen[1]!].sort((a, b) => a - b));
  });

  it("downscales to 16×16 by area averaging, keeping each image's mean brightness", () => {
    const small = loadDigits({ resolution: 16 });
    expect(small.shape).toEqual({ height: 16, width: 16, channels: 1 });
    expect(small.name).toBe("digits@16");
    expect([...small.splits.val.labels]).toEqual([...dataset.splits.val.labels]);
    for (const i of [0, 123, 1499]) {
      const big = dataset.splits.val.images.subarray(i * 784, (i + 1) * 784);
      const tiny = small.splits.val.images.subarray(i * 256, (i + 1) * 256);
      const mean = (a: Uint8Array) => a.reduce((s, v) => s + v, 0) / a.length;
      expect(Math.abs(mean(big) - mean(tiny))).toBeLessThan(0.6);
    }
    expect(loadDigits({ resolution: 16 })).toBe(small);
  });

  it("rejects a bad resolution", () => {
    expect(() => loadDigits({ resolution: 2.5 })).toThrow(
      /digits: resolution must be an integer from 4 to 64, got 2.5/,
    );
  });
});

const GOLDEN_V2_FIRST = [5, 39, 41, 46, 57];
const GOLDEN_VAL_INDICES = 1961535322;
const GOLDEN_V2_IMAGES = 2643469151;
