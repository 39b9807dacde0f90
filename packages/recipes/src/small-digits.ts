import { type Recipe, UserError } from "@seedscope/core";

/**
 * The small-digits setting: a named recipe adapted to a few thousand built-in digits at a few pixels, so that it
 * trains to its plateau in minutes on a CPU (`seedscope run --small-digits`, the converged seed study, the recipe ×
 * architecture bench). The papers' recipes are for ~10⁵ optimizer steps on ImageNet; here a run has a few hundred.
 */
export interface SmallDigitsShape {
  readonly resolution: number;
  readonly epochs: number;
  readonly batchSize: number;
}

/** 12 px, 8 epochs, batch 50: on 2,000 images resnet8 under A2 is within 0.5 point of its 16-epoch result. */
export const SMALL_DIGITS_SHAPE: SmallDigitsShape = { resolution: 12, epochs: 8, batchSize: 50 };

/** Training images of the small-digits setting (the data, not the recipe, so it is `--train-size`, not a `--set`). */
export const SMALL_DIGITS_TRAIN_SIZE = 2000;

/**
 * Learning rate per optimizer, without batch-size scaling (the papers' rates scaled down to batch 50 barely move a
 * net in a few hundred steps). Measured at SMALL_DIGITS_SHAPE on 2,000 digits, seed 0, final val top-1:
 * - LAMB 0.02: resnet8 96.4 (A2); A2 on vit-tiny 89.6, on resmlp-s 89.9. 0.05 was no better and less stable.
 * - AdamW 1e-3: DeiT on vit-tiny 80.1.
 * - SGD 0.1: ST++ on vit-tiny 76.1 (0.05: 74.5; its paper's 0.2 unscaled: 23.0); Divide-and-Co-train on it 78.5.
 * With these every named recipe learns every architecture family (`bench/recipe-matrix.ts --small-digits`, seed 0):
 * 58–97 % val, the least ST++ on cait-xxs, whose smaller inputs are often a single patch at 12 px.
 */
export const SMALL_DIGITS_LR = { lamb: 0.02, adamw: 1e-3, sgd: 0.1 } as const satisfies Record<
  Recipe["optimizer"]["kind"],
  number
>;

/**
 * Each augmentation's "off" override, in the order they are listed. At 12 px on 2,000 images every one of A2's
 * augmentations slowed convergence more than it helped (resnet8: 24 → 48 epochs still gained 1.2 points with them,
 * 8 → 16 gained ≤ 0.5 without); the crop is replaced by the evaluation view, one "repeat" per image.
 */
const AUGMENTATION_OFF: readonly { readonly isOn: (a: Recipe["augment"]) => boolean; readonly off: string }[] = [
  { isOn: (a) => a.crop.kind !== "none", off: 'augment.crop={"kind":"none"}' },
  { isOn: (a) => a.hflip, off: "augment.hflip=false" },
  { isOn: (a) => a.randAugment !== null, off: "augment.randAugment=null" },
  { isOn: (a) => a.mixupAlpha > 0, off: "augment.mixupAlpha=0" },
  { isOn: (a) => a.cutmixAlpha > 0, off: "augment.cutmixAlpha=0" },
  { isOn: (a) => a.repeatedAugmentations > 1, off: "augment.repeatedAugmentations=1" },
  { isOn: (a) => a.threeAugment, off: "augment.threeAugment=false" },
  { isOn: (a) => a.colorJitter > 0, off: "augment.colorJitter=0" },
  { isOn: (a) => a.autoAugment !== null, off: "augment.autoAugment=null" },
  { isOn: (a) => a.pcaLighting > 0, off: "augment.pcaLighting=0" },
  { isOn: (a) => a.randomErasing > 0, off: "augment.randomErasing=0" },
];

/** The overrides that turn off every augmentation `recipe` has on (none for a recipe without any). */
export function augmentationOffOverrides(recipe: Recipe): string[] {
  return AUGMENTATION_OFF.filter((field) => field.isOn(recipe.augment)).map((field) => field.off);
}

/**
 * Method settings given in pixels or epochs, moved to the small-digits shape: ST++'s random smaller inputs keep
 * their fraction of the resolution; Divide-and-Co-train's co-training warm-up keeps its fraction of training.
 */
function methodOverrides(recipe: Recipe, shape: SmallDigitsShape): string[] {
  const method = recipe.method;
  if (method.kind === "stpp" && method.randomSmallerInput !== null) {
    const { min, max } = method.randomSmallerInput;
    const scaled = (px: number) => Math.max(1, Math.round((px * shape.resolution) / recipe.resolution));
    return [`method.randomSmallerInput=${JSON.stringify({ min: scaled(min), max: scaled(max) })}`];
  }
  if (method.kind === "divide" && shape.epochs !== recipe.epochs) {
    const warmup = Math.round(((method.coTrainingWarmupEpochs * shape.epochs) / recipe.epochs) * 100) / 100;
    return [`method.coTrainingWarmupEpochs=${warmup}`];
  }
  return [];
}

/**
 * The `--set` overrides that adapt `recipe` to the small-digits setting: its shape, its optimizer's small-digits
 * learning rate without batch-size scaling, augmentation off, and method settings moved to the shape. Everything
 * else (loss, schedule, weight decay, regularisation, the method itself) stays the recipe's.
 */
export function smallDigitsOverrides(recipe: Recipe, shape: SmallDigitsShape = SMALL_DIGITS_SHAPE): string[] {
  return [
    `epochs=${shape.epochs}`,
    `resolution=${shape.resolution}`,
    `batchSize=${shape.batchSize}`,
    "lrScaling.rule=none",
    `optimizer.lr=${SMALL_DIGITS_LR[recipe.optimizer.kind]}`,
    ...augmentationOffOverrides(recipe),
    ...methodOverrides(recipe, shape),
  ];
}

/** Refuses the small-digits setting on any dataset but the built-in digits it was measured on. */
export function checkSmallDigitsDatasets(datasets: readonly string[]): void {
  const other = datasets.find((d) => d !== "digits");
  if (other !== undefined)
    throw new UserError(
      `--small-digits is the setting measured on the built-in digits, not --dataset ${other}: drop --small-digits and adapt the recipe with --set`,
    );
}
