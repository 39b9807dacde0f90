import { describe, expect, it } from "vitest";
import { SeededRandom } from "@seedscope/core";
import { getRecipe } from "@seedscope/recipes";
import { randomBytes, syntheticDataset } from "../testing/fixtures";
import { AUTO_AUGMENT_SUB_POLICIES, autoAugment, autoAugmentArgument } from "./auto-augment";
import { augmentConfigOf, NO_AUGMENTATION, parseAugmentConfig } from "./config";
import { Scratch } from "./image";
import { ImageAugmenter } from "./image-augmenter";

const dataset = syntheticDataset({ height: 16, width: 16, channels: 1 }, 3, 4);
const image = randomBytes(16 * 16, 11);

/** One member's training view of `image`: the member's own stream, as divide's view loaders fork it. */
function view(seed: number, member: number): Float32Array {
  const augmenter = new ImageAugmenter(augmentConfigOf(getRecipe("divide")), dataset, 16);
  const out = new Float32Array(16 * 16);
  const stream = member === 0 ? "data" : `data/member-${member}`;
  augmenter.trainInto(image, SeededRandom.fromSeed(seed, stream), out, 0);
  return out;
}

describe("AutoAugment (Divide and Co-training §4.1 / AutoAugment paper policies)", () => {
  it("has the AutoAugment paper's 25 two-step sub-policies for CIFAR-10 and ImageNet, magnitudes in 10 bins", () => {
    for (const policy of ["cifar10", "imagenet"] as const) {
      const subs = AUTO_AUGMENT_SUB_POLICIES[policy];
      expect(subs).toHaveLength(25);
      for (const [a, b] of subs) {
        for (const [, p, bin] of [a, b]) {
          expect(p >= 0 && p <= 1).toBe(true);
          if (bin !== null) expect(bin >= 0 && bin <= 9).toBe(true);
        }
      }
    }
    expect(AUTO_AUGMENT_SUB_POLICIES.cifar10[0]).toEqual([
      ["Invert", 0.1, null],
      ["Contrast", 0.2, 6],
    ]);
    const ctx = { random: SeededRandom.fromSeed(0, "t"), scratch: new Scratch(), fill: [0.5] };
    const img = { data: new Float32Array(331), height: 1, width: 331, channels: 1 };
    expect(autoAugmentArgument("Posterize", 9, img, ctx)).toBe(4);
    expect(autoAugmentArgument("Posterize", 0, img, ctx)).toBe(8);
    expect(autoAugmentArgument("Solarize", 9, img, ctx)).toBe(0);
    expect(Math.abs(autoAugmentArgument("TranslateX", 9, img, ctx))).toBeCloseTo(150, 10);
    expect(Math.abs(autoAugmentArgument("Rotate", 9, img, ctx))).toBeCloseTo(30, 10);
    expect([0.1, 1.9].map((v) => v.toFixed(9))).toContain(autoAugmentArgument("Color", 9, img, ctx).toFixed(9));
  });

  it("is reproducible from the seed and applies at most the two steps of one sub-policy", () => {
    for (let seed = 0; seed < 30; seed++) {
      const a = { data: Float32Array.from(image, (v) => v / 255), height: 16, width: 16, channels: 1 };
      const b = { ...a, data: a.data.slice() };
      const ctx = (s: number) => ({ random: SeededRandom.fromSeed(s, "t"), scratch: new Scratch(), fill: [0.5] });
      const ops = autoAugment(a, "cifar10", ctx(seed));
      expect(autoAugment(b, "cifar10", ctx(seed))).toEqual(ops);
      expect(b.data).toEqual(a.data);
      expect(ops.length).toBeLessThanOrEqual(2);
    }
  });

  it("divide (§3.2, §4.1: each network its own augmented view, with AutoAugment): two members' views of one image differ; a fixed seed gives fixed views", () => {
    expect(getRecipe("divide").augment.autoAugment).toBe("cifar10");
    const first = view(7, 0);
    const second = view(7, 1);
    expect(view(7, 0)).toEqual(first);
    expect(view(7, 1)).toEqual(second);
    expect(second).not.toEqual(first);
  });

  it("at most one of randAugment / autoAugment / threeAugment: a clear error naming the field and the fix", () => {
    const both = { ...NO_AUGMENTATION, autoAugment: "cifar10", randAugment: { n: 2, m: 9, mstd: 0.5, ops: "timm" } };
    expect(() => parseAugmentConfig(both)).toThrow(
      /autoAugment: got "cifar10", but at most one of randAugment \/ autoAugment \/ threeAugment may be on; set augment\.autoAugment=null or augment\.randAugment=null/,
    );
    expect(() => parseAugmentConfig({ ...NO_AUGMENTATION, autoAugment: "imagenet", threeAugment: true })).toThrow(
      /set augment\.autoAugment=null or augment\.threeAugment=false/,
    );
    expect(() => parseAugmentConfig({ ...NO_AUGMENTATION, autoAugment: "svhn" })).toThrow(
      /autoAugment: got "svhn", expected one of "cifar10", "imagenet"/,
    );
  });
});
