/*
 * What the named recipes change to run on seedscope's built-in data (28×28 digits, 10k–60k images)
 * on a 2-core CPU instead of ImageNet on a GPU cluster. Only these settings are adapted; each recipe
 * file says so next to the field, with the paper's value.
 */

/** Images per step: the papers' 1024/2048 would be a large part of an epoch here; the lr follows the recipe's own scaling rule. */
export const SMALL_BATCH = 128;

/** Epochs: the papers' 200–400 ImageNet epochs would take days on 2 cores; 100-seed sweeps must take minutes. */
export const SMALL_EPOCHS = 10;

/** Image side: the built-in datasets are 28×28 (the papers train at 224, CIFAR at 32). */
export const SMALL_RESOLUTION = 28;

/**
 * A duration given in epochs by a paper, as the same fraction of our shorter schedule
 * (e.g. 5 warm-up epochs of 300 → 0.17 of 10), rounded to two decimals.
 */
export function sameFraction(paperValue: number, paperEpochs: number, epochs = SMALL_EPOCHS): number {
  return Math.round((paperValue / paperEpochs) * epochs * 100) / 100;
}

/** A size in pixels at 224 (ImageNet), at our resolution instead. */
export function atOurResolution(pixelsAt224: number): number {
  return Math.round((pixelsAt224 * SMALL_RESOLUTION) / 224);
}
