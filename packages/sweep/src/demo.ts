import { SMALL_DIGITS_TRAIN_SIZE, type SmallDigitsShape, getRecipe, smallDigitsOverrides } from "@seedscope/recipes";

/**
 * Each recipe's small-digits overrides at `shape`, merged into the one list a demo sweep gives all its recipes
 * (written out in the plan, so the demo's recipe names stay as they were before `sweep --small-digits`). The
 * recipes share an optimizer kind, so their learning-rate overrides are one and the same.
 */
function smallDigitsFor(recipes: readonly string[], shape?: SmallDigitsShape): string[] {
  return [...new Set(recipes.flatMap((name) => smallDigitsOverrides(getRecipe(name), shape)))];
}

/**
 * The demo study (`npm start`, `seedscope demo`, bench/sweep.ts): the converged study below made small enough to
 * finish in about two minutes on a 2-core machine — A2 (the thesis' seed-study procedure) beside DeiT III, on
 * two ResNets, five seeds of each, so that the dashboard's matrix, recipe diff, comparison and val-vs-v2 views have
 * 2 recipes × 2 architectures to compare on first start. Short of its plateau (5 epochs at 8 px); `--study
 * converged` is the honest seed study.
 * What makes it small, measured on 2 cores with a third process running (one seed, a2, with augmentation):
 * - 8×8 digits (the size of the classic UCI digits), 1,000 training images, 5 epochs: resnet8 ≈ 64 % val after
 *   6 epochs in 23 s, resnet20 ≈ 55 % in 40 s; at 12 px the same runs took 42 s and 74 s.
 * - evaluation on 300 val and 300 v2 images (`--eval-size`): the full 2 × 2,000 cost as much as training.
 * - resnet20 beside resnet8, not another family: at these few steps pcn-s stayed at ≈ 20 % (lr 0.005 and 0.02) and
 *   resmlp-s and vit-tiny at chance, and each trains at half resnet8's speed or less.
 * The converged study's small-digits changes (packages/recipes/src/small-digits.ts) at 8 px and 5 epochs: LAMB lr
 * 0.02 without batch-size scaling (the papers' rates are for ~10⁵ steps, here a run has 100) and no augmentation
 * (DeiT III's 3-Augment and colour jitter too).
 */
export const DEMO_SWEEP = {
  recipes: ["a2", "deit3"],
  archs: ["resnet8", "resnet20"],
  dataset: "digits",
  trainSize: 1000,
  /** Val and v2 images each run is evaluated on. */
  evalSize: 300,
  /** Seeds per recipe × architecture by default: 0…4. */
  seeds: 5,
  overrides: smallDigitsFor(["a2", "deit3"], { resolution: 8, epochs: 5, batchSize: 50 }),
} as const;

/**
 * The converged seed study (`seedscope demo --study converged`): the thesis' seed study (ResNet, A2, seeds
 * 1…100 against the reference seed 0) in miniature, trained to its plateau so that seeds differ by what a seed
 * changes, not by how far a short run happened to get: resnet8 on 12 px digits, 2,000 training images, batch 50,
 * A2's LAMB at lr 0.02 without batch-size scaling (the papers' rates are for ~10⁵ steps, here a run has 320), its
 * BCE loss, cosine schedule, weight decay, stochastic depth and gradient clipping, and no augmentation.
 * Measured (2-core AMD EPYC, two runs at once), final val top-1 after E and after 2E epochs, seeds 1 / 2 / 3:
 * - 8 → 16 epochs: 96.33 → 96.40, 96.33 → 96.80, 96.67 → 96.60 (+0.07, +0.47, −0.07: at its plateau);
 * - 6 → 12 epochs (seed 1): 96.07 → 96.87 (not yet);
 * - with A2's augmentations (a crop from 35 %, RandAugment, Mixup / CutMix, flips; one repeat) 24 → 48 epochs:
 *   95.53 → 96.73; without RandAugment, mixing and flips but with the crop, 10 → 20 epochs: 95.00 → 96.47. The
 *   augmentations keep a net this small on 2,000 images under-fitted, so it climbs for as long as it trains;
 * - lr 0.05 without augmentation, 10 → 20 epochs: 96.53 → 97.13 and 96.73 → 96.40.
 * A run is 8 epochs, ≈ 30 s of one core, so 100 seeds fit in about half an hour with two workers.
 */
export const CONVERGED_STUDY = {
  recipes: ["a2"],
  archs: ["resnet8"],
  dataset: "digits",
  trainSize: SMALL_DIGITS_TRAIN_SIZE,
  /** Seeds studied (1…n), besides the reference seed 0. */
  seeds: 100,
  /** A2's small-digits setting (`seedscope run --small-digits`). */
  overrides: smallDigitsFor(["a2"]),
} as const;

/** The studies `seedscope demo --study` runs. */
export const DEMO_STUDIES = { short: DEMO_SWEEP, converged: CONVERGED_STUDY } as const;
export type DemoStudyName = keyof typeof DEMO_STUDIES;
