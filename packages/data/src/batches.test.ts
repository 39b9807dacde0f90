import { afterEach, describe, expect, it, vi } from "vitest";
import { SeededRandom } from "@seedscope/core";
import { TrainLoader, evalBatches } from "./batches";
import type { Batch } from "./batches";
import { getRecipe, listRecipes } from "@seedscope/recipes";
import { augmentConfigOf, NO_AUGMENTATION, parseAugmentConfig } from "./augment/config";
import type { AugmentConfig } from "./augment/config";
import { denormalize } from "./augment/normalize";
import { maxAbsDiff, syntheticDataset } from "./testing/fixtures";

const dataset = syntheticDataset({ height: 8, width: 8, channels: 3 }, 4, 6); // 24 images per split
const rrc = { kind: "rrc", scale: [0.08, 1], ratio: [3 / 4, 4 / 3] } as const;
const full: AugmentConfig = parseAugmentConfig({
  ...NO_AUGMENTATION,
  crop: rrc,
  hflip: true,
  threeAugment: true,
  colorJitter: 0.3,
  randomErasing: 0.25,
  mixupAlpha: 0.8,
  cutmixAlpha: 1,
  mixSwitchProb: 0.5,
  labelSmoothing: 0.1,
});

function loader(seed: number, augment: AugmentConfig = full, batchSize = 8): TrainLoader {
  return new TrainLoader({
    dataset,
    augment,
    batchSize,
    random: SeededRandom.fromSeed(seed, "data"),
    reuseBuffers: false,
  });
}
const epoch = (l: TrainLoader, e: number): Batch[] => [...l.epoch(e)];

afterEach(() => vi.restoreAllMocks());

describe("TrainLoader", () => {
  it("builds NHWC float batches with target rows summing to 1", () => {
    const batches = epoch(loader(0), 0);
    expect(batches).toHaveLength(3);
    for (const b of batches) {
      expect(b.size).toBe(8);
      expect(b.images).toBeInstanceOf(Float32Array);
      expect(b.images.length).toBe(8 * 8 * 8 * 3);
      expect(b.targets.length).toBe(8 * 4);
      for (let i = 0; i < 8; i++)
        expect(b.targets.subarray(i * 4, i * 4 + 4).reduce((x, y) => x + y, 0)).toBeCloseTo(1, 5);
      for (const v of b.images) expect(Number.isFinite(v)).toBe(true);
    }
  });

  it("gives identical batches for the same seed and different ones for another seed", () => {
    const a = epoch(loader(7), 1);
    const b = epoch(loader(7), 1);
    const c = epoch(loader(8), 1);
    for (let k = 0; k < a.length; k++) {
      expect(b[k]!.images).toEqual(a[k]!.images);
      expect(b[k]!.targets).toEqual(a[k]!.targets);
      expect(b[k]!.indices).toEqual(a[k]!.indices);
    }
    expect(maxAbsDiff(c[0]!.images, a[0]!.images)).toBeGreaterThan(0);
    expect([...c[0]!.indices]).not.toEqual([...a[0]!.indices]);
  });

  it("can resume at any batch: batch(e, b) equals the b-th batch of the epoch", () => {
    const l = loader(3);
    const all = epoch(l, 2);
    expect(l.batch(2, 1).images).toEqual(all[1]!.images);
    expect([...l.epoch(2, 2)][0]!.targets).toEqual(all[2]!.targets);
  });

  it("visits every image once per epoch in a fresh seeded order", () => {
    const l = loader(1, NO_AUGMENTATION);
    const e0 = [...l.epochOrder(0)];
    const e1 = [...l.epochOrder(1)];
    expect([...e0].sort((a, b) => a - b)).toEqual(Array.from({ length: 24 }, (_, i) => i));
    expect(e1).not.toEqual(e0);
    const seen = epoch(l, 0).flatMap((b) => [...b.indices]);
    expect(seen).toEqual(e0);
  });

  it("without augmentation, gives the normalized stored pixels and one-hot targets", () => {
    const [b] = epoch(loader(1, NO_AUGMENTATION), 0);
    const i = b!.indices[0]!;
    const pixels = b!.images.slice(0, 192);
    denormalize(pixels, 3, dataset.mean, dataset.std);
    const stored = dataset.splits.train.images.subarray(i * 192, (i + 1) * 192);
    expect(
      maxAbsDiff(
        Float32Array.from(pixels, (v) => v * 255),
        stored,
      ),
    ).toBeLessThan(1e-3);
    const label = dataset.splits.train.labels[i]!;
    expect(b!.labels[0]).toBe(label);
    expect([...b!.targets.subarray(0, 4)]).toEqual([0, 1, 2, 3].map((c) => (c === label ? 1 : 0)));
    expect(b!.mix.kind).toBe("none");
  });

  it("repeats each sampled image r times in a row, each copy augmented differently", () => {
    const augment = parseAugmentConfig({ ...NO_AUGMENTATION, crop: rrc, hflip: true, repeatedAugmentations: 3 });
    const l = loader(2, augment, 6);
    const order = [...l.epochOrder(0)];
    expect(order).toHaveLength(24);
    for (let k = 0; k < 24; k += 3) expect(new Set(order.slice(k, k + 3)).size).toBe(1);
    expect(new Set(order).size).toBe(8);
    const [b] = epoch(l, 0);
    expect(b!.indices[0]).toBe(b!.indices[1]);
    expect(maxAbsDiff(b!.images.subarray(0, 192), b!.images.subarray(192, 384))).toBeGreaterThan(0);
  });

  it("flips only where the dataset allows it (never on digits-like data)", () => {
    const flipOnly = parseAugmentConfig({ ...NO_AUGMENTATION, hflip: true });
    const noFlip = syntheticDataset({ height: 8, width: 8, channels: 1 }, 2, 8, { flip: false });
    const withFlip = syntheticDataset({ height: 8, width: 8, channels: 1 }, 2, 8, { flip: true });
    const flipped = (d: typeof noFlip) => {
      const l = new TrainLoader({
        dataset: d,
        augment: flipOnly,
        batchSize: 16,
        random: SeededRandom.fromSeed(0, "data"),
      });
      const [b] = [...l.epoch(0)];
      const [ev] = [...evalBatches(d, "train", { batchSize: 16 })];
      let count = 0;
      for (let i = 0; i < 16; i++) {
        const at = b!.indices[i]! * 64;
        if (maxAbsDiff(b!.images.subarray(i * 64, i * 64 + 64), ev!.images.subarray(at, at + 64)) > 0) count++;
      }
      return count;
    };
    expect(flipped(noFlip)).toBe(0);
    expect(flipped(withFlip)).toBeGreaterThan(3);
  });

  it("never calls Math.random", () => {
    vi.spyOn(Math, "random").mockImplementation(() => {
      throw new Error("Math.random used");
    });
    for (const name of listRecipes()) expect(epoch(loader(5, augmentConfigOf(getRecipe(name))), 0)).toHaveLength(3);
    const src = parseAugmentConfig({ ...NO_AUGMENTATION, crop: { kind: "src", pad: 2 }, hflip: true });
    expect(epoch(loader(5, src), 0)).toHaveLength(3);
  });

  it("rejects a batch larger than the split when dropping the last batch", () => {
    expect(() => loader(0, full, 25)).toThrow(/batch size 25 exceeds the 24 images/);
  });

  it("reuses its buffers by default", () => {
    const l = new TrainLoader({ dataset, augment: full, batchSize: 8, random: SeededRandom.fromSeed(0, "data") });
    const [a, b] = [...l.epoch(0)];
    expect(a!.images).toBe(b!.images);
  });
});

describe("evalBatches", () => {
  it("covers the split in stored order, the last batch smaller, deterministic", () => {
    const batches = [...evalBatches(dataset, "v2", { batchSize: 10, reuseBuffers: false })];
    expect(batches.map((b) => b.size)).toEqual([10, 10, 4]);
    expect(batches.flatMap((b) => [...b.indices])).toEqual(Array.from({ length: 24 }, (_, i) => i));
    expect(batches.flatMap((b) => [...b.labels])).toEqual([...dataset.splits.v2.labels]);
    const again = [...evalBatches(dataset, "v2", { batchSize: 10, reuseBuffers: false })];
    expect(again[2]!.images).toEqual(batches[2]!.images);
    expect(batches[2]!.images.length).toBe(4 * 192);
  });

  it("resizes to the output size with the test crop ratio", () => {
    const [b] = [...evalBatches(dataset, "val", { batchSize: 4, outputSize: 4, testCropRatio: 0.875 })];
    expect(b!.images.length).toBe(4 * 4 * 4 * 3);
  });
});
