import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SeededRandom } from "@seedscope/core";
import { initBackend } from "@seedscope/engine";
import { createModel, type Model } from "@seedscope/models";
import { distillationKl } from "./kd";
import { acceptedSizes, randomSmallerInput } from "./smaller-input";
import { blocksPerStage, loafingSubnets, retainedBlocks, sampleKeptBlocks, subnetDrops } from "./stpp-sampling";

beforeAll(async () => {
  await initBackend({ backend: "wasm" });
});

const softmax = (row: number[]) => {
  const e = row.map(Math.exp);
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};
const kl = (p: number[], q: number[]) => p.reduce((a, pi, i) => a + pi * Math.log(pi / q[i]!), 0);
const unit = (z: number[]) => {
  const n = Math.hypot(...z);
  return z.map((v) => v / n);
};

describe("ST++ distillation losses", () => {
  const teacher = [
    [4, 1, -2],
    [0.5, 0.5, 3],
  ];
  const student = [
    [1, 2, 0],
    [-1, 0, 1],
  ];

  it("KL− compares softmax(Z/‖Z‖₂) of teacher and student (eqs. 4–6)", () => {
    const rows = teacher.map((t, b) => kl(softmax(unit(t)), softmax(unit(student[b]!))));
    const got = distillationKl(tf.tensor2d(teacher), tf.tensor2d(student), true).dataSync()[0]!;
    expect(got).toBeCloseTo((rows[0]! + rows[1]!) / 2, 6);
  });

  it("plain KL keeps the magnitudes, and KL− ignores a rescaled student", () => {
    const rows = teacher.map((t, b) => kl(softmax(t), softmax(student[b]!)));
    expect(distillationKl(tf.tensor2d(teacher), tf.tensor2d(student), false).dataSync()[0]).toBeCloseTo(
      (rows[0]! + rows[1]!) / 2,
      6,
    );
    const scaled = tf.mul(tf.tensor2d(teacher), 7) as tf.Tensor2D;
    expect(distillationKl(tf.tensor2d(teacher), scaled, true).dataSync()[0]).toBeCloseTo(0, 6);
    expect(distillationKl(tf.tensor2d(teacher), scaled, false).dataSync()[0]).toBeGreaterThan(0.1);
  });
});

describe("ST++ subnetwork sampling", () => {
  let resnet20: Model;
  let vit: Model;
  beforeAll(() => {
    resnet20 = createModel({ arch: "resnet20", imageSize: 8, channels: 1, numClasses: 10 }, SeededRandom.fromSeed(0));
    vit = createModel({ arch: "vit-tiny", imageSize: 8, channels: 1, numClasses: 10 }, SeededRandom.fromSeed(0));
  });
  afterAll(() => {
    resnet20.dispose();
    vit.dispose();
  });

  it("counts whole blocks per stage (a transformer block is two branches)", () => {
    expect(blocksPerStage(resnet20.branches)).toEqual([3, 3, 3]);
    expect(blocksPerStage(vit.branches)).toEqual([6]);
  });

  it("retains one leading block per stage without the inter-stage rule, and ResNet-50's [1,2,4,1] space with it", () => {
    expect(retainedBlocks([3, 4, 6, 3], false)).toEqual([1, 1, 1, 1]);
    // sampled depths per stage: n − retained + 1 = [1, 2, 4, 1], Table 2's best space
    expect(retainedBlocks([3, 4, 6, 3], true)).toEqual([3, 3, 3, 3]);
    expect(retainedBlocks([3, 3, 3], true)).toEqual([2, 2, 2]);
    expect(retainedBlocks([6], true)).toEqual([3]);
    expect(retainedBlocks([1, 1, 1], true)).toEqual([1, 1, 1]);
  });

  it("keeps the first blocks of each stage and skips only the last ones, covering every allowed depth", () => {
    const random = SeededRandom.fromSeed(1, "t");
    const blocks = [3, 4, 6, 3];
    const retained = retainedBlocks(blocks, true);
    const seen = blocks.map(() => new Set<number>());
    for (let i = 0; i < 500; i++) {
      const kept = sampleKeptBlocks(blocks, retained, random);
      kept.forEach((k, s) => {
        expect(k).toBeGreaterThanOrEqual(retained[s]!);
        expect(k).toBeLessThanOrEqual(blocks[s]!);
        seen[s]!.add(k);
      });
    }
    expect(seen.map((s) => s.size)).toEqual([1, 2, 4, 1]);
    const drops = subnetDrops(vit.branches, [4]);
    expect(drops.map((d) => d.kind)).toEqual([...Array(8).fill("keep"), ...Array(4).fill("skip")]);
    const resnetDrops = subnetDrops(resnet20.branches, [1, 2, 3]);
    expect(resnetDrops.map((d) => d.kind)).toEqual([
      "keep",
      "skip",
      "skip",
      "keep",
      "keep",
      "skip",
      "keep",
      "keep",
      "keep",
    ]);
  });

  it("measures loafing on the first k blocks of every stage for a few k", () => {
    expect(loafingSubnets([3, 3, 3])).toEqual([
      [1, 1, 1],
      [2, 2, 2],
    ]);
    expect(loafingSubnets([6])).toEqual([[2], [3], [5]]);
    expect(loafingSubnets([1, 1, 1])).toEqual([]);
  });

  it("draws smaller inputs within [min, max], only at sizes the architecture takes", () => {
    expect(acceptedSizes(resnet20, 1, 3, 8)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(acceptedSizes(vit, 1, 3, 13)).toEqual([4, 8, 12]);
    const x = tf.zeros([2, 8, 8, 1]) as tf.Tensor4D;
    const random = SeededRandom.fromSeed(2, "t");
    const sides = new Set<number>();
    for (let i = 0; i < 60; i++) {
      const y = randomSmallerInput(x, [3, 4, 5, 6, 7, 8], random);
      expect(y.shape[1]).toBe(y.shape[2]);
      sides.add(y.shape[1]);
    }
    expect([...sides].sort()).toEqual([3, 4, 5, 6, 7, 8]);
  });
});
