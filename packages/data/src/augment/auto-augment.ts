import type { FloatImage } from "./image";
import { applyPolicyOp, type PolicyContext, type PolicyOp, randomlyNegate } from "./policy-ops";

/*
 * AutoAugment (Cubuk et al., 2019): per image one of 25 sub-policies, drawn uniformly, each two
 * (op, probability, magnitude) steps. The policies are those the AutoAugment paper reports for CIFAR-10
 * and ImageNet; the magnitude of each step is one of 10 bins over the paper's ranges, mapped as
 * torchvision's AutoAugment maps them (signed ops get a random sign; facts, not code, taken from there).
 */

export const AUTO_AUGMENT_POLICIES = ["cifar10", "imagenet"] as const;
export type AutoAugmentPolicy = (typeof AUTO_AUGMENT_POLICIES)[number];

/** One step: the op, its probability, its magnitude bin 0–9 (null: an op without magnitude). */
export type PolicyStep = readonly [PolicyOp, number, number | null];
export type SubPolicy = readonly [PolicyStep, PolicyStep];

const IMAGENET: readonly SubPolicy[] = [
  [
    ["Posterize", 0.4, 8],
    ["Rotate", 0.6, 9],
  ],
  [
    ["Solarize", 0.6, 5],
    ["AutoContrast", 0.6, null],
  ],
  [
    ["Equalize", 0.8, null],
    ["Equalize", 0.6, null],
  ],
  [
    ["Posterize", 0.6, 7],
    ["Posterize", 0.6, 6],
  ],
  [
    ["Equalize", 0.4, null],
    ["Solarize", 0.2, 4],
  ],
  [
    ["Equalize", 0.4, null],
    ["Rotate", 0.8, 8],
  ],
  [
    ["Solarize", 0.6, 3],
    ["Equalize", 0.6, null],
  ],
  [
    ["Posterize", 0.8, 5],
    ["Equalize", 1.0, null],
  ],
  [
    ["Rotate", 0.2, 3],
    ["Solarize", 0.6, 8],
  ],
  [
    ["Equalize", 0.6, null],
    ["Posterize", 0.4, 6],
  ],
  [
    ["Rotate", 0.8, 8],
    ["Color", 0.4, 0],
  ],
  [
    ["Rotate", 0.4, 9],
    ["Equalize", 0.6, null],
  ],
  [
    ["Equalize", 0.0, null],
    ["Equalize", 0.8, null],
  ],
  [
    ["Invert", 0.6, null],
    ["Equalize", 1.0, null],
  ],
  [
    ["Color", 0.6, 4],
    ["Contrast", 1.0, 8],
  ],
  [
    ["Rotate", 0.8, 8],
    ["Color", 1.0, 2],
  ],
  [
    ["Color", 0.8, 8],
    ["Solarize", 0.8, 7],
  ],
  [
    ["Sharpness", 0.4, 7],
    ["Invert", 0.6, null],
  ],
  [
    ["ShearX", 0.6, 5],
    ["Equalize", 1.0, null],
  ],
  [
    ["Color", 0.4, 0],
    ["Equalize", 0.6, null],
  ],
  [
    ["Equalize", 0.4, null],
    ["Solarize", 0.2, 4],
  ],
  [
    ["Solarize", 0.6, 5],
    ["AutoContrast", 0.6, null],
  ],
  [
    ["Invert", 0.6, null],
    ["Equalize", 1.0, null],
  ],
  [
    ["Color", 0.6, 4],
    ["Contrast", 1.0, 8],
  ],
  [
    ["Equalize", 0.8, null],
    ["Equalize", 0.6, null],
  ],
];

const CIFAR10: readonly SubPolicy[] = [
  [
    ["Invert", 0.1, null],
    ["Contrast", 0.2, 6],
  ],
  [
    ["Rotate", 0.7, 2],
    ["TranslateX", 0.3, 9],
  ],
  [
    ["Sharpness", 0.8, 1],
    ["Sharpness", 0.9, 3],
  ],
  [
    ["ShearY", 0.5, 8],
    ["TranslateY", 0.7, 9],
  ],
  [
    ["AutoContrast", 0.5, null],
    ["Equalize", 0.9, null],
  ],
  [
    ["ShearY", 0.2, 7],
    ["Posterize", 0.3, 7],
  ],
  [
    ["Color", 0.4, 3],
    ["Brightness", 0.6, 7],
  ],
  [
    ["Sharpness", 0.3, 9],
    ["Brightness", 0.7, 9],
  ],
  [
    ["Equalize", 0.6, null],
    ["Equalize", 0.5, null],
  ],
  [
    ["Contrast", 0.6, 7],
    ["Sharpness", 0.6, 5],
  ],
  [
    ["Color", 0.7, 7],
    ["TranslateX", 0.5, 8],
  ],
  [
    ["Equalize", 0.3, null],
    ["AutoContrast", 0.4, null],
  ],
  [
    ["TranslateY", 0.4, 3],
    ["Sharpness", 0.2, 6],
  ],
  [
    ["Brightness", 0.9, 6],
    ["Color", 0.2, 8],
  ],
  [
    ["Solarize", 0.5, 2],
    ["Invert", 0.0, null],
  ],
  [
    ["Equalize", 0.2, null],
    ["AutoContrast", 0.6, null],
  ],
  [
    ["Equalize", 0.2, null],
    ["Equalize", 0.6, null],
  ],
  [
    ["Color", 0.9, 9],
    ["Equalize", 0.6, null],
  ],
  [
    ["AutoContrast", 0.8, null],
    ["Solarize", 0.2, 8],
  ],
  [
    ["Brightness", 0.1, 3],
    ["Color", 0.7, 0],
  ],
  [
    ["Solarize", 0.4, 5],
    ["AutoContrast", 0.9, null],
  ],
  [
    ["TranslateY", 0.9, 9],
    ["TranslateY", 0.7, 9],
  ],
  [
    ["AutoContrast", 0.9, null],
    ["Solarize", 0.8, 3],
  ],
  [
    ["Equalize", 0.8, null],
    ["Invert", 0.1, null],
  ],
  [
    ["TranslateY", 0.7, 9],
    ["AutoContrast", 0.9, null],
  ],
];

export const AUTO_AUGMENT_SUB_POLICIES: Readonly<Record<AutoAugmentPolicy, readonly SubPolicy[]>> = {
  cifar10: CIFAR10,
  imagenet: IMAGENET,
};

/** Magnitude bins: bin i of 10 is the fraction i/9 of the op's range. */
const BINS = 10;

/**
 * The argument of `op` at magnitude bin `bin` (0–9): Shear ±0.3·t, Translate ±(150/331)·t of the side,
 * Rotate ±30·t°, enhance factors 1 ± 0.9·t, Posterize 8 − round(4·t) bits, Solarize threshold 255·(1 − t),
 * with t = bin/9; AutoContrast, Equalize and Invert take none.
 */
export function autoAugmentArgument(op: PolicyOp, bin: number | null, image: FloatImage, ctx: PolicyContext): number {
  const t = (bin ?? 0) / (BINS - 1);
  const signed = (v: number) => randomlyNegate(v, ctx.random);
  switch (op) {
    case "ShearX":
    case "ShearY":
      return signed(0.3 * t);
    case "TranslateX":
      return signed((150 / 331) * image.width * t);
    case "TranslateY":
      return signed((150 / 331) * image.height * t);
    case "Rotate":
      return signed(30 * t);
    case "Color":
    case "Contrast":
    case "Brightness":
    case "Sharpness":
      return 1 + signed(0.9 * t);
    case "Posterize":
      return 8 - Math.round(4 * t);
    case "Solarize":
      return 255 * (1 - t);
    case "SolarizeAdd":
    case "AutoContrast":
    case "Equalize":
    case "Invert":
      return 0;
  }
}

/** One AutoAugment draw on `image`: a sub-policy, then each step with its probability. Returns the ops applied. */
export function autoAugment(image: FloatImage, policy: AutoAugmentPolicy, ctx: PolicyContext): PolicyOp[] {
  const subPolicies = AUTO_AUGMENT_SUB_POLICIES[policy];
  const steps = subPolicies[ctx.random.int(subPolicies.length)]!;
  const applied: PolicyOp[] = [];
  for (const [op, prob, bin] of steps) {
    if (!ctx.random.bernoulli(prob)) continue;
    applyPolicyOp(image, op, autoAugmentArgument(op, bin, image, ctx), ctx);
    applied.push(op);
  }
  return applied;
}
