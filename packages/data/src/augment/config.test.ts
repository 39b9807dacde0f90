import { describe, expect, it } from "vitest";
import { getRecipe, listRecipes } from "@seedscope/recipes";
import { augmentConfigOf, NO_AUGMENTATION, parseAugmentConfig } from "./config";

describe("augmentation config", () => {
  it("is a recipe's augmentation block as stored, with its label smoothing and test crop", () => {
    for (const name of listRecipes()) {
      const recipe = getRecipe(name);
      const config = augmentConfigOf(recipe);
      expect(parseAugmentConfig(config)).toEqual(config);
      expect(config).toEqual({
        ...recipe.augment,
        labelSmoothing: recipe.labelSmoothing,
        bceTargetThreshold: recipe.bceTargetThreshold,
        testCropRatio: recipe.testCropRatio,
      });
    }
    const deit = augmentConfigOf(getRecipe("deit"));
    expect([deit.randAugment?.m, deit.randAugment?.mstd, deit.mixupAlpha, deit.cutmixAlpha]).toEqual([9, 0.5, 0.8, 1]);
  });

  it("turns everything off in the evaluation view", () => {
    expect(NO_AUGMENTATION.crop).toEqual({ kind: "none" });
    expect([NO_AUGMENTATION.hflip, NO_AUGMENTATION.randAugment, NO_AUGMENTATION.mixupAlpha]).toEqual([false, null, 0]);
    expect([NO_AUGMENTATION.labelSmoothing, NO_AUGMENTATION.testCropRatio]).toEqual([0, 1]);
  });

  it("names each bad field by the recipe's names, and refuses 3-Augment with RandAugment", () => {
    expect(() => parseAugmentConfig({ ...NO_AUGMENTATION, mixupAlpha: -1, crop: { kind: "zoom" } })).toThrow(
      /crop\.kind: got kind "zoom", expected an object whose "kind" is one of "rrc", "src", "none"[\s\S]*mixupAlpha: got -1, expected a number ≥ 0/,
    );
    expect(() =>
      parseAugmentConfig({ ...NO_AUGMENTATION, crop: { kind: "rrc", scale: [0.9, 0.1], ratio: [1, 1] } }),
    ).toThrow(/crop\.scale: got \[0\.9,0\.1\], expected \[low, high\] with low ≤ high/);
    expect(() =>
      parseAugmentConfig({ ...NO_AUGMENTATION, threeAugment: true, randAugment: { n: 2, m: 9, mstd: 0, ops: "timm" } }),
    ).toThrow(/threeAugment: 3-Augment replaces RandAugment/);
    expect(() => parseAugmentConfig({ ...NO_AUGMENTATION, mixupAlpha: 0.8, cutmixAlpha: 1 })).toThrow(
      /mixSwitchProb: got null, expected a probability/,
    );
    expect(() => parseAugmentConfig({ ...NO_AUGMENTATION, colour: 1 })).toThrow(/unknown field\(s\) "colour"/);
  });
});
