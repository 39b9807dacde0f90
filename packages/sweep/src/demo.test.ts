import { describe, expect, it } from "vitest";
import { applyOverrides, diffRecipes, getRecipe } from "@seedscope/recipes";
import { CONVERGED_STUDY, DEMO_STUDIES, DEMO_SWEEP } from "./demo";

describe("the demo study", () => {
  it.each(DEMO_SWEEP.recipes)(
    "%s differs from its named recipe only in the fields the overrides name (no rounded crop ratio)",
    (name) => {
      const base = getRecipe(name);
      const demo = applyOverrides(base, [...DEMO_SWEEP.overrides]);
      const changed = diffRecipes(base, demo).map((c) => c.path);
      expect(changed).not.toContain("augment.crop.ratio");
      expect(changed).toContain("augment.crop.scale");
      expect(demo.augment.crop).toEqual({ ...base.augment.crop, scale: [0.35, 1] });
    },
  );

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
    const changed = diffRecipes(base, study)
      .map((c) => c.path)
      .sort();
    const named = CONVERGED_STUDY.overrides.map((o) => o.split("=")[0]!).sort();
    expect(changed).toEqual(named);
    expect(study.augment.repeatedAugmentations).toBe(1);
  });

  it("trains longer than the short demo, on more images, at the thesis' 100 seeds by default", () => {
    const epochs = (overrides: readonly string[]) => Number(overrides.find((o) => o.startsWith("epochs="))!.slice(7));
    expect(epochs(CONVERGED_STUDY.overrides)).toBeGreaterThan(4 * epochs(DEMO_SWEEP.overrides));
    expect(CONVERGED_STUDY.trainSize).toBeGreaterThan(DEMO_SWEEP.trainSize);
    expect(CONVERGED_STUDY.seeds).toBe(100);
    expect(Object.keys(DEMO_STUDIES)).toEqual(["short", "converged"]);
  });
});
