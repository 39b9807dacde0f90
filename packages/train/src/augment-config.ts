import type { Recipe } from "@seedscope/core";
import { parseAugmentConfig, type AugmentConfig } from "@seedscope/data";

/** The data pipeline's view of a recipe's augmentation and target settings. */
export function augmentConfigOf(recipe: Recipe): AugmentConfig {
  const a = recipe.augment;
  const crop = a.crop;
  return parseAugmentConfig({
    crop: crop.kind,
    ...(crop.kind === "rrc" ? { rrcScale: crop.scale, rrcRatio: crop.ratio } : {}),
    ...(crop.kind === "src" ? { srcPadding: crop.pad } : {}),
    flip: a.hflip,
    threeAugment: a.threeAugment,
    colorJitter: a.colorJitter,
    randAugment: a.randAugment === null ? null : { n: a.randAugment.n, m: a.randAugment.m, mstd: a.randAugment.mstd },
    randomErasing: a.randomErasing,
    mixup: a.mixupAlpha,
    cutmix: a.cutmixAlpha,
    ...(a.mixSwitchProb === null ? {} : { mixSwitchProb: a.mixSwitchProb }),
    labelSmoothing: recipe.labelSmoothing,
    repeatedAugmentations: a.repeatedAugmentations,
    testCropRatio: recipe.testCropRatio,
  });
}
