import { describe, expect, it } from "vitest";
import { compareGroups, methodsSentence, verdict } from "./compare";
import { welchTTest } from "./welch";

const a = { val: [71.2, 71.5, 71.0, 71.4, 71.3, 71.6], v2: [60.1, 60.6, 59.8, 60.4, 60.0, 60.9] };
const b = { val: [70.8, 70.9, 70.6, 71.0, 70.7, 70.9], v2: [60.0, 60.5, 59.9, 60.2, 60.3, 60.6] };

describe("compareGroups", () => {
  it("bundles the tests of one split and agrees with each statistic on its own", () => {
    const c = compareGroups(a.val, b.val, { seed: 3, resamples: 500, targetDelta: 0.1 });
    expect(c.welch).toEqual(welchTTest(a.val, b.val));
    expect(c.probability.seed).toBe(3);
    expect(c.seedsForTarget?.perArm).toBeGreaterThan(c.seedsForObserved.perArm);
    expect(c.a.iqm).toBeCloseTo(71.35, 12);
    expect(c.minimumDetectable).toBeGreaterThan(0);
  });

  it("says in words where A wins and where the data cannot tell", () => {
    const splits = (["val", "v2"] as const).map((split) => ({
      split,
      comparison: compareGroups(a[split], b[split], { resamples: 200 }),
    }));
    const text = verdict("A", "B", splits);
    expect(text).toMatch(/^A beats B on val \(Δ = \+0\.52, p [=<] /);
    expect(text).toMatch(/on v2 the difference is not significant \(/);
    expect(methodsSentence(splits, "Holm's step-down correction")).toContain("200 resamples, seed 0");
    const tiny = verdict("A", "B", [{ split: "val", comparison: compareGroups([1], [2]) }]);
    expect(tiny).toBe("On val nothing can be tested (a group has fewer than 2 seeds).");
  });
});
