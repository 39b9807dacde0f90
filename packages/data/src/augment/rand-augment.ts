import type { RandAugmentSettings, SeededRandom } from "@seedscope/core";
import { rotation, shearX, shearY, translation, warpAffine } from "./affine";
import type { FloatImage, Scratch } from "./image";
import {
  adjustBrightness,
  adjustContrast,
  adjustSaturation,
  adjustSharpness,
  autocontrast,
  equalize,
  posterize,
  solarize,
} from "./pixel-ops";

/** timm's probability that each drawn operation is applied; the papers give only M and std. */
export const RAND_AUGMENT_OP_PROB = 0.5;

/** A recipe's RandAugment settings and the probability that each drawn operation is applied. */
export interface RandAugmentOptions extends Pick<RandAugmentSettings, "n" | "m" | "mstd"> {
  readonly prob: number;
}

export const RAND_AUGMENT_OPS = [
  "identity",
  "autocontrast",
  "equalize",
  "rotate",
  "solarize",
  "color",
  "posterize",
  "contrast",
  "brightness",
  "sharpness",
  "shearX",
  "shearY",
  "translateX",
  "translateY",
] as const;
export type RandAugmentOp = (typeof RAND_AUGMENT_OPS)[number];

/** Largest rotation (degrees), shear, translation (fraction of the side) and blend-factor change, at M = 10. */
export const RAND_AUGMENT_LIMITS = { rotate: 30, shear: 0.3, translate: 0.45, enhance: 0.9 } as const;

export interface RandAugmentContext {
  readonly random: SeededRandom;
  readonly scratch: Scratch;
  /** Value per channel for pixels that geometric ops bring in from outside the image. */
  readonly fill: readonly number[];
}

/**
 * Applies one operation at `level` = M / 10 in [0, 1]. Magnitude mapping: rotate ±30°·level,
 * shear ±0.3·level, translate ±0.45·level of the side (sign uniform), colour / contrast / brightness /
 * sharpness factor 1 ± 0.9·level, solarize threshold 1 − level and posterize to 8 − round(4·level)
 * bits (stronger with M, like timm's "increasing" variants); identity, autocontrast and equalize
 * ignore the level.
 */
export function applyRandAugmentOp(image: FloatImage, op: RandAugmentOp, level: number, ctx: RandAugmentContext): void {
  const signed = (limit: number) => (ctx.random.bernoulli(0.5) ? -1 : 1) * limit * level;
  switch (op) {
    case "identity":
      return;
    case "autocontrast":
      return autocontrast(image);
    case "equalize":
      return equalize(image);
    case "rotate":
      return warpAffine(image, rotation(signed(RAND_AUGMENT_LIMITS.rotate)), ctx.fill, ctx.scratch);
    case "solarize":
      return solarize(image, 1 - level);
    case "color":
      return adjustSaturation(image, 1 + signed(RAND_AUGMENT_LIMITS.enhance));
    case "posterize":
      return posterize(image, 8 - Math.round(4 * level));
    case "contrast":
      return adjustContrast(image, 1 + signed(RAND_AUGMENT_LIMITS.enhance));
    case "brightness":
      return adjustBrightness(image, 1 + signed(RAND_AUGMENT_LIMITS.enhance));
    case "sharpness":
      return adjustSharpness(image, 1 + signed(RAND_AUGMENT_LIMITS.enhance), ctx.scratch);
    case "shearX":
      return warpAffine(image, shearX(signed(RAND_AUGMENT_LIMITS.shear)), ctx.fill, ctx.scratch);
    case "shearY":
      return warpAffine(image, shearY(signed(RAND_AUGMENT_LIMITS.shear)), ctx.fill, ctx.scratch);
    case "translateX":
      return warpAffine(
        image,
        translation(signed(RAND_AUGMENT_LIMITS.translate) * image.width, 0),
        ctx.fill,
        ctx.scratch,
      );
    case "translateY":
      return warpAffine(
        image,
        translation(0, signed(RAND_AUGMENT_LIMITS.translate) * image.height),
        ctx.fill,
        ctx.scratch,
      );
  }
}

/**
 * seedscope's RandAugment before recipe schema 3 (`ops: "seedscope-v1"`; timm's list is rand-augment-timm.ts)
 * ("rand-m9-mstd0.5" style): `n` operations drawn uniformly with replacement, each applied
 * with probability `prob` at magnitude M + N(0, mstd²) clipped to [0, 10], drawn afresh per application.
 * Returns the operations actually applied.
 */
export function randAugment(image: FloatImage, config: RandAugmentOptions, ctx: RandAugmentContext): RandAugmentOp[] {
  const applied: RandAugmentOp[] = [];
  for (let k = 0; k < config.n; k++) {
    const op = RAND_AUGMENT_OPS[ctx.random.int(RAND_AUGMENT_OPS.length)]!;
    if (!ctx.random.bernoulli(config.prob)) continue;
    const magnitude =
      config.mstd > 0 ? Math.min(10, Math.max(0, config.m + config.mstd * ctx.random.normal())) : config.m;
    applyRandAugmentOp(image, op, magnitude / 10, ctx);
    applied.push(op);
  }
  return applied;
}
