import type { RandAugmentSettings } from "@seedscope/core";
import type { FloatImage } from "./image";
import { applyPolicyOp, type PolicyContext, type PolicyOp, randomlyNegate } from "./policy-ops";

/*
 * timm's RandAugment with the "increasing" op list (`rand-m9-mstd0.5-inc1`, DeiT; `rand-m7-mstd0.5-inc1`,
 * Wightman et al.'s A2): 15 operations, each op's strength growing with the magnitude M on timm's 0–10
 * scale. Facts from timm's auto_augment.py (`_RAND_INCREASING_TRANSFORMS` and the `*_level_to_arg`
 * mappings); the code is ours.
 */

/** timm's increasing op list, in timm's order (the uniform draw picks by index). */
export const TIMM_RAND_OPS = [
  "AutoContrast",
  "Equalize",
  "Invert",
  "Rotate",
  "PosterizeIncreasing",
  "SolarizeIncreasing",
  "SolarizeAdd",
  "ColorIncreasing",
  "ContrastIncreasing",
  "BrightnessIncreasing",
  "SharpnessIncreasing",
  "ShearX",
  "ShearY",
  "TranslateXRel",
  "TranslateYRel",
] as const;
export type TimmRandOp = (typeof TIMM_RAND_OPS)[number];

/** timm's magnitude scale: M / 10 is the fraction of each op's range. */
const LEVEL_DENOM = 10;

/**
 * The op's argument at magnitude `m` (0–10), with the random sign where timm draws one:
 * Rotate ±30·m/10°, Posterize 4 − ⌊4·m/10⌋ bits (1 bit at M9), Solarize threshold 256 − ⌊256·m/10⌋,
 * SolarizeAdd ⌊110·m/10⌋, enhance factors max(0.1, 1 ± 0.9·m/10), Shear ±0.3·m/10, Translate
 * ±0.45·m/10 of the image side.
 */
export function timmOpArgument(
  op: TimmRandOp,
  m: number,
  image: FloatImage,
  ctx: PolicyContext,
): { op: PolicyOp; arg: number } {
  const f = m / LEVEL_DENOM;
  const negate = (v: number) => randomlyNegate(v, ctx.random);
  switch (op) {
    case "AutoContrast":
    case "Equalize":
    case "Invert":
      return { op, arg: 0 };
    case "Rotate":
      return { op, arg: negate(f * 30) };
    case "PosterizeIncreasing":
      return { op: "Posterize", arg: 4 - Math.trunc(f * 4) };
    case "SolarizeIncreasing":
      return { op: "Solarize", arg: 256 - Math.trunc(f * 256) };
    case "SolarizeAdd":
      return { op, arg: Math.trunc(f * 110) };
    case "ColorIncreasing":
      return { op: "Color", arg: Math.max(0.1, 1 + negate(f * 0.9)) };
    case "ContrastIncreasing":
      return { op: "Contrast", arg: Math.max(0.1, 1 + negate(f * 0.9)) };
    case "BrightnessIncreasing":
      return { op: "Brightness", arg: Math.max(0.1, 1 + negate(f * 0.9)) };
    case "SharpnessIncreasing":
      return { op: "Sharpness", arg: Math.max(0.1, 1 + negate(f * 0.9)) };
    case "ShearX":
    case "ShearY":
      return { op, arg: negate(f * 0.3) };
    case "TranslateXRel":
      return { op: "TranslateX", arg: negate(f * 0.45) * image.width };
    case "TranslateYRel":
      return { op: "TranslateY", arg: negate(f * 0.45) * image.height };
  }
}

/** Settings of one RandAugment: the recipe's n, m, mstd and timm's per-op probability (0.5). */
export interface TimmRandAugmentOptions extends Pick<RandAugmentSettings, "n" | "m" | "mstd"> {
  readonly prob: number;
}

/**
 * timm's `RandAugment.__call__`: draws the n ops first (uniformly, with replacement), then for each: skip
 * with probability 1 − prob, else magnitude M + N(0, mstd²) clipped to [0, 10], mapped and applied.
 * Returns the ops applied.
 */
export function timmRandAugment(image: FloatImage, options: TimmRandAugmentOptions, ctx: PolicyContext): TimmRandOp[] {
  const ops = Array.from({ length: options.n }, () => TIMM_RAND_OPS[ctx.random.int(TIMM_RAND_OPS.length)]!);
  const applied: TimmRandOp[] = [];
  for (const op of ops) {
    if (!ctx.random.bernoulli(options.prob)) continue;
    const noisy = options.mstd > 0 ? options.m + options.mstd * ctx.random.normal() : options.m;
    const m = Math.max(0, Math.min(LEVEL_DENOM, noisy));
    const { op: base, arg } = timmOpArgument(op, m, image, ctx);
    applyPolicyOp(image, base, arg, ctx);
    applied.push(op);
  }
  return applied;
}
