import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SeededRandom } from "@seedscope/core";
import { initBackend } from "@seedscope/engine";
import { createModel, type Model } from "@seedscope/models";
import { getRecipe } from "@seedscope/recipes";
import { branchDropRates, esdRateError, sampleDrops } from "./drop-plan";
import { esdRateWarning } from "./methods/esd-check";

describe("stochastic-depth draws", () => {
  it("gives uniform or linearly growing rates", () => {
    expect(branchDropRates({ rate: 0.2, rule: "uniform" }, 3)).toEqual([0.2, 0.2, 0.2]);
    expect(branchDropRates({ rate: 0.2, rule: "linear" }, 5).map((r) => +r.toFixed(10))).toEqual([
      0, 0.05, 0.1, 0.15, 0.2,
    ]);
  });

  it("efficient stochastic depth keeps exactly round(B·(1 − p)) distinct samples, scaled by 1/(1 − p)", () => {
    const drops = sampleDrops([0.3, 0.5, 0], 10, "subset", SeededRandom.fromSeed(1, "t"));
    expect(drops[2]).toEqual({ kind: "keep" });
    const [a, b] = drops;
    if (a?.kind !== "subset" || b?.kind !== "subset") throw new Error("expected subsets");
    expect(a.indices.length).toBe(7);
    expect(new Set(a.indices).size).toBe(7);
    expect(a.scale).toBeCloseTo(1 / 0.7, 12);
    expect(b.indices.length).toBe(5);
  });

  it("masks keep each sample with probability 1 − p (statistically), scaled, and the same seed repeats the draw", () => {
    const draw = (seed: number) => sampleDrops([0.25], 20_000, "mask", SeededRandom.fromSeed(seed, "t"))[0]!;
    const m = draw(3);
    if (m.kind !== "mask") throw new Error("expected a mask");
    const kept = m.keep.filter((v) => v > 0);
    expect(kept.length / 20_000).toBeGreaterThan(0.74);
    expect(kept.length / 20_000).toBeLessThan(0.76);
    expect(kept[0]).toBeCloseTo(1 / 0.75, 6);
    // E[mask] = 1: the expectation of a dropped branch equals the full branch
    expect(m.keep.reduce((s, v) => s + v, 0) / 20_000).toBeCloseTo(1, 1);
    expect(draw(3)).toEqual(m);
    expect(draw(4)).not.toEqual(m);
  });
});

describe("fidelity to the papers: drop-path ramp and efficient stochastic depth", () => {
  let vit: Model;
  let resnet: Model;
  beforeAll(async () => {
    await initBackend({ backend: "cpu" });
    vit = createModel({ arch: "vit-tiny", imageSize: 8, channels: 1, numClasses: 3 }, SeededRandom.fromSeed(0));
    resnet = createModel({ arch: "resnet8", imageSize: 8, channels: 1, numClasses: 3 }, SeededRandom.fromSeed(0));
  });
  afterAll(() => {
    vit.dispose();
    resnet.dispose();
  });

  it("DeiT's drop-path ramps over blocks (timm VisionTransformer: dpr[i] = rate·i/(depth − 1) for both branches of block i)", () => {
    const linear = { rate: 0.1, rule: "linear" } as const;
    const perBlock = branchDropRates({ ...linear, per: "block" }, vit.branches);
    const depth = vit.branches.length / 2;
    expect(perBlock).toHaveLength(vit.branches.length);
    for (let i = 0; i < depth; i++) {
      expect(perBlock[2 * i]).toBeCloseTo((0.1 * i) / (depth - 1), 12);
      expect(perBlock[2 * i + 1]).toBe(perBlock[2 * i]);
    }
    // recipe schema < 3 ("branch"): the ramp ran over the 2·depth branches one by one
    const perBranch = branchDropRates({ ...linear, per: "branch" }, vit.branches);
    expect(perBranch[1]).toBeCloseTo(0.1 / (2 * depth - 1), 12);
    expect(branchDropRates(linear, vit.branches)).toEqual(perBranch);
    for (const name of ["deit", "a2"]) expect(getRecipe(name).stochasticDepth.per, name).toBe("block");
  });

  it("timm's ResNet ramps over blocks too (rate·block/(blocks − 1)); one branch per block, so block and branch agree", () => {
    const linear = { rate: 0.05, rule: "linear" } as const;
    expect(branchDropRates({ ...linear, per: "block" }, resnet.branches)).toEqual(
      branchDropRates({ ...linear, per: "branch" }, resnet.branches),
    );
  });

  it("efficient stochastic depth scales by B/keep (cosub §4: check the effective τ after rounding), 1/(1 − τ) under 'nominal'", () => {
    const effective = sampleDrops([0.3], 10, "subset", SeededRandom.fromSeed(1, "t"), "effective")[0]!;
    const nominal = sampleDrops([0.3], 10, "subset", SeededRandom.fromSeed(1, "t"), "nominal")[0]!;
    if (effective.kind !== "subset" || nominal.kind !== "subset") throw new Error("expected subsets");
    expect(effective.indices).toEqual(nominal.indices);
    expect(effective.scale).toBe(10 / 7);
    // τ = 0.05 on 2·16 samples: round(30.4) = 30 run, so the effective τ is 1/16 and the scale 32/30
    const small = sampleDrops([0.05], 32, "subset", SeededRandom.fromSeed(1, "t"), "effective")[0]!;
    if (small.kind !== "subset") throw new Error("expected a subset");
    expect(small.indices.length).toBe(30);
    expect(small.scale).toBe(32 / 30);
    expect(esdRateError([0.05], 32).worst).toBeCloseTo(0.0125, 12);
    for (const name of ["cosub", "cosub-a2"]) {
      const m = getRecipe(name).method;
      expect(m.kind === "cosub" && m.esdScale, name).toBe("effective");
    }
  });

  it("warns (cosub §4) when rounding moves τ more than 10 %, naming a batch size that fixes it; silent otherwise", () => {
    const warning = esdRateWarning([0.05], 16);
    expect(warning).toMatch(/at batchSize 16 \(32 samples per step\) τ = 0\.05 runs round\(32·\(1 − τ\)\) samples/);
    expect(warning).toMatch(/effective τ of 0\.0625/);
    expect(warning).toMatch(/batchSize 19 keeps every branch within it/);
    expect(esdRateWarning([0.05], 20)).toBeNull();
    expect(esdRateWarning([0.05], 128)).toBeNull();
  });
});
