import {
  notStated,
  type PaperRow,
  text,
  value,
  WHY_BATCH,
  WHY_CROP_SHAPE,
  WHY_EPOCHS,
  WHY_RESOLUTION,
  whyWarmup,
} from "./rows";

const T61 = "thesis Table 6.1 (Wightman et al.)";
const ST5 = "ST++ Table 5 (timm A2)";

/**
 * The Wightman et al. ("ResNet strikes back") A2 procedure, as thesis Table 6.1 gives it, with A2's epoch
 * count (thesis §6.3.4) and what ST++ Table 5 adds for timm's A2.
 */
export const a2Paper: readonly PaperRow[] = [
  { path: "optimizer.kind", paper: value("lamb"), source: T61 },
  { path: "optimizer.lr", paper: value(5e-3), source: `${T61}, at bs 2048` },
  notStated("optimizer.betas", T61, "timm's LAMB default"),
  notStated("optimizer.eps", T61, "timm's LAMB default"),
  notStated("lrScaling.rule", T61, "sqrt from bs 2048, the rule cosub (App. A.1) uses for Adam-type optimizers"),
  { path: "lrScaling.referenceBatchSize", paper: value(2048), source: T61 },
  { path: "schedule.kind", paper: value("cosine"), source: T61 },
  { path: "schedule.warmupEpochs", paper: value(5), source: T61, why: whyWarmup(300) },
  notStated("schedule.minLr", T61, "the half-cosine is taken down to 0"),
  { path: "weightDecay.value", paper: value(0.02), source: T61 },
  { path: "weightDecay.applyToNormAndBias", paper: value(false), source: `${ST5}: no norm decay` },
  { path: "gradClipNorm", paper: value(1.0), source: T61 },
  { path: "epochs", paper: value(300), source: "thesis §6.3.4 (A2: 300 epochs)", why: WHY_EPOCHS },
  { path: "batchSize", paper: value(2048), source: T61, why: WHY_BATCH },
  { path: "loss", paper: value("bce"), source: T61 },
  { path: "labelSmoothing", paper: value(0), source: T61 },
  {
    path: "bceTargetThreshold",
    paper: value(0.2),
    source: "reference code (timm's A1/A2 configurations; the papers give none)",
    why: "kept soft (null): neither the thesis nor ST++ states a threshold for this procedure",
  },
  { path: "augment.crop.kind", paper: value("rrc"), source: T61 },
  notStated("augment.crop.scale", T61, WHY_CROP_SHAPE),
  notStated("augment.crop.ratio", T61, WHY_CROP_SHAPE),
  { path: "augment.hflip", paper: value(true), source: T61 },
  { path: "augment.threeAugment", paper: value(false), source: T61 },
  { path: "augment.colorJitter", paper: value(0), source: T61 },
  { path: "augment.randAugment.m", paper: value(7), source: `${T61} ("7/0.5")` },
  { path: "augment.randAugment.mstd", paper: value(0.5), source: `${T61} ("7/0.5")` },
  notStated("augment.randAugment.n", T61, "2 operations per image, timm's default"),
  {
    path: "augment.randAugment.ops",
    paper: value("timm"),
    source: "timm's A2 configuration (rand-m7-mstd0.5-inc1: timm's increasing op list)",
  },
  { path: "augment.autoAugment", paper: value(null), source: `${T61} (RandAugment, not AutoAugment)` },
  { path: "augment.pcaLighting", paper: value(0), source: `${ST5}: PCA lighting ✗` },
  { path: "augment.randomErasing", paper: value(0), source: T61 },
  {
    path: "augment.repeatedAugmentations",
    paper: text("✓ (no count)"),
    source: T61,
    status: "not stated",
    why: "3 copies, DeiT's count (thesis §3.4.5)",
  },
  { path: "augment.mixupAlpha", paper: value(0.2), source: `${T61} (ST++ Table 5 lists 0.1 for timm's A2)` },
  { path: "augment.cutmixAlpha", paper: value(1.0), source: T61 },
  notStated("augment.mixSwitchProb", T61, "0.5, timm's default"),
  { path: "stochasticDepth.rate", paper: value(0.05), source: `${ST5}; Table 6.1 gives ✓ without a rate` },
  notStated("stochasticDepth.rule", T61, "linear in depth, as timm's ResNet"),
  notStated(
    "stochasticDepth.per",
    T61,
    "block, as timm (rate·block/(blocks − 1)); a ResNet has one branch per block, so block and branch agree",
  ),
  notStated(
    "posEmbedResize",
    "reference code",
    "bicubic, as DeiT's code resizes position embeddings; only ViT/CaiT have them (e.g. under ST++'s smaller inputs)",
  ),
  { path: "layerScaleInit", paper: value(null), source: T61 },
  { path: "emaDecay", paper: value(null), source: ST5 },
  { path: "resolution", paper: value(224), source: "thesis §6.3.4 (ImageNet at 224 px)", why: WHY_RESOLUTION },
  { path: "testCropRatio", paper: value(0.95), source: T61 },
];
