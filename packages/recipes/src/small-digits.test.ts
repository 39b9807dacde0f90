import { describe, expect, it } from "vitest";
import { applyOverrides } from "./overrides";
import { getRecipe, listRecipes } from "./registry";
import { augmentationOffOverrides, SMALL_DIGITS_LR, SMALL_DIGITS_SHAPE, smallDigitsOverrides } from "./small-digits";

const NAMED = listRecipes();

describe("the small-digits setting", () => {
  it.each(NAMED)("adapts %s: its shape, its optimizer's lr unscaled, every augmentation off", (name) => {
    const recipe = getRecipe(name);
    const adapted = applyOverrides(recipe, smallDigitsOverrides(recipe));
    expect([adapted.resolution, adapted.epochs, adapted.batchSize]).toEqual([
      SMALL_DIGITS_SHAPE.resolution,
      SMALL_DIGITS_SHAPE.epochs,
      SMALL_DIGITS_SHAPE.batchSize,
    ]);
    expect(adapted.lrScaling.rule).toBe("none");
    expect(adapted.optimizer.kind).toBe(recipe.optimizer.kind);
    expect(adapted.optimizer.lr).toBe(SMALL_DIGITS_LR[recipe.optimizer.kind]);
    const a = adapted.augment;
    expect(a.crop).toEqual({ kind: "none" });
    expect([a.hflip, a.threeAugment, a.randAugment, a.autoAugment]).toEqual([false, false, null, null]);
    expect([a.colorJitter, a.pcaLighting, a.randomErasing, a.mixupAlpha, a.cutmixAlpha]).toEqual([0, 0, 0, 0, 0]);
    expect(a.repeatedAugmentations).toBe(1);
    expect(augmentationOffOverrides(adapted)).toEqual([]);
    // What is not part of the setting stays the recipe's.
    expect(adapted.method.kind).toBe(recipe.method.kind);
    expect([adapted.loss, adapted.weightDecay, adapted.schedule]).toEqual([
      recipe.loss,
      recipe.weightDecay,
      recipe.schedule,
    ]);
  });

  it("moves settings in pixels and epochs to the shape, keeping their fraction", () => {
    const stpp = getRecipe("stpp");
    if (stpp.method.kind !== "stpp" || stpp.method.randomSmallerInput === null) throw new Error("stpp changed");
    const { min, max } = stpp.method.randomSmallerInput;
    const adapted = applyOverrides(stpp, smallDigitsOverrides(stpp));
    if (adapted.method.kind !== "stpp") throw new Error("method kind lost");
    expect(adapted.method.randomSmallerInput).toEqual({
      min: Math.round((min * 12) / stpp.resolution),
      max: Math.round((max * 12) / stpp.resolution),
    });
    const divide = getRecipe("divide");
    if (divide.method.kind !== "divide") throw new Error("divide changed");
    const moved = applyOverrides(divide, smallDigitsOverrides(divide, { resolution: 8, epochs: 5, batchSize: 50 }));
    if (moved.method.kind !== "divide") throw new Error("method kind lost");
    const fraction = (m: { coTrainingWarmupEpochs: number }, epochs: number) => m.coTrainingWarmupEpochs / epochs;
    expect(fraction(moved.method, 5)).toBeCloseTo(fraction(divide.method, divide.epochs), 2);
  });

  it("lists only the augmentations a recipe has on, so a recipe without any gets none", () => {
    const a2 = getRecipe("a2");
    expect(augmentationOffOverrides(a2)).toContain("augment.randAugment=null");
    expect(augmentationOffOverrides(a2)).not.toContain("augment.threeAugment=false");
    expect(augmentationOffOverrides(getRecipe("deit3"))).toContain("augment.threeAugment=false");
  });
});
