import { RECIPE_SCHEMA_VERSION, type Recipe } from "@seedscope/core";
import { SMALL_BATCH, SMALL_EPOCHS, SMALL_RESOLUTION, sameFraction } from "./small-data";

/**
 * DeiT (thesis Table 3.9, DeiT column of Table 6.1), for DeiT/ViT models. Without the distillation token (thesis
 * eq. 3.2): out of scope — it needs a teacher trained first, and the comparisons this recipe serves use none.
 */
export const deit: Recipe = {
  schemaVersion: RECIPE_SCHEMA_VERSION,
  optimizer: {
    kind: "adamw",
    lr: 5e-4, // paper: 5e-4 × bs/512 (= 1e-3 at bs 1024)
    betas: [0.9, 0.999], // not given by the paper (PyTorch's AdamW default)
    eps: 1e-8, // not given by the paper (PyTorch's AdamW default)
  },
  lrScaling: { rule: "linear", referenceBatchSize: 512 }, // paper: lr_scaled = lr/512 × batchsize
  schedule: {
    kind: "cosine",
    warmupEpochs: sameFraction(5, 300), // paper: 5 of 300 epochs; here 0.17 of 10, the same 1/60 of training
    minLr: 0, // not given by the paper: the half-cosine is taken down to 0
  },
  weightDecay: {
    value: 0.05,
    applyToNormAndBias: false, // not in the thesis; ST++ Table 5 lists "norm decay ✗" for DeiT's procedure
  },
  gradClipNorm: null, // paper: no gradient clipping
  epochs: SMALL_EPOCHS, // paper: 300; here 10 because a 100-seed CPU sweep must take minutes
  batchSize: SMALL_BATCH, // paper: 1024; here 128 (28×28 data, 2 cores), lr scaled linearly → 1.25e-4
  loss: "ce",
  labelSmoothing: 0.1,
  bceTargetThreshold: null, // CE: targets stay soft
  augment: {
    // scale/ratio not given by the paper (timm's RRC defaults)
    crop: { kind: "rrc", scale: [0.08, 1], ratio: [3 / 4, 4 / 3] },
    hflip: true,
    threeAugment: false,
    colorJitter: 0, // Table 6.1: no colour jitter
    // paper: "9/0.5" = magnitude/std; n not given (timm's default 2); DeiT's code uses timm's
    // rand-m9-mstd0.5-inc1, so timm's increasing op list and magnitude mappings
    randAugment: { n: 2, m: 9, mstd: 0.5, ops: "timm" },
    autoAugment: null,
    pcaLighting: 0,
    randomErasing: 0.25,
    repeatedAugmentations: 3, // paper: 3 repeats
    mixupAlpha: 0.8,
    cutmixAlpha: 1.0,
    mixSwitchProb: 0.5, // not given by the paper (timm's default)
    blurSigma: [0.1, 2], // unused: no 3-Augment
    blurReferenceResolution: null,
  },
  stochasticDepth: {
    rate: 0.1,
    rule: "linear", // not given by the thesis; timm's ViT (DeiT's code base) grows the rate linearly with depth
    per: "block", // timm's ViT: both branches of block i get rate·i/(depth − 1)
  },
  // DeiT has no LayerScale: null is the architecture's own default, none on ViT/DeiT (CaiT, ResMLP and
  // PatchConvNet keep theirs, which they have by design; "off" would remove it there too)
  layerScaleInit: null,
  // DeiT resizes position embeddings bicubically (PyTorch's bicubic); only
  // ViT/CaiT have them, e.g. under ST++'s smaller subnet inputs
  posEmbedResize: "bicubic",
  emaDecay: null, // Table 3.8: the default DeiT-B run has no EMA
  resolution: SMALL_RESOLUTION, // paper: 224; here 28, the built-in datasets' size
  testCropRatio: 0.875,
  method: { kind: "standard" },
};
