import { describe, expect, it } from "vitest";
import { RecipeSchema } from "@seedscope/core";
import { effectiveLr } from "../lr";
import { getRecipe, listRecipes } from "../registry";

describe("named recipes", () => {
  it.each(listRecipes())("%s validates and is stored as validated", (name) => {
    const recipe = getRecipe(name);
    const parsed = RecipeSchema.safeParse(recipe);
    expect(parsed.success).toBe(true);
    expect(parsed.data).toEqual(recipe);
  });

  it("deit holds thesis Table 3.9", () => {
    const r = getRecipe("deit");
    expect(r.optimizer).toMatchObject({ kind: "adamw", lr: 5e-4 });
    expect(r.lrScaling).toEqual({ rule: "linear", referenceBatchSize: 512 });
    expect(r.weightDecay.value).toBe(0.05);
    expect(r.labelSmoothing).toBe(0.1);
    expect(r.loss).toBe("ce");
    expect(r.gradClipNorm).toBeNull();
    expect(r.augment).toMatchObject({
      mixupAlpha: 0.8,
      cutmixAlpha: 1.0,
      randomErasing: 0.25,
      repeatedAugmentations: 3,
      threeAugment: false,
      colorJitter: 0,
      randAugment: { m: 9, mstd: 0.5 },
    });
    expect(r.stochasticDepth.rate).toBe(0.1);
    expect(r.testCropRatio).toBe(0.875);
    expect(r.layerScaleInit).toBeNull();
    expect(r.method).toEqual({ kind: "standard" });
  });

  it("deit3 holds thesis Table 6.1 (ImageNet-1k)", () => {
    const r = getRecipe("deit3");
    expect(r.optimizer).toMatchObject({ kind: "lamb", lr: 3e-3 });
    expect(r.lrScaling.referenceBatchSize).toBe(2048);
    expect(r.weightDecay.value).toBe(0.02);
    expect(r.loss).toBe("bce");
    expect(r.labelSmoothing).toBe(0);
    expect(r.gradClipNorm).toBe(1.0);
    expect(r.layerScaleInit).toBe(1e-4);
    expect(r.augment).toMatchObject({
      crop: { kind: "rrc" },
      threeAugment: true,
      randAugment: null,
      colorJitter: 0.3,
      mixupAlpha: 0.8,
      cutmixAlpha: 1.0,
      randomErasing: 0,
    });
    expect(r.stochasticDepth.rule).toBe("uniform");
    expect(r.testCropRatio).toBe(1.0);
  });

  it("a2 holds the Wightman et al. column of Table 6.1", () => {
    const r = getRecipe("a2");
    expect(r.optimizer).toMatchObject({ kind: "lamb", lr: 5e-3 });
    expect(r.weightDecay.value).toBe(0.02);
    expect(r.loss).toBe("bce");
    expect(r.labelSmoothing).toBe(0);
    expect(r.gradClipNorm).toBe(1.0);
    expect(r.augment).toMatchObject({
      randAugment: { m: 7, mstd: 0.5 },
      mixupAlpha: 0.2,
      cutmixAlpha: 1.0,
      randomErasing: 0,
    });
    expect(r.testCropRatio).toBe(0.95);
  });

  it("cosub is deit3 with the cosub loss, λ = 0.5, BCE and the square-root lr rule", () => {
    const r = getRecipe("cosub");
    expect(r.method).toEqual({ kind: "cosub", lambda: 0.5, tau: null, sdMode: "esd", esdScale: "effective" });
    expect(r.loss).toBe("bce");
    expect(r.weightDecay.value).toBe(0.02);
    expect(r.lrScaling).toEqual({ rule: "sqrt", referenceBatchSize: 2048 });
    expect(r.optimizer.lr).toBe(1e-3);
    expect(r.stochasticDepth.rate).toBeGreaterThan(0); // τ = 0 would cancel cosub
    const d3 = getRecipe("deit3");
    expect(r.augment).toEqual(d3.augment);
    expect(r.layerScaleInit).toBe(d3.layerScaleInit);
  });

  it("stpp holds ST++'s ResNet setting", () => {
    const r = getRecipe("stpp");
    expect(r.optimizer).toMatchObject({ kind: "sgd", lr: 0.2 });
    expect(r.weightDecay.value).toBe(1e-4);
    expect(r.loss).toBe("ce");
    expect(r.method).toEqual({
      kind: "stpp",
      lambdaKd: 1,
      kdWithoutMagnitude: true,
      randomSmallerInput: { min: 8, max: 28 },
      interStageRule: true,
      subnetsPerStep: 6,
    });
  });

  it("divide holds Divide and Co-training's setting", () => {
    const r = getRecipe("divide");
    expect(r.optimizer).toEqual({ kind: "sgd", lr: 0.1, momentum: 0.9, nesterov: true });
    expect(r.weightDecay).toEqual({ value: 1e-4, applyToNormAndBias: false });
    expect(r.schedule.kind).toBe("cosine");
    expect(r.schedule.warmupEpochs).toBeGreaterThan(0);
    expect(r.method).toMatchObject({ kind: "divide", splits: 2, coTrainingWeight: 0.5, weightDecayRule: "unchanged" });
    expect(r.batchSize).toBe(128);
    expect(effectiveLr(r)).toBe(0.1);
  });

  it("adapts only batch size, epochs and resolution the same way everywhere, with the lr following each rule", () => {
    for (const name of listRecipes()) {
      const r = getRecipe(name);
      expect([r.batchSize, r.epochs, r.resolution]).toEqual([128, 10, 28]);
    }
    expect(effectiveLr(getRecipe("deit"))).toBeCloseTo(5e-4 * (128 / 512), 12);
    expect(effectiveLr(getRecipe("deit3"))).toBeCloseTo(3e-3 * Math.sqrt(128 / 2048), 12);
    expect(effectiveLr(getRecipe("cosub"))).toBeCloseTo(1e-3 * Math.sqrt(128 / 2048), 12);
    expect(effectiveLr(getRecipe("stpp"))).toBeCloseTo(0.05, 12);
  });
});
