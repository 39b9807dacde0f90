/**
 * The demo study (`npm start`, `seedscope demo`, bench/sweep.ts): the converged study below made small enough to
 * finish in about three minutes on a 2-core machine — A2 (the thesis' seed-study procedure) beside DeiT III, on
 * two ResNets, five seeds of each, so that the dashboard's matrix, recipe diff, comparison and val-vs-v2 views have
 * 2 recipes × 2 architectures to compare on first start. Far from converged (a few epochs: seeds differ by how far
 * training got, several points); `--study converged` is the honest seed study.
 * What makes it small, measured on 2 cores with a third process running (one seed, a2):
 * - 8×8 digits (the size of the classic UCI digits), 1,000 training images, 5 epochs: resnet8 ≈ 64 % val after
 *   6 epochs in 23 s, resnet20 ≈ 55 % in 40 s; at 12 px the same runs took 42 s and 74 s.
 * - evaluation on 300 val and 300 v2 images (`--eval-size`): the full 2 × 2,000 cost as much as training.
 * - resnet20 beside resnet8, not another family: at these few steps pcn-s stayed at ≈ 20 % (lr 0.005 and 0.02) and
 *   resmlp-s and vit-tiny at chance, and each trains at half resnet8's speed or less.
 * The converged study's small-data changes, the same for both recipes: LAMB lr 0.02 without batch-size scaling
 * (the papers' rates are for ~10⁵ steps, here a run has 100), Random Resized Crop from 35 % (an 8 % crop of a small
 * digit holds a few pixels of it), one augmented repeat per image.
 * Only the crop's scale is overridden: restating the whole crop as JSON rounded its ratio (4/3 written
 * as 1.3333), a spurious `augment.crop.ratio` change in every diff against the named recipe.
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
  overrides: [
    "epochs=5",
    "resolution=8",
    "batchSize=50",
    "lrScaling.rule=none",
    "optimizer.lr=0.02",
    "augment.crop.scale=[0.35,1]",
    "augment.repeatedAugmentations=1",
  ],
} as const;

/**
 * The converged seed study (`seedscope demo --study converged`): the thesis' seed study (ResNet, A2, seeds
 * 1…100 against the reference seed 0) in miniature, trained to its plateau so that seeds differ by what a seed
 * changes, not by how far a short run happened to get. Measured (seed 1; 12 px, 2,000 images): val 92.3 % at
 * 12 epochs and still climbing; at 24 epochs 96.0 % (v2 96.1 %), within 0.8 point of it from epoch 19 on.
 * Small-data adaptations of A2 beyond the short demo's (LAMB 0.02 unscaled, crop scale from 0.35):
 * - one augmented repeat per image instead of 3: with 2,000 images, repeated augmentation ×3 shows each epoch
 *   only a third of them (3 repeats: 93.9 % after 20 epochs; 1 repeat: 96.0 % after 24);
 * - 12 px and 2,000 images, so that a seed costs ≈ 3 min of one core (see issue #16 for the speed it needs).
 */
export const CONVERGED_STUDY = {
  recipes: ["a2"],
  archs: ["resnet8"],
  dataset: "digits",
  trainSize: 2000,
  /** Seeds studied (1…n), besides the reference seed 0. */
  seeds: 100,
  overrides: [
    "epochs=24",
    "resolution=12",
    "batchSize=50",
    "lrScaling.rule=none",
    "optimizer.lr=0.02",
    "augment.crop.scale=[0.35,1]",
    "augment.repeatedAugmentations=1",
  ],
} as const;

/** The studies `seedscope demo --study` runs. */
export const DEMO_STUDIES = { short: DEMO_SWEEP, converged: CONVERGED_STUDY } as const;
export type DemoStudyName = keyof typeof DEMO_STUDIES;
