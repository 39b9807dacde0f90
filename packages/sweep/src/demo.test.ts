import { describe, expect, it } from "vitest";
import { applyOverrides, diffRecipes, getRecipe } from "@seedscope/recipes";
import { DEMO_SWEEP } from "./demo";

describe("the demo study's recipe", () => {
  it("differs from A2 only in the fields its overrides name (no rounded crop ratio)", () => {
    const base = getRecipe(DEMO_SWEEP.recipe);
    const demo = applyOverrides(base, [...DEMO_SWEEP.overrides]);
    const changed = diffRecipes(base, demo).map((c) => c.path);
    expect(changed).not.toContain("augment.crop.ratio");
    expect(changed).toContain("augment.crop.scale");
    expect(demo.augment.crop).toEqual({ ...base.augment.crop, scale: [0.35, 1] });
  });
});
