import { describe, expect, it } from "vitest";
import { diffRecipes } from "./diff";
import { applyOverrides } from "./overrides";
import { getRecipe } from "./registry";

describe("diffRecipes", () => {
  it("finds nothing between equal recipes", () => {
    expect(diffRecipes(getRecipe("deit3"), getRecipe("deit3"))).toEqual([]);
  });

  it("finds exactly the changed leaves, in path order", () => {
    const a = getRecipe("deit");
    const b = applyOverrides(a, [
      "optimizer.lr=0.002",
      "epochs=5",
      "augment.randAugment.m=7",
      "augment.crop.scale=[0.35,1]",
    ]);
    expect(diffRecipes(a, b)).toEqual([
      { path: "augment.crop.scale", a: [0.08, 1], b: [0.35, 1] },
      { path: "augment.randAugment.m", a: 9, b: 7 },
      { path: "epochs", a: 10, b: 5 },
      { path: "optimizer.lr", a: 5e-4, b: 0.002 },
    ]);
  });

  it("reports a null against an object as one leaf", () => {
    const a = getRecipe("deit3");
    const b = applyOverrides(a, [
      "augment.threeAugment=false",
      'augment.randAugment={"n":2,"m":9,"mstd":0.5,"ops":"timm"}',
    ]);
    expect(diffRecipes(a, b)).toEqual([
      { path: "augment.randAugment", a: null, b: { n: 2, m: 9, mstd: 0.5, ops: "timm" } },
      { path: "augment.threeAugment", a: true, b: false },
    ]);
  });

  it("lists the fields of both variants when a union changes kind", () => {
    const d = diffRecipes(getRecipe("deit3"), getRecipe("cosub"));
    expect(d.map((x) => x.path)).toEqual([
      "method.esdScale",
      "method.kind",
      "method.lambda",
      "method.sdMode",
      "method.tau",
      "optimizer.lr",
      "stochasticDepth.rate",
    ]);
    expect(d.find((x) => x.path === "method.lambda")).toEqual({ path: "method.lambda", a: undefined, b: 0.5 });
  });
});
