import { describe, expect, it } from "vitest";
import { SeededRandom } from "@seedscope/core";
import { branchDropRates, sampleDrops } from "./drop-plan";

describe("stochastic-depth draws", () => {
  it("gives uniform or linearly growing rates", () => {
    expect(branchDropRates({ rate: 0.2, rule: "uniform" }, 3)).toEqual([0.2, 0.2, 0.2]);
    expect(branchDropRates({ rate: 0.2, rule: "linear" }, 5).map((r) => +r.toFixed(10))).toEqual([
      0, 0.05, 0.1, 0.15, 0.2,
    ]);
  });

  it("efficient stochastic depth keeps exactly round(B·(1 − p)) distinct samples, scaled by 1/(1 − p)", () => {
    const drops = sampleDrops([0.3, 0.5, 0], 10, "subset", SeededRandom.fromSeed(1, "t"));
    expect(drops[2]).toEqual({ kind: "keep" });
    const [a, b] = drops;
    if (a?.kind !== "subset" || b?.kind !== "subset") throw new Error("expected subsets");
    expect(a.indices.length).toBe(7);
    expect(new Set(a.indices).size).toBe(7);
    expect(a.scale).toBeCloseTo(1 / 0.7, 12);
    expect(b.indices.length).toBe(5);
  });

  it("masks keep each sample with probability 1 − p (statistically), scaled, and the same seed repeats the draw", () => {
    const draw = (seed: number) => sampleDrops([0.25], 20_000, "mask", SeededRandom.fromSeed(seed, "t"))[0]!;
    const m = draw(3);
    if (m.kind !== "mask") throw new Error("expected a mask");
    const kept = m.keep.filter((v) => v > 0);
    expect(kept.length / 20_000).toBeGreaterThan(0.74);
    expect(kept.length / 20_000).toBeLessThan(0.76);
    expect(kept[0]).toBeCloseTo(1 / 0.75, 6);
    // E[mask] = 1: the expectation of a dropped branch equals the full branch
    expect(m.keep.reduce((s, v) => s + v, 0) / 20_000).toBeCloseTo(1, 1);
    expect(draw(3)).toEqual(m);
    expect(draw(4)).not.toEqual(m);
  });
});
