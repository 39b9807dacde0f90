import { RECIPE_SCHEMA_VERSION, type Recipe } from "@seedscope/core";
import { SMALL_BATCH, SMALL_EPOCHS, SMALL_RESOLUTION, atOurResolution } from "./small-data";

/**
 * Stimulative Training++ with the paper's ResNet-50 ImageNet setting: ST++ (A1) of Table 5, i.e.
 * Table 3's "ST + KL− + Snet6 + SITrans + Vrs240 + Tcs200 + InterSSR + E200" (no uniform augment).
 */
export const stpp: Recipe = {
  schemaVersion: RECIPE_SCHEMA_VERSION,
  optimizer: {
    kind: "sgd",
    lr: 0.2, // paper: 0.2 at batch 512
    momentum: 0.9, // paper: "SGD-M" without the coefficient; 0.9, the usual ResNet value
    nesterov: false, // not given by the paper
  },
  // paper: no rule stated; linear, which its ResNet baselines follow (0.1 at 256, 0.2 at 512)
  lrScaling: { rule: "linear", referenceBatchSize: 512 },
  schedule: {
    kind: "cosine",
    warmupEpochs: 0, // paper: no warm-up
    minLr: 0, // not given by the paper: the half-cosine is taken down to 0
  },
  weightDecay: {
    value: 1e-4,
    applyToNormAndBias: false, // paper: no norm decay
  },
  gradClipNorm: null,
  epochs: SMALL_EPOCHS, // paper: 200; here 10 because a 100-seed CPU sweep must take minutes
  batchSize: SMALL_BATCH, // paper: 512; here 128 (28×28 data, 2 cores), lr scaled linearly → 0.05
  loss: "ce",
  labelSmoothing: 0,
  bceTargetThreshold: null, // CE: targets stay soft
  augment: {
    // scale/ratio not given by the paper (torchvision's RRC defaults). Paper: 200-px train crops for a 224-px
    // test ("Tcs200", Table 3: +0.13 points). Not followed: seedscope trains and tests at one resolution, and
    // at 28 px the crop would be 25 px, which the 4-px patch grids of the ViTs cannot take
    crop: { kind: "rrc", scale: [0.08, 1], ratio: [3 / 4, 4 / 3] },
    hflip: true,
    threeAugment: false,
    // paper: colour jitter ✓ without a strength; 0.4 is not given by the paper: it is the classic ResNet
    // ImageNet pipeline's strength
    colorJitter: 0.4,
    randAugment: null,
    autoAugment: null,
    // paper (Table 5): PCA lighting ✓ without a strength; alphastd 0.1, the AlexNet-style lighting of the ST++
    // code base's ImageNet pipeline (on one-channel data it is one random brightness offset, see pca-lighting.ts)
    pcaLighting: 0.1,
    randomErasing: 0,
    repeatedAugmentations: 1,
    mixupAlpha: 0,
    cutmixAlpha: 0,
    mixSwitchProb: null,
    blurSigma: [0.1, 2], // unused: no 3-Augment
    blurReferenceResolution: null,
  },
  stochasticDepth: { rate: 0, rule: "uniform", per: "block" }, // paper: none; ST++ samples its own subnetworks
  layerScaleInit: null, // the paper's ResNets have none; null is the architecture's default
  // not given by the paper: DeiT's code base resizes position embeddings bicubically (PyTorch's bicubic); only
  // ViT/CaiT have them, e.g. under ST++'s smaller subnet inputs
  posEmbedResize: "bicubic",
  emaDecay: null,
  resolution: SMALL_RESOLUTION, // paper: 224 (200-px train crops in its last rows, see crop); here 28, one size for train and test
  testCropRatio: 224 / 240, // paper: validation resize 240 ("Vrs240") before the 224 centre crop
  method: {
    kind: "stpp",
    // not given by the paper (eq. 1's λ has no value in the text). The direction-only KL is small (≤ ≈ 0.24 for 10
    // classes), so λ was swept at the converged setting (bench/repro-converged.ts; resnet8, 12 px, 8 epochs, no
    // augmentation; A2 base; vs standard training, val / v2 points): λ 0 +0.19 / +0.13, λ 1 +0.48 / +0.51 (10
    // seeds, p 0.005 / 0.0003), λ 4 +0.54 / +0.44, λ 16 −0.49 / +0.05 (5 seeds each but λ 1). λ 1 stays: as good
    // as λ 4 within the noise, and the best at the earlier 24-epoch design (+0.43 / +0.49 against λ 4's +0.39 / +0.35).
    lambdaKd: 1,
    kdWithoutMagnitude: true, // KL−
    // paper: Resize(randint(64, 224)) for a 224 main input; here [8, 28], the same fractions of 28
    randomSmallerInput: { min: atOurResolution(64), max: atOurResolution(224) },
    interStageRule: true, // InterSSR
    subnetsPerStep: 6, // "Snet6"
  },
};
