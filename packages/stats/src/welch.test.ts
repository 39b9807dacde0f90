import { tTestTwoSample } from "simple-statistics";
import { describe, expect, it } from "vitest";
import { welchTTest } from "./welch";

const sleepGroup1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
const sleepGroup2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

describe("welchTTest", () => {
  it("reproduces R's Welch test on the sleep data", () => {
    // R: t.test(extra ~ group, data = sleep) prints "t = -1.8608, df = 17.776, p-value = 0.07939",
    // 95 percent confidence interval -3.3654832 0.2054832, means 0.75 and 2.33.
    const w = welchTTest(sleepGroup1, sleepGroup2);
    expect(w.t).toBeCloseTo(-1.8608, 4);
    expect(w.df).toBeCloseTo(17.776, 3);
    expect(w.pValue).toBeCloseTo(0.07939, 5);
    expect(w.meanDifference).toBeCloseTo(0.75 - 2.33, 12);
    expect(w.differenceInterval.lower).toBeCloseTo(-3.3654832, 7);
    expect(w.differenceInterval.upper).toBeCloseTo(0.2054832, 7);
    expect(w.a.mean).toBeCloseTo(0.75, 12);
    expect(w.b.mean).toBeCloseTo(2.33, 12);
  });

  it("matches a hand-worked example", () => {
    // a = 1..5: mean 3, variance 2.5, share 2.5/5 = 1/2. b = 2, 4, 6: mean 4, variance 4, share 4/3.
    // SE² = 1/2 + 4/3 = 11/6, t = -1/√(11/6) = -0.738549.
    // df = (11/6)² / ((1/2)²/4 + (4/3)²/2) = (121/36) / (137/144) = 484/137 = 3.532847.
    // p = 0.506214 (scipy.stats.ttest_ind(a, b, equal_var=False), an independent implementation).
    const w = welchTTest([1, 2, 3, 4, 5], [2, 4, 6]);
    expect(w.standardError).toBeCloseTo(Math.sqrt(11 / 6), 14);
    expect(w.t).toBeCloseTo(-1 / Math.sqrt(11 / 6), 12);
    expect(w.df).toBeCloseTo(484 / 137, 12);
    expect(w.pValue).toBeCloseTo(0.5062142, 7);
  });

  it("does not depend on the scale of the metric", () => {
    // The hand-worked example above scaled by 1e±150: the squared shares would under/overflow.
    for (const scale of [1e-150, 1e150]) {
      const w = welchTTest(
        [1, 2, 3, 4, 5].map((v) => v * scale),
        [2, 4, 6].map((v) => v * scale),
      );
      expect(w.df).toBeCloseTo(484 / 137, 10);
      expect(w.t).toBeCloseTo(-1 / Math.sqrt(11 / 6), 10);
      expect(w.pValue).toBeCloseTo(0.5062142, 7);
    }
  });

  it("handles zero variance in one group (df = other n - 1, closed-form p for df = 4)", () => {
    // a = 1..5 (variance 2.5), b = 7, 7, 7: SE = √(1/2), t = -4/√(1/2) = -4√2, df = 4.
    // For df = 4, F(t) = 1/2 + (3/8)·(t/√(1 + t²/4))·(1 - t²/(12(1 + t²/4))); at t = 4√2: t²/4 = 8,
    // F = 1/2 + (3/8)·(4√2/3)·(1 - 32/108), p = 2(1 - F) = 0.0048127.
    const w = welchTTest([1, 2, 3, 4, 5], [7, 7, 7]);
    expect(w.t).toBeCloseTo(-4 * Math.SQRT2, 12);
    expect(w.df).toBeCloseTo(4, 12);
    const f = 0.5 + (3 / 8) * ((4 * Math.SQRT2) / 3) * (1 - 32 / 108);
    expect(w.pValue).toBeCloseTo(2 * (1 - f), 12);
    expect(w.pValue).toBeCloseTo(0.0048127, 7);
  });

  it("equals Student's pooled t when the groups have the same size", () => {
    const a = [79.85, 79.5, 79.7, 79.98, 79.57, 79.66];
    const b = [80.4, 80.1, 80.62, 80.3, 79.95, 80.5];
    expect(welchTTest(a, b).t).toBeCloseTo(tTestTwoSample(a, b)!, 10);
  });

  it("is antisymmetric in its groups and honours the level", () => {
    const ab = welchTTest(sleepGroup1, sleepGroup2, { level: 0.9 });
    const ba = welchTTest(sleepGroup2, sleepGroup1, { level: 0.9 });
    expect(ba.t).toBeCloseTo(-ab.t, 12);
    expect(ba.pValue).toBeCloseTo(ab.pValue, 12);
    expect(ab.differenceInterval.level).toBe(0.9);
    // A 90% interval is narrower than the 95% one.
    const wide = welchTTest(sleepGroup1, sleepGroup2).differenceInterval;
    expect(ab.differenceInterval.upper - ab.differenceInterval.lower).toBeLessThan(wide.upper - wide.lower);
  });

  it("gives t = ±Infinity and p = 0 for two constant groups with different means", () => {
    const w = welchTTest([2, 2, 2], [1, 1]);
    expect(w.t).toBe(Number.POSITIVE_INFINITY);
    expect(w.pValue).toBe(0);
    expect(w.df).toBeNaN();
    expect(w.differenceInterval).toEqual({ level: 0.95, lower: 1, upper: 1 });
    expect(welchTTest([1, 1], [2, 2, 2]).t).toBe(Number.NEGATIVE_INFINITY);
  });

  it("gives NaN t and p for two identical constant groups", () => {
    const w = welchTTest([0.3, 0.3, 0.3], [0.3, 0.3]);
    expect(w.t).toBeNaN();
    expect(w.pValue).toBeNaN();
    expect(w.meanDifference).toBe(0);
  });

  it("is undefined (NaN) when a group has fewer than two values", () => {
    for (const w of [welchTTest([1], [1, 2, 3]), welchTTest([1, 2, 3], []), welchTTest([], [])]) {
      expect(w.t).toBeNaN();
      expect(w.df).toBeNaN();
      expect(w.pValue).toBeNaN();
      expect(w.differenceInterval.lower).toBeNaN();
    }
    expect(welchTTest([1], [1, 2, 3]).meanDifference).toBe(-1);
  });

  it("drops non-finite values per group and counts them", () => {
    const w = welchTTest([...sleepGroup1, Number.NaN], [Number.NEGATIVE_INFINITY, ...sleepGroup2, Number.NaN]);
    expect(w.a.nonFiniteCount).toBe(1);
    expect(w.b.nonFiniteCount).toBe(2);
    expect(w.a.n).toBe(10);
    expect(w.t).toBeCloseTo(-1.8608, 4);
  });

  it("rejects an invalid level", () => {
    expect(() => welchTTest([1, 2], [3, 4], { level: 95 })).toThrow(RangeError);
  });
});
