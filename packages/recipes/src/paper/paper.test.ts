import { describe, expect, it } from "vitest";
import type { Recipe } from "@seedscope/core";
import { diffRecipes } from "../diff";
import { getRecipe, listRecipes } from "../registry";
import { valueAtPath } from "./compare";
import { paperRows, paperTable } from "./index";
import type { PaperRow } from "./rows";

/**
 * The fields every paper table must speak to (each named by a row at the path, above it or below it). Fields
 * added to the schema later are not listed: a new field without a row fails nothing here unless it falls
 * under a row whose stated value it contradicts (see "the paper's recipe" below).
 */
const ALWAYS = [
  "optimizer.kind",
  "optimizer.lr",
  "lrScaling.rule",
  "lrScaling.referenceBatchSize",
  "schedule.kind",
  "schedule.warmupEpochs",
  "weightDecay.value",
  "epochs",
  "batchSize",
  "loss",
  "labelSmoothing",
  "bceTargetThreshold",
  "augment.crop",
  "augment.hflip",
  "augment.threeAugment",
  "augment.colorJitter",
  "augment.randAugment",
  "augment.autoAugment",
  "augment.pcaLighting",
  "augment.randomErasing",
  "augment.repeatedAugmentations",
  "augment.mixupAlpha",
  "augment.cutmixAlpha",
  "stochasticDepth.rate",
  "stochasticDepth.per",
  "layerScaleInit",
  "posEmbedResize",
  "emaDecay",
  "resolution",
  "testCropRatio",
];
const WITH_3AUGMENT = ["augment.blurSigma", "augment.blurReferenceResolution"];
const METHOD_FIELDS: Record<Recipe["method"]["kind"], string[]> = {
  standard: [],
  cosub: ["method.kind", "method.lambda", "method.tau", "method.sdMode", "method.esdScale"],
  stpp: [
    "method.kind",
    "method.lambdaKd",
    "method.kdWithoutMagnitude",
    "method.randomSmallerInput",
    "method.interStageRule",
    "method.subnetsPerStep",
  ],
  divide: [
    "method.kind",
    "method.splits",
    "method.coTrainingWeight",
    "method.coTrainingWarmupEpochs",
    "method.weightDecayRule",
  ],
};

const under = (path: string, ancestor: string) => path === ancestor || path.startsWith(`${ancestor}.`);

/** The named recipe with every value a row states put in its place (the paper's recipe, as far as stated). */
function paperRecipe(recipe: Recipe, rows: readonly PaperRow[]): unknown {
  const out: unknown = structuredClone(recipe);
  for (const row of rows) {
    if (row.paper.kind !== "value") continue;
    const keys = row.path.split(".");
    const holder = keys.length === 1 ? out : valueAtPath(out, keys.slice(0, -1).join("."));
    if (typeof holder === "object" && holder !== null) {
      (holder as Record<string, unknown>)[keys.at(-1)!] = structuredClone(row.paper.value);
    }
  }
  return out;
}

describe("paper tables (issue #18: recipes show <name> --paper)", () => {
  const names = listRecipes();

  it.each(names)("%s has a paper table whose every row names a field of the recipe, once", (name) => {
    const recipe = getRecipe(name);
    const rows = paperRows(name);
    expect(rows.length).toBeGreaterThan(20);
    const missing = rows.filter((r) => valueAtPath(recipe, r.path) === undefined).map((r) => r.path);
    expect(missing).toEqual([]);
    const paths = rows.map((r) => r.path);
    expect(new Set(paths).size).toBe(paths.length);
    for (const row of rows) expect(row.source.length, row.path).toBeGreaterThan(0);
  });

  it.each(names)("%s: every adapted or not-stated row says why", (name) => {
    const unexplained = paperTable(name)
      .filter((c) => c.status !== "same" && !c.why)
      .map((c) => `${c.path}: paper ${c.paper}, ours ${c.oursText}`);
    expect(unexplained).toEqual([]);
  });

  it.each(names)("%s: no field differs from the paper's stated value without a row that says why", (name) => {
    const recipe = getRecipe(name);
    const rows = paperRows(name);
    const explained = rows.filter((r) => r.why !== undefined).map((r) => r.path);
    const paper = paperRecipe(recipe, rows) as Recipe;
    const unexplained = diffRecipes(recipe, paper)
      .filter((d) => !explained.some((p) => under(d.path, p)))
      .map((d) => `${d.path}: ours ${JSON.stringify(d.a)}, paper ${JSON.stringify(d.b)}`);
    expect(unexplained).toEqual([]);
  });

  it.each(names)("%s: the table covers every field its paper speaks to, the method's own included", (name) => {
    const recipe = getRecipe(name);
    const paths = paperRows(name).map((r) => r.path);
    const required = [
      ...ALWAYS,
      ...(recipe.augment.threeAugment ? WITH_3AUGMENT : []),
      ...METHOD_FIELDS[recipe.method.kind],
    ];
    const uncovered = required.filter((f) => !paths.some((p) => under(p, f) || under(f, p)));
    expect(uncovered).toEqual([]);
  });

  it("reads ours from the recipe itself, the lr with its batch-size scaling (DeiT III Table 6.1: 3e-3 at bs 2048)", () => {
    const lr = paperTable("deit3").find((c) => c.path === "optimizer.lr")!;
    expect(lr).toMatchObject({ paper: "0.003", ours: 3e-3, status: "same" });
    expect(lr.oursText).toBe("0.003 at bs 2048 (sqrt) → 7.5e-4 at bs 128");
    const epochs = paperTable("deit3").find((c) => c.path === "epochs")!;
    expect(epochs).toMatchObject({ paperValue: 400, ours: getRecipe("deit3").epochs, status: "adapted" });
  });

  it("cosub-a2 takes the A2 base (cosub §4) and τ = 0.10 for ResNet-50 (cosub Table 2)", () => {
    const table = paperTable("cosub-a2");
    expect(table.find((c) => c.path === "method.tau")).toMatchObject({ paperValue: 0.1, status: "same" });
    expect(table.find((c) => c.path === "optimizer.lr")?.source).toBe(
      "cosub §4 → thesis Table 6.1 (Wightman et al.), at bs 2048",
    );
  });

  it("an unknown name lists the built-in recipes", () => {
    expect(() => paperTable("nope")).toThrow(/deit, deit3, a2/);
  });
});
