import { AugmentSchema, parseInput, type Recipe, RecipeSchema } from "@seedscope/core";
import type { z } from "zod";

/**
 * How training images are augmented and how targets are built: the recipe's augmentation block as it is
 * stored (same fields, same names, same rules: `AugmentSchema` from `@seedscope/core`), plus the three
 * recipe fields the data pipeline also reads. Order of application: crop → flip → 3-Augment, RandAugment or
 * AutoAugment → colour jitter → PCA lighting → normalize → random erasing, then per batch mixup / cutmix on images and
 * targets, then (BCE recipes that ask for it) targets thresholded to 0/1. What the papers fix and a recipe
 * does not set (3-Augment's solarization threshold, RandAugment's per-operation probability) lives beside
 * the step that uses it.
 */
export const AugmentConfigSchema = AugmentSchema.safeExtend({
  labelSmoothing: RecipeSchema.shape.labelSmoothing,
  bceTargetThreshold: RecipeSchema.shape.bceTargetThreshold,
  testCropRatio: RecipeSchema.shape.testCropRatio,
});

export type AugmentConfig = z.output<typeof AugmentConfigSchema>;

/** Validates a config, naming each bad field. */
export function parseAugmentConfig(input: unknown): AugmentConfig {
  return parseInput(AugmentConfigSchema, input, "augmentation config");
}

/** The data pipeline's view of a recipe: its augmentation block, label smoothing and test crop. */
export function augmentConfigOf(recipe: Recipe): AugmentConfig {
  return {
    ...recipe.augment,
    labelSmoothing: recipe.labelSmoothing,
    bceTargetThreshold: recipe.bceTargetThreshold,
    testCropRatio: recipe.testCropRatio,
  };
}

/** No augmentation at all: the evaluation view, one-hot targets. */
export const NO_AUGMENTATION: AugmentConfig = parseAugmentConfig({
  crop: { kind: "none" },
  hflip: false,
  threeAugment: false,
  colorJitter: 0,
  randAugment: null,
  autoAugment: null,
  pcaLighting: 0,
  randomErasing: 0,
  repeatedAugmentations: 1,
  mixupAlpha: 0,
  cutmixAlpha: 0,
  mixSwitchProb: null,
  labelSmoothing: 0,
  bceTargetThreshold: null,
  blurSigma: [0.1, 2],
  blurReferenceResolution: null,
  testCropRatio: 1,
});
