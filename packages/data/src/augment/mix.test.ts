import { describe, expect, it } from "vitest";
import { SeededRandom } from "@seedscope/core";
import { applyMix, sampleMix } from "./mix";
import { binarizeTargets, smoothedOneHot } from "./targets";

const shape = { height: 8, width: 8, channels: 1 };
const options = { mixupAlpha: 0, cutmixAlpha: 0, mixProb: 1, mixSwitchProb: 0.5 };

/** Two 8×8 images, all 0 and all 1, with one-hot targets of classes 0 and 1 out of 3. */
function pair(): { images: Float32Array; targets: Float32Array } {
  const images = new Float32Array(128);
  images.fill(1, 64);
  const targets = new Float32Array(6);
  smoothedOneHot(Int32Array.from([0, 1]), 2, 3, 0, targets);
  return { images, targets };
}

const rowSums = (targets: Float32Array, k: number) =>
  Array.from({ length: targets.length / k }, (_, i) => targets.subarray(i * k, (i + 1) * k).reduce((a, b) => a + b, 0));

describe("label smoothing", () => {
  it("gives (1 − ε) + ε/K to the true class and ε/K elsewhere, rows summing to 1", () => {
    const out = new Float32Array(20);
    smoothedOneHot(Int32Array.from([3, 0]), 2, 10, 0.1, out);
    expect(out[3]).toBeCloseTo(0.91, 6);
    expect(out[0]).toBeCloseTo(0.01, 6);
    expect(out[10]).toBeCloseTo(0.91, 6);
    for (const s of rowSums(out, 10)) expect(s).toBeCloseTo(1, 6);
  });

  it("binarizes for hard BCE targets (DeiT III reference loop: targets > 0, thesis §6.2.1)", () => {
    const t = Float32Array.from([0.6, 0.4, 0.05]);
    binarizeTargets(t, 3, 0.2);
    expect([...t]).toEqual([1, 1, 0]);
  });
});

describe("mixup", () => {
  it("blends images and targets with λ ~ Beta(α, α); weights sum to 1", () => {
    const random = SeededRandom.fromSeed(5, "t");
    const lambdas: number[] = [];
    for (let i = 0; i < 300; i++) {
      const mix = sampleMix({ ...options, mixupAlpha: 0.8 }, random, 8, 8);
      expect(mix.kind).toBe("mixup");
      lambdas.push(mix.lambda);
    }
    const mean = lambdas.reduce((a, b) => a + b, 0) / lambdas.length;
    expect(mean).toBeGreaterThan(0.44); // Beta(α, α) has mean 1/2
    expect(mean).toBeLessThan(0.56);
    const mix = { kind: "mixup" as const, lambda: 0.7, box: null };
    const { images, targets } = pair();
    applyMix(mix, images, targets, 2, shape, 3);
    expect(images[0]).toBeCloseTo(0.3, 6); // 0.7·0 + 0.3·1
    expect(images[64]).toBeCloseTo(0.7, 6);
    expect([...targets].map((v) => Number(v.toFixed(6)))).toEqual([0.7, 0.3, 0, 0.3, 0.7, 0]);
    for (const s of rowSums(targets, 3)) expect(s).toBeCloseTo(1, 6);
  });

  it("pairs image i with image n−1−i and leaves the middle of an odd batch as it was", () => {
    const images = Float32Array.from([0, 1, 2].flatMap((v) => new Array<number>(64).fill(v)));
    const targets = new Float32Array(9);
    smoothedOneHot(Int32Array.from([0, 1, 2]), 3, 3, 0, targets);
    applyMix({ kind: "mixup", lambda: 0.25, box: null }, images, targets, 3, shape, 3);
    expect([images[0], images[64], images[128]].map((v) => Number(v!.toFixed(6)))).toEqual([1.5, 1, 0.5]);
    expect([...targets.subarray(3, 6)]).toEqual([0, 1, 0]);
  });

  it("is off with probability 1 − mixProb, and off entirely when both α are 0", () => {
    const random = SeededRandom.fromSeed(1, "t");
    expect(sampleMix(options, random, 8, 8).kind).toBe("none");
    expect(sampleMix({ ...options, mixupAlpha: 0.8, mixProb: 0 }, random, 8, 8).kind).toBe("none");
  });
});

describe("CutMix", () => {
  it("pastes a box whose area is exactly 1 − λ of the image, targets weighted by λ", () => {
    const random = SeededRandom.fromSeed(9, "t");
    let checked = 0;
    for (let i = 0; i < 50; i++) {
      const mix = sampleMix({ ...options, cutmixAlpha: 1 }, random, 8, 8);
      expect(mix.kind).toBe("cutmix");
      const { x0, y0, x1, y1 } = mix.box!;
      expect(1 - mix.lambda).toBeCloseTo(((x1 - x0) * (y1 - y0)) / 64, 10);
      const { images, targets } = pair();
      applyMix(mix, images, targets, 2, shape, 3);
      const fromOther = images.subarray(0, 64).reduce((a, b) => a + b, 0); // image 0 was all 0
      expect(fromOther / 64).toBeCloseTo(1 - mix.lambda, 10);
      expect(64 - images.subarray(64).reduce((a, b) => a + b, 0)).toBe(fromOther);
      for (let y = 0; y < 8; y++) {
        for (let x = 0; x < 8; x++) expect(images[y * 8 + x]).toBe(x >= x0 && x < x1 && y >= y0 && y < y1 ? 1 : 0);
      }
      expect(targets[0]).toBeCloseTo(mix.lambda, 6);
      expect(targets[1]).toBeCloseTo(1 - mix.lambda, 6);
      for (const s of rowSums(targets, 3)) expect(s).toBeCloseTo(1, 6);
      if (fromOther > 0) checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });

  it("switches between mixup and cutmix with mixSwitchProb when both are on", () => {
    const random = SeededRandom.fromSeed(2, "t");
    const kinds = Array.from(
      { length: 400 },
      () => sampleMix({ ...options, mixupAlpha: 0.8, cutmixAlpha: 1 }, random, 8, 8).kind,
    );
    const cut = kinds.filter((k) => k === "cutmix").length;
    expect(cut).toBeGreaterThan(160);
    expect(cut).toBeLessThan(240);
    expect(kinds.filter((k) => k === "none")).toHaveLength(0);
  });
});
