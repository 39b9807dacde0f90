import { describe, expect, it } from "vitest";
import { applyOverrides, getRecipe, overridesOnTop, smallDigitsOverrides } from "@seedscope/recipes";
import { derivedNames, type SweepSpec, validateSweepSpec } from "./plan";

const spec: SweepSpec = {
  recipes: ["deit", "a2", "stpp"],
  archs: ["resnet8"],
  datasets: ["digits"],
  seeds: [0, 1],
  overrides: ["epochs=3"],
  datasetOptions: {},
  smallDigits: true,
};

describe("a sweep at the small-digits setting", () => {
  it("gives each recipe its own setting (its optimizer's lr), with the sweep's overrides on top", () => {
    const { recipes } = validateSweepSpec(spec, false);
    for (const name of spec.recipes) {
      const base = getRecipe(name);
      expect(recipes.get(name)).toEqual(applyOverrides(base, overridesOnTop(smallDigitsOverrides(base), ["epochs=3"])));
      expect(recipes.get(name)?.epochs).toBe(3);
    }
    expect([
      recipes.get("deit")?.optimizer.lr,
      recipes.get("a2")?.optimizer.lr,
      recipes.get("stpp")?.optimizer.lr,
    ]).toEqual([1e-3, 0.02, 0.1]);
  });

  it("names each derived recipe by its own overrides, and takes --recipe-name without --set", () => {
    const names = derivedNames(spec);
    expect(names.get("deit")).toMatch(/^deit \(resolution=12 .*optimizer\.lr=0\.001 /);
    expect(names.get("a2")).toMatch(/^a2 \(resolution=12 .*optimizer\.lr=0\.02 /);
    const named = derivedNames({ ...spec, overrides: [], recipeName: "{recipe}-small" });
    expect([...named.values()]).toEqual(["deit-small", "a2-small", "stpp-small"]);
  });

  it("is refused on a dataset other than the built-in digits, naming the flag", () => {
    expect(() => validateSweepSpec({ ...spec, datasets: ["digits", "fashion"] }, false)).toThrow(
      /^--small-digits is the setting measured on the built-in digits, not --dataset fashion/,
    );
  });
});
