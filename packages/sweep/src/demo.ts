/**
 * The demo study (`npm start`, `seedscope demo`, bench/sweep.ts): the thesis' seed-significance setting —
 * a ResNet trained with the A2 recipe, many seeds — in miniature: resnet8 on 16×16 digits, 1,000 training
 * images, 3 epochs, so that 100 seeds take about a quarter of an hour on a 2-core CPU with two workers.
 * Two changes keep such a short run meaningful (≈ 50 % top-1 instead of near chance):
 * - LAMB lr 0.02 without batch scaling (the paper's 5e-3 is for ~190k steps; here a run has 60);
 * - Random Resized Crop scale from 0.35 (at 16 px an 8 % crop holds a few pixels of a digit).
 * Only the crop's scale is overridden: restating the whole crop as JSON rounded its ratio (4/3 written
 * as 1.3333), a spurious `augment.crop.ratio` change in every diff against A2.
 */
export const DEMO_SWEEP = {
  recipe: "a2",
  arch: "resnet8",
  dataset: "digits",
  trainSize: 1000,
  overrides: [
    "epochs=3",
    "resolution=16",
    "batchSize=50",
    "lrScaling.rule=none",
    "optimizer.lr=0.02",
    "augment.crop.scale=[0.35,1]",
  ],
} as const;
