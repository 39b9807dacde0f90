import { describe, expect, it } from "vitest";
import type { Recipe } from "@seedscope/core";
import { type AugmentConfig, augmentConfigOf, NO_AUGMENTATION } from "@seedscope/data";
import { applyOverrides, diffRecipes, getRecipe } from "@seedscope/recipes";
import { CONVERGED_STUDY, DEMO_STUDIES, DEMO_SWEEP } from "./demo";

/** The fields that make the data pipeline change a training image (or repeat it). */
const AUGMENTING_FIELDS = [
  "crop",
  "hflip",
  "threeAugment",
  "colorJitter",
  "randAugment",
  "autoAugment",
  "pcaLighting",
  "randomErasing",
  "repeatedAugmentations",
  "mixupAlpha",
  "cutmixAlpha",
] as const satisfies readonly (keyof AugmentConfig)[];

/** The recipe, as the data pipeline sees it, augments nothing. */
function expectNoAugmentation(recipe: Recipe): void {
  const seenByPipeline = augmentConfigOf(recipe);
  for (const field of AUGMENTING_FIELDS) expect(seenByPipeline[field], field).toEqual(NO_AUGMENTATION[field]);
}

describe("the demo study", () => {
  it.each(DEMO_SWEEP.recipes)("%s trains without augmentation, at the converged study's learning rate", (name) => {
    const demo = applyOverrides(getRecipe(name), [...DEMO_SWEEP.overrides]);
    expectNoAugmentation(demo);
    expect(demo.optimizer.lr).toBe(0.02);
    expect(demo.lrScaling.rule).toBe("none");
  });

  it("fills the comparison views: 2 recipes × 2 architectures, ≥ 5 seeds each, on the same seeds", () => {
    expect(new Set(DEMO_SWEEP.recipes).size).toBe(2);
    expect(new Set(DEMO_SWEEP.archs).size).toBe(2);
    expect(DEMO_SWEEP.seeds).toBeGreaterThanOrEqual(5);
  });

  it("is a smaller version of the converged study: the same small-data changes, fewer images and epochs", () => {
    const field = (overrides: readonly string[]) => new Set(overrides.map((o) => o.split("=")[0]));
    for (const name of field(CONVERGED_STUDY.overrides)) expect(field(DEMO_SWEEP.overrides)).toContain(name);
    expect(DEMO_SWEEP.overrides).toContain("augment.repeatedAugmentations=1");
    expect(DEMO_SWEEP.archs).toContain(CONVERGED_STUDY.archs[0]);
  });
});

describe("the converged study", () => {
  it("is A2 changed only in the fields its overrides name", () => {
    const base = getRecipe(CONVERGED_STUDY.recipes[0]);
    const study = applyOverrides(base, [...CONVERGED_STUDY.overrides]);
    const changed = diffRecipes(base, study).map((c) => c.path);
    const named = CONVERGED_STUDY.overrides.map((o) => o.split("=")[0]!);
    const under = (path: string, key: string) => path === key || path.startsWith(`${key}.`);
    for (const path of changed)
      expect(
        named.some((key) => under(path, key)),
        path,
      ).toBe(true);
    for (const key of named)
      expect(
        changed.some((path) => under(path, key)),
        key,
      ).toBe(true);
    expectNoAugmentation(study);
  });

  it("trains longer than the short demo, on more and larger images, at the thesis' 100 seeds by default", () => {
    const value = (overrides: readonly string[], key: string) =>
      Number(overrides.find((o) => o.startsWith(`${key}=`))!.slice(key.length + 1));
    expect(value(CONVERGED_STUDY.overrides, "epochs")).toBeGreaterThan(value(DEMO_SWEEP.overrides, "epochs"));
    expect(value(CONVERGED_STUDY.overrides, "resolution")).toBeGreaterThan(value(DEMO_SWEEP.overrides, "resolution"));
    expect(CONVERGED_STUDY.trainSize).toBeGreaterThan(DEMO_SWEEP.trainSize);
    expect(CONVERGED_STUDY.seeds).toBe(100);
    expect(Object.keys(DEMO_STUDIES)).toEqual(["short", "converged"]);
  });
});
