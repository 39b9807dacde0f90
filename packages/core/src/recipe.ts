import { z } from "zod";
import { parseInput } from "./errors";
import { type ExternalRecipeBody, isExternalRecipeBody } from "./external-recipe";
import { RECIPE_MIGRATIONS, schemaVersionOf, upgradeStoredRecipe } from "./recipe-upgrade";

/*
 * A training recipe: every hyper-parameter of a run, as one plain JSON-able object. Recipes are
 * content-addressed (sha256 of canonical JSON), so every field is required and explicit: nothing is
 * filled in by defaults that could change under a stored hash. A field added later comes with a
 * migration (`recipe-upgrade.ts`) that gives older stored bodies its old-behaviour value. Each issue reads
 * `path: got X, expected Y`, so the message names the field, what is wrong and what would be right.
 */

/** How a rejected input is shown in a message. */
function shown(input: unknown): string {
  if (input === undefined) return "nothing (the field is missing)";
  if (typeof input === "number" && !Number.isFinite(input)) return String(input);
  return JSON.stringify(input) ?? String(input);
}

const expected = (what: string) => (issue: { input?: unknown }) => `got ${shown(issue.input)}, expected ${what}`;

interface Range {
  /** Inclusive lower bound. */
  min?: number;
  /** Exclusive lower bound. */
  gt?: number;
  /** Inclusive upper bound. */
  max?: number;
  /** Exclusive upper bound. */
  lt?: number;
  int?: boolean;
}

function rangeText(r: Range): string {
  const noun = r.int ? "an integer" : "a number";
  const lo = r.min !== undefined ? `≥ ${r.min}` : r.gt !== undefined ? `> ${r.gt}` : undefined;
  const hi = r.max !== undefined ? `≤ ${r.max}` : r.lt !== undefined ? `< ${r.lt}` : undefined;
  if (lo && hi) return `${noun} ${lo} and ${hi}`;
  return [noun, lo ?? hi].filter(Boolean).join(" ");
}

function rangedNumber(r: Range, what: string): z.ZodNumber {
  const error = expected(what);
  let s = z.number({ error });
  if (r.int) s = s.int({ error });
  if (r.min !== undefined) s = s.gte(r.min, { error });
  if (r.gt !== undefined) s = s.gt(r.gt, { error });
  if (r.max !== undefined) s = s.lte(r.max, { error });
  if (r.lt !== undefined) s = s.lt(r.lt, { error });
  return s;
}

/** A number field with its range and its `.describe()` text. */
function num(r: Range, description: string) {
  return rangedNumber(r, rangeText(r)).describe(description);
}

/** A number-or-null field (null switches the ingredient off or marks it unused). */
function numOrNull(r: Range, description: string) {
  return rangedNumber(r, `${rangeText(r)}, or null`)
    .nullable()
    .describe(description);
}

function bool(description: string) {
  return z.boolean({ error: expected("true or false") }).describe(description);
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T, description: string) {
  return z.enum(values, { error: expected(`one of ${values.map((v) => `"${v}"`).join(", ")}`) }).describe(description);
}

function kind<const K extends string>(value: K, description = `variant tag: "${value}"`) {
  return z.literal(value, { error: expected(`"${value}"`) }).describe(description);
}

/** An object that rejects unknown keys, naming them and the valid ones. */
function object<S extends z.core.$ZodLooseShape>(shape: S, description: string) {
  const keys = Object.keys(shape).join(", ");
  return z
    .strictObject(shape, {
      error: (issue) =>
        issue.code === "unrecognized_keys"
          ? `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(", ")}; remove them (valid fields here: ${keys})`
          : `got ${shown(issue.input)}, expected an object with fields ${keys}`,
    })
    .describe(description);
}

/** A `[low, high]` pair with low ≤ high. */
function orderedPair(r: Range, description: string) {
  const item = rangedNumber(r, rangeText(r));
  return z
    .tuple([item, item], { error: expected(`a pair [low, high], each ${rangeText(r)}`) })
    .refine(([lo, hi]) => lo <= hi, { error: expected("[low, high] with low ≤ high; swap the two values") })
    .describe(description);
}

/** Tagged union on `kind`; an unknown kind names the valid ones. */
function variants<const O extends readonly [z.core.$ZodTypeDiscriminable, ...z.core.$ZodTypeDiscriminable[]]>(
  kinds: readonly string[],
  options: O,
  description: string,
) {
  const list = kinds.map((k) => `"${k}"`).join(", ");
  return z
    .discriminatedUnion("kind", options, {
      error: (issue) => {
        const input = issue.input;
        const got = typeof input === "object" && input !== null && "kind" in input ? input.kind : input;
        return `got kind ${shown(got)}, expected an object whose "kind" is one of ${list}`;
      },
    })
    .describe(description);
}

const betas = z
  .tuple([rangedNumber({ min: 0, lt: 1 }, "β1 in [0, 1)"), rangedNumber({ min: 0, lt: 1 }, "β2 in [0, 1)")], {
    error: expected("a pair [β1, β2] of numbers in [0, 1)"),
  })
  .describe("Adam moment decay rates [β1, β2]");

const lr = num({ gt: 0 }, "base learning rate at lrScaling.referenceBatchSize (the rate actually used is effectiveLr)");
const eps = num({ gt: 0 }, "term added to the denominator of the Adam-type update, for numerical stability");

export const OPTIMIZER_KINDS = ["adamw", "sgd", "lamb"] as const;
export const OptimizerSchema = variants(
  OPTIMIZER_KINDS,
  [
    object({ kind: kind("adamw"), lr, betas, eps }, "AdamW: Adam with decoupled weight decay"),
    object(
      {
        kind: kind("sgd"),
        lr,
        momentum: num({ min: 0, lt: 1 }, "heavy-ball momentum coefficient (0 = plain SGD)"),
        nesterov: bool("Nesterov momentum (needs momentum > 0)"),
      },
      "SGD with momentum",
    ),
    object({ kind: kind("lamb"), lr, betas, eps }, "LAMB: AdamW with a layer-wise trust ratio (large-batch training)"),
  ],
  "optimizer and its own hyper-parameters",
);

export const LR_SCALING_RULES = ["linear", "sqrt", "none"] as const;
export const LrScalingSchema = object(
  {
    rule: oneOf(
      LR_SCALING_RULES,
      "how the base lr follows the batch size: linear lr×bs/ref, sqrt lr×sqrt(bs/ref), none lr",
    ),
    referenceBatchSize: num({ min: 1, int: true }, "batch size (images) at which optimizer.lr is the rate used"),
  },
  "learning-rate scaling with the batch size",
);

export const ScheduleSchema = object(
  {
    kind: kind(
      "cosine",
      'schedule shape after warm-up; "cosine" (half-cosine from the effective lr to minLr) is the only one the papers use',
    ),
    warmupEpochs: num(
      { min: 0 },
      "epochs (fractions allowed) of linear warm-up from 0 to the effective lr, updated every step",
    ),
    minLr: num({ min: 0 }, "learning rate the half-cosine decays to at the last step (absolute, not batch-scaled)"),
  },
  "learning-rate schedule: linear warm-up, then half-cosine decay, evaluated per optimizer step",
);

export const WeightDecaySchema = object(
  {
    value: num({ min: 0 }, "weight decay coefficient (decoupled for AdamW/LAMB, L2 for SGD)"),
    applyToNormAndBias: bool(
      "also decay normalization-layer parameters and biases (false: only weight matrices/kernels)",
    ),
  },
  "weight decay",
);

export const CROP_KINDS = ["rrc", "src", "none"] as const;
export const CropSchema = variants(
  CROP_KINDS,
  [
    object(
      {
        kind: kind("rrc"),
        scale: orderedPair({ gt: 0, max: 1 }, "[min, max] fraction of the image area kept by the crop"),
        ratio: orderedPair({ gt: 0 }, "[min, max] aspect ratio (width/height) of the crop"),
      },
      "Random Resized Crop: a random area and aspect ratio, resized to the resolution",
    ),
    object(
      {
        kind: kind("src"),
        pad: num({ min: 0, int: true }, "reflect padding in pixels before the random square crop"),
      },
      "Simple Random Crop (DeiT III): short side to the resolution, reflect-pad, random square crop",
    ),
    object({ kind: kind("none") }, "no random crop: the evaluation view (resize + centre crop)"),
  ],
  "training crop",
);

export const RAND_AUGMENT_OP_SETS = ["timm", "seedscope-v1"] as const;
export const AUTO_AUGMENT_POLICY_NAMES = ["cifar10", "imagenet"] as const;

export const RandAugmentSchema = object(
  {
    n: num({ min: 0, int: true }, "operations applied per image"),
    m: num({ min: 0, max: 10 }, "magnitude on RandAugment's 0–10 scale"),
    mstd: num({ min: 0 }, "standard deviation of the noise added to the magnitude per application"),
    ops: oneOf(
      RAND_AUGMENT_OP_SETS,
      'timm: timm\'s "increasing" op list and magnitude mappings (rand-mM-mstdS-inc1, as DeiT and A2 use: Invert, SolarizeAdd, posterize to 4 − ⌊4·M/10⌋ bits); seedscope-v1: the list before recipe schema 3 (identity in place of Invert and SolarizeAdd, posterize to 8 − round(4·M/10) bits)',
    ),
  },
  "RandAugment; the papers' 'M/std' notation (e.g. 9/0.5) gives m and mstd",
);

export const AugmentSchema = object(
  {
    crop: CropSchema,
    hflip: bool("random horizontal flip with probability 1/2 (the data layer skips it where a flip changes the label)"),
    threeAugment: bool(
      "3-Augment (DeiT III): per image one of grayscale, solarization, Gaussian blur, chosen uniformly",
    ),
    colorJitter: num(
      { min: 0, max: 1 },
      "colour jitter strength s: brightness/contrast/saturation factors in [1−s, 1+s] (0 = off)",
    ),
    randAugment: RandAugmentSchema.nullable().describe("RandAugment settings, or null for none"),
    autoAugment: oneOf(
      AUTO_AUGMENT_POLICY_NAMES,
      "AutoAugment policy of the AutoAugment paper (per image one of its 25 sub-policies), or null for none",
    )
      .nullable()
      .describe(
        'AutoAugment with the policy searched on "cifar10" or "imagenet" (Cubuk et al.), applied per image with its own draws, or null for none',
      ),
    pcaLighting: num(
      { min: 0 },
      "alphastd of AlexNet-style PCA lighting noise with ImageNet's RGB eigenvalues/vectors, after colour jitter (0 = off; ST++'s code base: 0.1)",
    ),
    randomErasing: num({ min: 0, max: 1 }, "probability that a random rectangle of the image is erased (0 = off)"),
    repeatedAugmentations: num(
      { min: 1, int: true },
      "copies of each sampled image per epoch, each augmented differently (1 = no repeated augmentation)",
    ),
    mixupAlpha: num({ min: 0 }, "Mixup Beta(α, α) parameter (0 = off)"),
    cutmixAlpha: num({ min: 0 }, "CutMix Beta(α, α) parameter (0 = off)"),
    mixSwitchProb: numOrNull(
      { min: 0, max: 1 },
      "with both Mixup and CutMix on, probability that a batch uses CutMix; null when at most one is on",
    ),
    blurSigma: z
      .tuple(
        [rangedNumber({ gt: 0 }, "a number > 0 (σ in pixels)"), rangedNumber({ gt: 0 }, "a number > 0 (σ in pixels)")],
        { error: expected("a pair [low, high] of σ values in pixels") },
      )
      .describe("3-Augment's Gaussian blur σ range [low, high], in pixels at blurReferenceResolution"),
    blurReferenceResolution: numOrNull(
      { min: 1, int: true },
      "image side at which blurSigma is given (DeiT III: 224); σ is scaled by resolution / this. null: σ in pixels of the trained image, unscaled",
    ),
  },
  "data augmentation of training images and batches",
).superRefine(augmentChecks, { when: (payload) => payload.issues.length === 0 });

/** The augmentation's own cross-field rules (here, so that the data pipeline's config gets them too). */
function augmentChecks(a: z.output<typeof AugmentSchema>, ctx: z.RefinementCtx<z.output<typeof AugmentSchema>>): void {
  if (a.threeAugment && a.randAugment !== null) {
    ctx.addIssue({
      code: "custom",
      path: ["threeAugment"],
      message: "3-Augment replaces RandAugment (DeiT III); set augment.randAugment=null or augment.threeAugment=false",
    });
  }
  if (a.autoAugment !== null && (a.randAugment !== null || a.threeAugment)) {
    const other = a.randAugment !== null ? "augment.randAugment=null" : "augment.threeAugment=false";
    ctx.addIssue({
      code: "custom",
      path: ["autoAugment"],
      message: `got "${a.autoAugment}", but at most one of randAugment / autoAugment / threeAugment may be on; set augment.autoAugment=null or ${other}`,
    });
  }
  if (a.mixupAlpha > 0 && a.cutmixAlpha > 0 && a.mixSwitchProb === null) {
    ctx.addIssue({
      code: "custom",
      path: ["mixSwitchProb"],
      message: "got null, expected a probability in [0, 1] since Mixup and CutMix are both on (timm's default is 0.5)",
    });
  }
}

export const STOCHASTIC_DEPTH_RULES = ["uniform", "linear"] as const;
export const STOCHASTIC_DEPTH_UNITS = ["block", "branch"] as const;
export const StochasticDepthSchema = object(
  {
    rate: num(
      { min: 0, lt: 1 },
      "probability of dropping a residual branch (0 = off); the last block's rate under 'linear'",
    ),
    rule: oneOf(
      STOCHASTIC_DEPTH_RULES,
      "uniform: same rate for every block; linear: rate grows from 0 to `rate` with depth",
    ),
    per: oneOf(
      STOCHASTIC_DEPTH_UNITS,
      "what the linear rule counts: block: both branches of block i get rate·i/(blocks − 1), as timm's ViT and ResNet; branch: branch j of all residual branches gets rate·j/(branches − 1) (before recipe schema 3)",
    ),
  },
  "stochastic depth (drop-path) on residual branches",
);

export const METHOD_KINDS = ["standard", "cosub", "stpp", "divide"] as const;
export const MethodSchema = variants(
  METHOD_KINDS,
  [
    object({ kind: kind("standard") }, "one model, the usual supervised loss"),
    object(
      {
        kind: kind("cosub"),
        lambda: num(
          { min: 0, max: 1 },
          "λ: weight of the label loss; 1 − λ weighs the submodels' mutual (stop-gradient) loss; 1 = supervised baseline",
        ),
        tau: numOrNull(
          { min: 0, lt: 1 },
          "τ: drop rate that draws the two submodels; null uses stochasticDepth.rate (τ = 0 cancels cosub)",
        ),
        sdMode: oneOf(
          ["esd", "mask"],
          "esd: efficient stochastic depth (round(B·(1−τ)) samples per layer run the branch); mask: per-sample Bernoulli mask",
        ),
        esdScale: oneOf(
          ["effective", "nominal"],
          "with sdMode esd, how kept samples are scaled: effective: B/keep, the inverse of the keep rate after rounding (cosub §4 asks to check the effective τ); nominal: 1/(1 − τ) (before recipe schema 3)",
        ),
      },
      "cosub: two stochastic-depth submodels per image teach each other (batch = images before duplication)",
    ),
    object(
      {
        kind: kind("stpp"),
        lambdaKd: num({ min: 0 }, "λ: weight of the main→subnetwork KL term"),
        kdWithoutMagnitude: bool("KL on L2-normalized logits (KL−: logit direction only) instead of the plain KL"),
        randomSmallerInput: object(
          {
            min: num({ min: 1, int: true }, "smallest subnetwork input side, pixels"),
            max: num({ min: 1, int: true }, "largest subnetwork input side, pixels (≤ resolution)"),
          },
          "subnetwork input side drawn uniformly from the integers [min, max] (bilinear resize)",
        )
          .nullable()
          .describe("random smaller inputs for the subnetworks, or null to give them the main network's input"),
        interStageRule: bool(
          "inter-stage sampling rule (ST++ §3.3.3): always keep each stage's first blocks and sample only the rest " +
            "(ResNet-50's [1,2,4,1] is read as the number of depths sampled per stage, i.e. the first 3 blocks of every " +
            "stage kept — the paper does not spell the label out); false: the original ordered sampling space",
        ),
        subnetsPerStep: num({ min: 1, int: true }, "subnetworks sampled per optimizer step"),
      },
      "Stimulative Training++: a sampled residual subnetwork matched to the main network",
    ),
    object(
      {
        kind: kind("divide"),
        splits: num({ min: 2, int: true }, "S: networks the width is divided into (width ÷ √S each)"),
        coTrainingWeight: num({ min: 0 }, "λ_cot: weight of the Jensen-Shannon co-training term"),
        coTrainingWarmupEpochs: num({ min: 0 }, "epochs over which λ_cot rises linearly from 0"),
        weightDecayRule: oneOf(["unchanged", "exp"], "unchanged: wd as is; exp: wd·exp(1/S − 1)"),
      },
      "Divide and Co-training: S narrower networks, different views, JS-divergence agreement",
    ),
  ],
  "training method (co-training variants)",
);

/** The recipe schema version this code writes and reads (older stored bodies are upgraded to it). */
export const RECIPE_SCHEMA_VERSION = schemaVersionOf(RECIPE_MIGRATIONS);

export const RecipeSchema = object(
  {
    schemaVersion: z
      .literal(RECIPE_SCHEMA_VERSION, { error: expected(`${RECIPE_SCHEMA_VERSION}, this seedscope's recipe version`) })
      .describe("recipe schema version (set by seedscope; an older stored recipe is upgraded when read)"),
    optimizer: OptimizerSchema,
    lrScaling: LrScalingSchema,
    schedule: ScheduleSchema,
    weightDecay: WeightDecaySchema,
    gradClipNorm: numOrNull({ gt: 0 }, "clip the global gradient L2 norm to this value, or null for no clipping"),
    epochs: num({ min: 1, int: true }, "training epochs"),
    batchSize: num({ min: 1, int: true }, "images per optimizer step"),
    loss: oneOf(["ce", "bce"], "ce: softmax cross-entropy; bce: per-class binary cross-entropy"),
    labelSmoothing: num({ min: 0, lt: 1 }, "ε of label smoothing (0 = off)"),
    bceTargetThreshold: numOrNull(
      { min: 0, lt: 1 },
      "with loss bce: each target above this becomes 1, the rest 0, after Mixup/CutMix (DeiT III's loop: 0, i.e. targets > 0); null keeps the soft mixed targets",
    ),
    augment: AugmentSchema,
    stochasticDepth: StochasticDepthSchema,
    layerScaleInit: z
      .union([rangedNumber({ gt: 0 }, "a number > 0"), z.literal("off")], {
        error: expected('a number > 0, "off", or null'),
      })
      .nullable()
      .describe(
        'initial LayerScale diagonal value; "off": no LayerScale on any family; null: the architecture family\'s default (none for ViT/DeiT, the CaiT depth rule for CaiT, ResMLP and PatchConvNet; ResNet has none)',
      ),
    posEmbedResize: oneOf(
      ["bicubic", "bilinear"],
      "how a ViT/CaiT position-embedding grid is resized to another input size (e.g. ST++'s smaller subnet inputs): bicubic as DeiT (PyTorch's, A = −0.75), or bilinear (before recipe schema 3)",
    ),
    emaDecay: numOrNull({ gt: 0, lt: 1 }, "decay of an exponential moving average of the weights, or null for none"),
    resolution: num({ min: 1, int: true }, "training (and evaluation) image side, pixels"),
    testCropRatio: num(
      { gt: 0, max: 1 },
      "evaluation: resize the short side to resolution/ratio, keep the centred square",
    ),
    method: MethodSchema,
  },
  "training recipe",
).superRefine(crossFieldChecks, {
  // Only on an otherwise valid recipe: these checks read fields that must already have their types.
  when: (payload) => payload.issues.length === 0,
});

export type Recipe = z.output<typeof RecipeSchema>;

/** Rules that tie several fields together; each message names the field and the fix. */
function crossFieldChecks(r: Recipe, ctx: z.RefinementCtx<Recipe>): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
  const { method: m } = r;
  if (r.schedule.warmupEpochs > r.epochs) {
    issue(
      ["schedule", "warmupEpochs"],
      `got ${r.schedule.warmupEpochs}, expected at most epochs (${r.epochs}); lower it or raise epochs`,
    );
  }
  if (r.schedule.minLr > r.optimizer.lr) {
    issue(["schedule", "minLr"], `got ${r.schedule.minLr}, expected at most optimizer.lr (${r.optimizer.lr})`);
  }
  if (r.bceTargetThreshold !== null && r.loss !== "bce") {
    issue(
      ["bceTargetThreshold"],
      `got ${r.bceTargetThreshold}, expected null: thresholding targets applies to loss "bce" only`,
    );
  }
  if (r.augment.blurSigma[0] > r.augment.blurSigma[1]) {
    issue(["augment", "blurSigma"], `got [${r.augment.blurSigma.join(", ")}], expected low ≤ high`);
  }
  if (r.optimizer.kind === "sgd" && r.optimizer.nesterov && r.optimizer.momentum === 0) {
    issue(
      ["optimizer", "nesterov"],
      "Nesterov needs momentum > 0; set optimizer.momentum (e.g. 0.9) or optimizer.nesterov=false",
    );
  }
  if (m.kind === "cosub" && (m.tau ?? r.stochasticDepth.rate) === 0) {
    issue(
      ["method", "tau"],
      "τ = 0 draws two identical submodels and cancels cosub; set method.tau or stochasticDepth.rate > 0 (the paper uses ≥ 0.05)",
    );
  }
  if (m.kind === "stpp" && m.randomSmallerInput !== null) {
    const { min, max } = m.randomSmallerInput;
    if (min > max) {
      issue(["method", "randomSmallerInput", "min"], `got ${min}, expected at most randomSmallerInput.max (${max})`);
    }
    if (max > r.resolution) {
      issue(
        ["method", "randomSmallerInput", "max"],
        `got ${max}, expected at most resolution (${r.resolution}): subnetwork inputs are the smaller ones`,
      );
    }
  }
  if (m.kind === "divide" && m.coTrainingWarmupEpochs > r.epochs) {
    issue(
      ["method", "coTrainingWarmupEpochs"],
      `got ${m.coTrainingWarmupEpochs}, expected at most epochs (${r.epochs})`,
    );
  }
}

export type OptimizerConfig = Recipe["optimizer"];
export type CropConfig = Recipe["augment"]["crop"];
/** The recipe's augmentation block, with its stored field names (the data pipeline reads it as is). */
export type AugmentSettings = Recipe["augment"];
export type RandAugmentSettings = NonNullable<AugmentSettings["randAugment"]>;
export type MethodConfig = Recipe["method"];
export type MethodKind = MethodConfig["kind"];

/**
 * Validates a recipe (from JSON, the store or a user), throwing a UserError with one line per bad field.
 * A body of an older schema version (or with none) is upgraded to today's first.
 */
export function parseRecipe(input: unknown, what = "recipe"): Recipe {
  return parseInput(RecipeSchema, upgradeStoredRecipe(input, what), what);
}

/** A stored recipe as shown and compared: seedscope's own (validated, upgraded) or an external configuration. */
export type AnyRecipe = Recipe | ExternalRecipeBody;

/** Reads a stored body for display and comparison: an external configuration as is, any other as `parseRecipe`. */
export function parseStoredRecipe(input: unknown, what = "recipe"): AnyRecipe {
  return isExternalRecipeBody(input) ? input : parseRecipe(input, what);
}
