import { describe, expect, it } from "vitest";
import { summarize, summarizeSeeds } from "./summary";

describe("summarize", () => {
  it("matches a hand-worked sample", () => {
    // [2, 4, 4, 4, 5, 5, 7, 9]: sum 40, mean 5; squared deviations 9+1+1+1+0+0+4+16 = 32,
    // sample variance 32/7, std √(32/7) = 2.13809; median (4 + 5)/2 = 4.5.
    // 95% interval: 5 ± t(0.975, 7)·std/√8 with t(0.975, 7) = 2.365 (t table) → 5 ± 1.7875.
    const s = summarize([4, 2, 5, 9, 4, 7, 5, 4]);
    expect(s.n).toBe(8);
    expect(s.nonFiniteCount).toBe(0);
    expect(s.mean).toBe(5);
    expect(s.std).toBeCloseTo(Math.sqrt(32 / 7), 14);
    expect(s.median).toBe(4.5);
    expect(s.min).toBe(2);
    expect(s.max).toBe(9);
    expect(s.meanInterval.level).toBe(0.95);
    expect(s.meanInterval.lower).toBeCloseTo(5 - (2.365 * Math.sqrt(32 / 7)) / Math.sqrt(8), 3);
    expect(s.meanInterval.upper).toBeCloseTo(5 + (2.365 * Math.sqrt(32 / 7)) / Math.sqrt(8), 3);
  });

  it("reproduces R's t.test interval for the sleep data, group 1", () => {
    // R: t.test(sleep$extra[sleep$group == 1]) prints mean 0.75 and 95 percent CI -0.5297804 2.0297804
    // (the same from scipy.stats.t.interval).
    const s = summarize([0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]);
    expect(s.mean).toBeCloseTo(0.75, 14);
    expect(s.median).toBeCloseTo(0.35, 14);
    expect(s.meanInterval.lower).toBeCloseTo(-0.5297804, 7);
    expect(s.meanInterval.upper).toBeCloseTo(2.0297804, 7);
  });

  it("honours the confidence level", () => {
    // 90%: t(0.95, 7) = 1.8946 → 5 ± 1.8946·2.13809/√8 = 5 ± 1.4322.
    const s = summarize([2, 4, 4, 4, 5, 5, 7, 9], { level: 0.9 });
    expect(s.meanInterval.level).toBe(0.9);
    expect(s.meanInterval.upper - 5).toBeCloseTo(1.4322, 3);
    expect(() => summarize([1, 2], { level: 1 })).toThrow(RangeError);
    expect(() => summarize([1, 2], { level: 0 })).toThrow(RangeError);
  });

  it("gives NaN statistics for an empty sample", () => {
    const s = summarize([]);
    expect(s.n).toBe(0);
    for (const v of [s.mean, s.std, s.min, s.max, s.median, s.meanInterval.lower, s.meanInterval.upper]) {
      expect(v).toBeNaN();
    }
  });

  it("gives NaN std and interval for one value, the value itself elsewhere", () => {
    const s = summarize([79.85]);
    expect(s.n).toBe(1);
    expect([s.mean, s.min, s.max, s.median]).toEqual([79.85, 79.85, 79.85, 79.85]);
    expect(s.std).toBeNaN();
    expect(s.meanInterval.lower).toBeNaN();
    expect(s.meanInterval.upper).toBeNaN();
  });

  it("gives std exactly 0 and a zero-width interval for identical values", () => {
    // 0.1 is not exact in binary: a summed mean would be 0.10000000000000002.
    const s = summarize([0.1, 0.1, 0.1]);
    expect(s.mean).toBe(0.1);
    expect(s.std).toBe(0);
    expect(s.meanInterval).toEqual({ level: 0.95, lower: 0.1, upper: 0.1 });
  });

  it("drops NaN and ±Infinity and counts them", () => {
    const s = summarize([1, Number.NaN, 3, Number.POSITIVE_INFINITY, 5, Number.NEGATIVE_INFINITY]);
    expect(s.n).toBe(3);
    expect(s.nonFiniteCount).toBe(3);
    expect(s.mean).toBe(3);
    expect(s.std).toBe(2);
    expect(s.max).toBe(5);
    const allNaN = summarize([Number.NaN, Number.NaN]);
    expect(allNaN.n).toBe(0);
    expect(allNaN.nonFiniteCount).toBe(2);
    expect(allNaN.mean).toBeNaN();
  });

  it("accepts typed arrays", () => {
    expect(summarize(new Float64Array([1, 2, 3, 4])).median).toBe(2.5);
  });
});

describe("summarizeSeeds", () => {
  const bySeed = new Map([
    [0, 79.85],
    [1, 79.5],
    [2, 79.7],
    [3, 79.98],
    [4, 79.57],
  ]);

  it("holds the reference seed (0 by default) out of the study it is compared with (thesis §6.3.4, Figure 6.7: seeds 1–100 vs seed 0)", () => {
    const s = summarizeSeeds(bySeed);
    // mean of seeds 1–4 = (79.5 + 79.7 + 79.98 + 79.57) / 4 = 318.75 / 4 = 79.6875
    expect(s.mean).toBeCloseTo(79.6875, 12);
    expect([s.referenceSeed, s.referenceExcluded, s.referenceValue, s.n]).toEqual([0, true, 79.85, 4]);
    expect(s.referenceDelta).toBeCloseTo(0.1625, 12);
    expect(s.seedOfMin).toBe(1);
    expect(s.seedOfMax).toBe(3);
  });

  it("counts the reference in when asked (not thesis §6.3.4's convention), which pulls the mean toward it by 1/n", () => {
    const s = summarizeSeeds(bySeed, { excludeReference: false });
    // mean = (79.85 + 79.5 + 79.7 + 79.98 + 79.57) / 5 = 398.6 / 5 = 79.72
    expect(s.mean).toBeCloseTo(79.72, 12);
    expect(s.referenceDelta).toBeCloseTo(0.13, 12);
    expect([s.referenceExcluded, s.n]).toEqual([false, 5]);
  });

  it("accepts a plain object and another reference seed", () => {
    const s = summarizeSeeds({ 7: 2, 3: 1, 5: 6 }, { referenceSeed: 5 });
    expect(s.mean).toBe(1.5);
    expect(s.referenceValue).toBe(6);
    expect(s.referenceDelta).toBe(4.5);
    expect(s.seedOfMin).toBe(3);
    expect(s.seedOfMax).toBe(7);
  });

  it("uses null for an absent reference seed and NaN for a diverged one", () => {
    const absent = summarizeSeeds({ 1: 2, 2: 4 });
    expect(absent.referenceValue).toBeNull();
    expect(absent.referenceDelta).toBeNull();
    const diverged = summarizeSeeds({ 0: Number.NaN, 1: 2, 2: 4 });
    expect(diverged.referenceValue).toBeNaN();
    expect(diverged.referenceDelta).toBeNaN();
    expect(diverged.n).toBe(2);
    // The held-out reference is not counted among the study's diverged seeds; counted in, it is.
    expect(diverged.nonFiniteCount).toBe(0);
    expect(summarizeSeeds({ 0: Number.NaN, 1: 2, 2: 4 }, { excludeReference: false }).nonFiniteCount).toBe(1);
  });

  it("picks the smallest seed on ties and null extremes when empty", () => {
    const s = summarizeSeeds(
      new Map([
        [9, 1],
        [4, 1],
        [6, 3],
        [2, 3],
      ]),
    );
    expect(s.seedOfMin).toBe(4);
    expect(s.seedOfMax).toBe(2);
    const empty = summarizeSeeds(new Map());
    expect(empty.seedOfMin).toBeNull();
    expect(empty.seedOfMax).toBeNull();
    expect(empty.mean).toBeNaN();
  });

  it("rejects non-integer seeds", () => {
    expect(() => summarizeSeeds(new Map([[1.5, 2]]))).toThrow(RangeError);
  });
});
