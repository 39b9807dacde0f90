import { describe, expect, it } from "vitest";
import { applyOverrides, diffRecipes, getRecipe } from "@seedscope/recipes";
import { DEMO_SWEEP } from "./demo";

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

  it("compares two recipes on the same seeds (the dashboard's recipe diff and comparison views)", () => {
    expect(new Set(DEMO_SWEEP.recipes).size).toBe(2);
    expect(DEMO_SWEEP.archs.length).toBeGreaterThanOrEqual(1);
    expect(DEMO_SWEEP.seeds).toBeGreaterThanOrEqual(3);
  });
});
