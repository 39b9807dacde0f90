import { z } from "zod";
import { parseInput } from "@seedscope/core";

const fraction = z.number().min(0, "must be ≥ 0").max(1, "must be ≤ 1");
const positive = z.number().gt(0, "must be > 0");

function orderedPair(lo: z.ZodNumber, hi: z.ZodNumber, fallback: [number, number]) {
  return z
    .tuple([lo, hi])
    .refine(([a, b]) => a <= b, "the first value must not exceed the second")
    .default(fallback);
}

export const RandAugmentConfigSchema = z.strictObject({
  /** Operations applied per image (timm's default for "rand-m9-mstd0.5" is 2; the papers give only M and std). */
  n: z.number().int("must be an integer").min(0).max(10).default(2),
  /** Magnitude on a 0..10 scale. */
  m: z.number().min(0).max(10),
  /** Standard deviation of the gaussian noise added to the magnitude at each application. */
  mstd: z.number().min(0).default(0),
  /** Probability that each chosen operation is applied (timm: 0.5). */
  prob: fraction.default(0.5),
});

/**
 * How training images are augmented and how targets are built: a plain serializable object that lives
 * in a recipe. Order of application: crop → flip → 3-Augment or RandAugment → colour jitter →
 * normalize → random erasing, then per batch mixup / cutmix on images and targets.
 */
export const AugmentConfigSchema = z
  .strictObject({
    /** "rrc" Random Resized Crop, "src" Simple Random Crop, "none" the evaluation view. */
    crop: z.enum(["rrc", "src", "none"]).default("rrc"),
    rrcScale: orderedPair(positive.max(1, "must be ≤ 1"), positive.max(1, "must be ≤ 1"), [0.08, 1]),
    rrcRatio: orderedPair(positive, positive, [3 / 4, 4 / 3]),
    /** Reflect padding of Simple Random Crop, in pixels of the output image. */
    srcPadding: z.number().int("must be an integer").min(0).max(64).default(4),
    /** Horizontal flip with probability 1/2, only on datasets where a flip keeps the label. */
    flip: z.boolean().default(true),
    threeAugment: z.boolean().default(false),
    /** Gaussian blur σ range of 3-Augment, in pixels of the output image. */
    blurSigma: orderedPair(positive, positive, [0.1, 2]),
    /** Solarization threshold of 3-Augment, in [0, 1] pixel units. */
    solarizeThreshold: fraction.default(0.5),
    /** Colour jitter strength s: brightness, contrast and saturation factors uniform in [1 − s, 1 + s]. */
    colorJitter: z.number().min(0, "must be ≥ 0").max(1, "must be ≤ 1").default(0),
    randAugment: RandAugmentConfigSchema.nullable().default(null),
    randomErasing: fraction.default(0),
    /** Mixup α (0 turns mixup off). */
    mixup: z.number().min(0, "must be ≥ 0").default(0),
    /** CutMix α (0 turns cutmix off). */
    cutmix: z.number().min(0, "must be ≥ 0").default(0),
    /** Probability that a batch is mixed at all (timm and DeiT: 1). */
    mixProb: fraction.default(1),
    /** With both mixup and cutmix on, probability that a mixed batch uses cutmix (timm and DeiT: 0.5). */
    mixSwitchProb: fraction.default(0.5),
    labelSmoothing: z.number().min(0, "must be ≥ 0").lt(1, "must be < 1").default(0),
    /** For BCE: targets above this become 1 and the rest 0; null keeps the soft targets (DeiT III). */
    bceTargetThreshold: z.number().gt(0, "must be > 0").lt(1, "must be < 1").nullable().default(null),
    /** Copies of each sampled image per epoch, each augmented differently (DeiT's repeated augmentation: 3). */
    repeatedAugmentations: z.number().int("must be an integer").min(1).max(16).default(1),
    /** Evaluation: resize the short side to size / ratio, keep the centred size × size square. */
    testCropRatio: z.number().gt(0, "must be > 0").max(1, "must be ≤ 1").default(1),
  })
  .superRefine((config, ctx) => {
    if (config.threeAugment && config.randAugment !== null) {
      ctx.addIssue({
        code: "custom",
        path: ["threeAugment"],
        message: "3-Augment replaces RandAugment (DeiT III); set randAugment to null or threeAugment to false",
      });
    }
  });

export type AugmentConfig = z.output<typeof AugmentConfigSchema>;
export type AugmentConfigInput = z.input<typeof AugmentConfigSchema>;
export type RandAugmentConfig = z.output<typeof RandAugmentConfigSchema>;

/** Validates a config (as found in a recipe JSON), filling defaults; errors name each bad field. */
export function parseAugmentConfig(input: unknown): AugmentConfig {
  return parseInput(AugmentConfigSchema, input, "augmentation config");
}

/** No augmentation at all: the evaluation view, one-hot targets. */
export const NO_AUGMENTATION: AugmentConfig = parseAugmentConfig({ crop: "none", flip: false });

/**
 * The recipes' data ingredients (thesis Table 6.1 / 3.9). Where the papers are silent, the value is
 * timm's default and says so. Resolution-dependent values (blur σ, SRC padding) are the ImageNet ones.
 */
export const AUGMENT_PRESETS = {
  deit: parseAugmentConfig({
    crop: "rrc",
    flip: true,
    randAugment: { n: 2, m: 9, mstd: 0.5 }, // n = 2: timm's default, not given by the paper
    randomErasing: 0.25,
    mixup: 0.8,
    cutmix: 1.0,
    mixSwitchProb: 0.5, // timm's default, not given by the paper
    labelSmoothing: 0.1,
    repeatedAugmentations: 3,
    testCropRatio: 0.875,
  }),
  /** Wightman et al.'s "A" recipe as Table 6.1 lists it (BCE; a target threshold is not given by the paper). */
  wightmanA: parseAugmentConfig({
    crop: "rrc",
    flip: true,
    randAugment: { n: 2, m: 7, mstd: 0.5 },
    mixup: 0.2,
    cutmix: 1.0,
    repeatedAugmentations: 3,
    testCropRatio: 0.95,
  }),
  deit3: parseAugmentConfig({
    crop: "rrc",
    flip: true,
    threeAugment: true,
    colorJitter: 0.3,
    mixup: 0.8,
    cutmix: 1.0,
    repeatedAugmentations: 3,
    testCropRatio: 1.0,
  }),
} as const satisfies Record<string, AugmentConfig>;
