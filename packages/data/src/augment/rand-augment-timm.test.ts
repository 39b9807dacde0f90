import { describe, expect, it } from "vitest";
import { SeededRandom } from "@seedscope/core";
import { getRecipe } from "@seedscope/recipes";
import { copyImage, maxAbsDiff, randomImage } from "../testing/fixtures";
import type { FloatImage } from "./image";
import { Scratch } from "./image";
import { autocontrast8, equalize8, pilShearX } from "./pil-ops";
import { applyPolicyOp, type PolicyContext } from "./policy-ops";
import { RAND_AUGMENT_OPS } from "./rand-augment";
import { TIMM_RAND_OPS, timmOpArgument, timmRandAugment } from "./rand-augment-timm";
import { warpAffine } from "./affine";

const ctx = (seed = 0): PolicyContext => ({
  random: SeededRandom.fromSeed(seed, "t"),
  scratch: new Scratch(),
  fill: [0.5],
});

/** A one-channel image holding the given 8-bit levels. */
function levels(values: readonly number[]): FloatImage {
  return { data: Float32Array.from(values, (v) => v / 255), height: 1, width: values.length, channels: 1 };
}
const levelsOf = (image: FloatImage) => [...image.data].map((v) => Math.round(v * 255));

/** The op's argument at magnitude m, taken with the sign draw as timm would make it. */
const argAt = (op: (typeof TIMM_RAND_OPS)[number], m: number) => timmOpArgument(op, m, levels([0]), ctx()).arg;

describe("RandAugment as timm's (DeiT thesis Table 3.9 '9/0.5', A2 '7/0.5': timm rand-mM-mstd0.5-inc1)", () => {
  it("RandAugment ops are timm's (DeiT Table 3.9 / timm _RAND_INCREASING_TRANSFORMS): 15 ops with Invert and SolarizeAdd, no identity", () => {
    expect(TIMM_RAND_OPS).toHaveLength(15);
    expect(TIMM_RAND_OPS).toContain("Invert");
    expect(TIMM_RAND_OPS).toContain("SolarizeAdd");
    expect(TIMM_RAND_OPS).not.toContain("identity");
    // seedscope's version-1 list, kept for recipes stored before schema 3, had identity in their place.
    expect(RAND_AUGMENT_OPS).toContain("identity");
    expect(getRecipe("deit").augment.randAugment).toEqual({ n: 2, m: 9, mstd: 0.5, ops: "timm" });
    expect(getRecipe("a2").augment.randAugment).toEqual({ n: 2, m: 7, mstd: 0.5, ops: "timm" });
    expect(getRecipe("cosub-a2").augment.randAugment?.ops).toBe("timm");
  });

  it("posterize keeps 4 − ⌊4·M/10⌋ bits (timm _posterize_increasing_level_to_arg): 1 bit at M9, 2 at M7, 4 at M0", () => {
    expect([argAt("PosterizeIncreasing", 9), argAt("PosterizeIncreasing", 7), argAt("PosterizeIncreasing", 0)]).toEqual(
      [1, 2, 4],
    );
    expect(argAt("PosterizeIncreasing", 10)).toBe(0);
    const img = levels([200, 127, 128, 255, 3]);
    applyPolicyOp(img, "Posterize", 1, ctx());
    expect(levelsOf(img)).toEqual([128, 0, 128, 128, 0]);
    const black = levels([200, 255]);
    applyPolicyOp(black, "Posterize", 0, ctx());
    expect(levelsOf(black)).toEqual([0, 0]);
  });

  it("Invert, Solarize (threshold 256 − ⌊256·M/10⌋) and SolarizeAdd (⌊110·M/10⌋ below 128) work on 8-bit levels as PIL/timm", () => {
    const inv = levels([0, 51, 255]);
    applyPolicyOp(inv, "Invert", 0, ctx());
    expect(levelsOf(inv)).toEqual([255, 204, 0]);
    expect(argAt("SolarizeIncreasing", 9)).toBe(26);
    const sol = levels([20, 25, 26, 200]);
    applyPolicyOp(sol, "Solarize", 26, ctx());
    expect(levelsOf(sol)).toEqual([20, 25, 229, 55]);
    expect(argAt("SolarizeAdd", 9)).toBe(99);
    const add = levels([0, 100, 127, 128, 250]);
    applyPolicyOp(add, "SolarizeAdd", 99, ctx());
    expect(levelsOf(add)).toEqual([99, 199, 226, 128, 250]);
  });

  it("enhance factors are max(0.1, 1 ± 0.9·M/10), shear ±0.3·M/10, rotate ±30·M/10°, translate ±0.45·M/10 of the side", () => {
    for (const op of [
      "ColorIncreasing",
      "ContrastIncreasing",
      "BrightnessIncreasing",
      "SharpnessIncreasing",
    ] as const) {
      expect([0.19, 1.81].map((v) => v.toFixed(6))).toContain(argAt(op, 9).toFixed(6));
    }
    expect(Math.abs(argAt("ShearX", 9))).toBeCloseTo(0.27, 12);
    expect(Math.abs(argAt("Rotate", 9))).toBeCloseTo(27, 12);
    const wide = { data: new Float32Array(20), height: 1, width: 20, channels: 1 };
    expect(Math.abs(timmOpArgument("TranslateXRel", 10, wide, ctx()).arg)).toBeCloseTo(9, 12);
    // both signs occur, each about half the time
    const random = ctx(3);
    let negative = 0;
    for (let i = 0; i < 400; i++) if (timmOpArgument("Rotate", 9, wide, random).arg < 0) negative++;
    expect(negative).toBeGreaterThan(160);
    expect(negative).toBeLessThan(240);
  });

  it("draws its ops and magnitude noise from the seed only, applies at most n ops from timm's list", () => {
    const img = randomImage(8, 8, 3, 3);
    const options = { n: 2, m: 9, mstd: 0.5, prob: 0.5 };
    const run = (seed: number) => {
      const a = copyImage(img);
      const ops = timmRandAugment(a, options, { ...ctx(seed), fill: [0.5, 0.5, 0.5] });
      return { a, ops };
    };
    expect(maxAbsDiff(run(1).a.data, run(1).a.data)).toBe(0);
    for (let seed = 2; seed < 40; seed++) {
      const r = run(seed);
      expect(r.ops.length).toBeLessThanOrEqual(2);
      for (const op of r.ops) expect(TIMM_RAND_OPS).toContain(op);
      for (const v of r.a.data) expect(Number.isFinite(v)).toBe(true);
    }
    // a huge mstd is clipped to [0, 10]: posterize never asks for fewer than 0 bits, solarize stays in [0, 256]
    const wild = { n: 30, m: 9, mstd: 50, prob: 1 };
    const a = copyImage(img);
    timmRandAugment(a, wild, { ...ctx(5), fill: [0.5, 0.5, 0.5] });
    for (const v of a.data) expect(Number.isFinite(v)).toBe(true);
  });

  it("AutoContrast and Equalize are PIL's: a stretch to 0–255 (truncated), and no change where PIL's step is 0", () => {
    const ac = levels([50, 100, 150]);
    autocontrast8(ac);
    expect(levelsOf(ac)).toEqual([0, 127, 255]);
    // 64 pixels: step = (64 − top count) // 255 = 0, so PIL leaves the image as it is
    const small = {
      data: Float32Array.from({ length: 64 }, (_, i) => (i * 2) / 255),
      height: 8,
      width: 8,
      channels: 1,
    };
    const before = copyImage(small);
    equalize8(small);
    expect(maxAbsDiff(small.data, before.data)).toBe(0);
    // 1024 pixels on 4 levels: the cumulative histogram spreads them over 0–255
    const big = {
      data: Float32Array.from({ length: 1024 }, (_, i) => (i % 4) / 255),
      height: 32,
      width: 32,
      channels: 1,
    };
    equalize8(big);
    expect([...new Set(levelsOf(big))].sort((x, y) => x - y)).toEqual([0, 85, 171, 255]);
  });

  it("shears about the top-left corner as PIL's affine transform (source x = x + f·(y + 0.5))", () => {
    const h = 4;
    const w = 8;
    const img = {
      data: Float32Array.from({ length: h * w }, (_, i) => (i % w) / 10),
      height: h,
      width: w,
      channels: 1,
    };
    warpAffine(img, pilShearX(1, h), [0], new Scratch());
    for (let y = 0; y < h; y++) {
      // row y reads the source at x + y + 0.5: a shift growing from half a pixel at the top row
      const expected = (2 + y + 0.5) / 10;
      expect(img.data[y * w + 2]).toBeCloseTo(expected, 5);
    }
  });
});
