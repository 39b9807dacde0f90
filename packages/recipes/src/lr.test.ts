import { describe, expect, it } from "vitest";
import { applyOverrides } from "./overrides";
import { effectiveLr } from "./lr";
import { getRecipe } from "./registry";

describe("effectiveLr", () => {
  const deit = getRecipe("deit");
  it("scales linearly: DeiT's 5e-4 per 512 is 1e-3 at batch 1024", () => {
    expect(effectiveLr(applyOverrides(deit, ["batchSize=1024"]))).toBeCloseTo(1e-3, 15);
  });
  it("scales by the square root", () => {
    const r = applyOverrides(deit, ["lrScaling.rule=sqrt", "batchSize=2048"]);
    expect(effectiveLr(r)).toBeCloseTo(5e-4 * 2, 15);
  });
  it("leaves the rate alone under none", () => {
    expect(effectiveLr(applyOverrides(deit, ["lrScaling.rule=none", "batchSize=7"]))).toBe(5e-4);
  });
});
