import { describe, expect, it } from "vitest";
import { UserError } from "./errors";
import { parseRecipe, RECIPE_SCHEMA_VERSION, RecipeSchema, type Recipe } from "./recipe";

/** A small valid recipe to break field by field. */
function base(): Recipe {
  return {
    schemaVersion: RECIPE_SCHEMA_VERSION,
    optimizer: { kind: "adamw", lr: 5e-4, betas: [0.9, 0.999], eps: 1e-8 },
    lrScaling: { rule: "linear", referenceBatchSize: 512 },
    schedule: { kind: "cosine", warmupEpochs: 1, minLr: 0 },
    weightDecay: { value: 0.05, applyToNormAndBias: false },
    gradClipNorm: null,
    epochs: 10,
    batchSize: 128,
    loss: "ce",
    labelSmoothing: 0.1,
    bceTargetThreshold: null,
    augment: {
      crop: { kind: "rrc", scale: [0.08, 1], ratio: [0.75, 4 / 3] },
      hflip: true,
      threeAugment: false,
      colorJitter: 0,
      randAugment: { n: 2, m: 9, mstd: 0.5, ops: "timm" },
      autoAugment: null,
      pcaLighting: 0,
      randomErasing: 0.25,
      repeatedAugmentations: 3,
      mixupAlpha: 0.8,
      cutmixAlpha: 1,
      mixSwitchProb: 0.5,
      blurSigma: [0.1, 2],
      blurReferenceResolution: null,
    },
    stochasticDepth: { rate: 0.1, rule: "linear", per: "block" },
    layerScaleInit: null,
    posEmbedResize: "bicubic",
    emaDecay: null,
    resolution: 28,
    testCropRatio: 0.875,
    method: { kind: "standard" },
  };
}

/** The UserError message parseRecipe throws for `value`. */
function messageFor(value: unknown): string {
  try {
    parseRecipe(value);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return (e as UserError).message;
  }
  throw new Error("expected the recipe to be rejected");
}

/** A valid recipe changed by `edit` (for changes that keep the types). */
function mutated(edit: (r: Recipe) => void): Recipe {
  const r = base();
  edit(r);
  return r;
}

describe("RecipeSchema", () => {
  it("accepts a complete recipe unchanged", () => {
    expect(parseRecipe(base())).toEqual(base());
  });

  it("names the field, what it got and what it expects", () => {
    expect(messageFor(mutated((r) => (r.optimizer = { ...r.optimizer, lr: -1 })))).toContain(
      "optimizer.lr: got -1, expected a number > 0",
    );
    expect(messageFor(mutated((r) => (r.epochs = 2.5)))).toContain("epochs: got 2.5, expected an integer ≥ 1");
    expect(messageFor({ ...base(), loss: "mse" })).toContain('loss: got "mse", expected one of "ce", "bce"');
    expect(messageFor({ ...base(), gradClipNorm: "off" })).toContain(
      'gradClipNorm: got "off", expected a number > 0, or null',
    );
    expect(messageFor({ ...base(), resolution: undefined })).toContain(
      "resolution: got nothing (the field is missing), expected an integer ≥ 1",
    );
  });

  it("rejects unknown fields, listing the valid ones", () => {
    const message = messageFor({ ...base(), learningRate: 0.1 });
    expect(message).toMatch(
      /unknown field\(s\) "learningRate"; remove them \(valid fields here: schemaVersion, optimizer, lrScaling/,
    );
  });

  it("names the valid kinds of a tagged union", () => {
    expect(messageFor({ ...base(), optimizer: { kind: "adam", lr: 1e-3 } })).toContain(
      'optimizer.kind: got kind "adam", expected an object whose "kind" is one of "adamw", "sgd", "lamb"',
    );
    const crop = messageFor(mutated((r) => (r.augment.crop = { kind: "rrc", scale: [1, 0.08], ratio: [0.75, 4 / 3] })));
    expect(crop).toContain("augment.crop.scale: got [1,0.08], expected [low, high] with low ≤ high");
  });

  it("checks rules that tie fields together, naming the fix", () => {
    expect(messageFor(mutated((r) => (r.augment.threeAugment = true)))).toContain(
      "augment.threeAugment: 3-Augment replaces RandAugment (DeiT III); set augment.randAugment=null or augment.threeAugment=false",
    );
    expect(messageFor(mutated((r) => (r.augment.mixSwitchProb = null)))).toContain("augment.mixSwitchProb: got null");
    expect(messageFor(mutated((r) => (r.schedule.warmupEpochs = 20)))).toContain(
      "schedule.warmupEpochs: got 20, expected at most epochs (10)",
    );
    expect(
      messageFor(
        mutated((r) => (r.method = { kind: "cosub", lambda: 0.5, tau: 0, sdMode: "esd", esdScale: "effective" })),
      ),
    ).toContain("method.tau: τ = 0 draws two identical submodels and cancels cosub");
    const stpp = mutated((r) => {
      r.method = {
        kind: "stpp",
        lambdaKd: 1,
        kdWithoutMagnitude: true,
        randomSmallerInput: { min: 8, max: 32 },
        interStageRule: true,
        subnetsPerStep: 6,
      };
    });
    expect(messageFor(stpp)).toContain("method.randomSmallerInput.max: got 32, expected at most resolution (28)");
    expect(messageFor(mutated((r) => (r.optimizer = { kind: "sgd", lr: 0.1, momentum: 0, nesterov: true })))).toContain(
      "optimizer.nesterov: Nesterov needs momentum > 0",
    );
  });

  it("does not run cross-field rules on a recipe with missing parts", () => {
    const message = messageFor({ ...base(), augment: undefined });
    expect(message).toContain("augment: got nothing (the field is missing)");
  });

  it("describes every field (the CLI shows these)", () => {
    const missing: string[] = [];
    const visit = (node: unknown, path: string): void => {
      if (typeof node !== "object" || node === null) return;
      const n = node as { properties?: Record<string, { description?: string }>; oneOf?: unknown[]; anyOf?: unknown[] };
      for (const [key, child] of Object.entries(n.properties ?? {})) {
        if (!child.description) missing.push(`${path}${key}`);
        visit(child, `${path}${key}.`);
      }
      for (const alt of [...(n.oneOf ?? []), ...(n.anyOf ?? [])]) visit(alt, path);
    };
    visit(RecipeSchema.toJSONSchema(), "");
    expect(missing).toEqual([]);
  });
});

describe("recipe schema version 2 fields", () => {
  it("thresholds targets only under BCE (DeiT III, thesis §6.2.1), and wants blurSigma as [low ≤ high] (§6.2.2)", () => {
    expect(messageFor({ ...base(), bceTargetThreshold: 0 })).toMatch(
      /bceTargetThreshold: got 0, expected null: thresholding targets applies to loss "bce" only/,
    );
    expect(parseRecipe({ ...base(), loss: "bce", bceTargetThreshold: 0 }).bceTargetThreshold).toBe(0);
    expect(messageFor({ ...base(), augment: { ...base().augment, blurSigma: [2, 0.1] } })).toMatch(
      /augment\.blurSigma: got \[2, 0\.1\], expected low ≤ high/,
    );
  });
});
