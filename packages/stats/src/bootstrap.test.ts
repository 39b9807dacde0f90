import { SeededRandom } from "@seedscope/core";
import { describe, expect, it } from "vitest";
import { bootstrapMeanDifference } from "./bootstrap";
import { welchTTest } from "./welch";

function normalSample(seed: number, n: number, mean: number, std: number): number[] {
  const random = SeededRandom.fromSeed(seed, "bootstrap-test");
  return Array.from({ length: n }, () => mean + std * random.normal());
}

describe("bootstrapMeanDifference", () => {
  it("is deterministic for a seed and changes with the seed or stream", () => {
    const a = normalSample(1, 30, 0, 1);
    const b = normalSample(2, 25, 0.3, 1.5);
    const first = bootstrapMeanDifference(a, b, { seed: 42, resamples: 2000 });
    const again = bootstrapMeanDifference(a, b, { seed: 42, resamples: 2000 });
    expect(again).toEqual(first);
    expect(first.seed).toBe(42);
    expect(bootstrapMeanDifference(a, b, { seed: 43, resamples: 2000 }).interval).not.toEqual(first.interval);
    expect(bootstrapMeanDifference(a, b, { seed: 42, resamples: 2000, stream: "other" }).interval).not.toEqual(
      first.interval,
    );
  });

  it("matches the exact resampling distribution of a tiny example", () => {
    // a = [0, 1] resampled: its mean is 0 (prob 1/4), 0.5 (1/2) or 1 (1/4); b = [0, 0] always gives 0.
    // 95%: the 2.5% and 97.5% quantiles are 0 and 1. 40%: the 30% and 70% quantiles both fall
    // inside the 0.5 block (cumulative 0.25 → 0.75).
    const wide = bootstrapMeanDifference([0, 1], [0, 0], { seed: 3 });
    expect(wide.estimate).toBe(0.5);
    expect(wide.interval).toEqual({ level: 0.95, lower: 0, upper: 1 });
    const narrow = bootstrapMeanDifference([0, 1], [0, 0], { seed: 3, level: 0.4 });
    expect(narrow.interval).toEqual({ level: 0.4, lower: 0.5, upper: 0.5 });
  });

  it("agrees with the Welch interval for large normal samples", () => {
    // For normal data the percentile interval approaches the t interval. Here the standard error
    // of the difference is ≈ 0.019 and the bounds were seen within 0.001 of Welch's; 0.003 allows
    // for the Monte Carlo error of 10,000 resamples.
    const a = normalSample(10, 200, 79.72, 0.1);
    const b = normalSample(11, 200, 79.6, 0.25);
    const boot = bootstrapMeanDifference(a, b, { seed: 0 });
    const welch = welchTTest(a, b).differenceInterval;
    expect(boot.estimate).toBeCloseTo(welchTTest(a, b).meanDifference, 12);
    expect(Math.abs(boot.interval.lower - welch.lower)).toBeLessThan(0.003);
    expect(Math.abs(boot.interval.upper - welch.upper)).toBeLessThan(0.003);
    expect(boot.interval.lower).toBeLessThan(boot.estimate);
    expect(boot.interval.upper).toBeGreaterThan(boot.estimate);
    expect(boot.resamples).toBe(10_000);
  });

  it("gives a zero-width interval for two constant groups", () => {
    const r = bootstrapMeanDifference([5, 5, 5], [3, 3]);
    expect(r.estimate).toBe(2);
    expect(r.interval).toEqual({ level: 0.95, lower: 2, upper: 2 });
  });

  it("gives NaN bounds when a group has fewer than two values", () => {
    const one = bootstrapMeanDifference([5], [3, 4]);
    expect(one.estimate).toBe(1.5);
    expect(one.interval.lower).toBeNaN();
    expect(one.interval.upper).toBeNaN();
    expect(bootstrapMeanDifference([], [3, 4]).estimate).toBeNaN();
  });

  it("drops non-finite values per group and counts them", () => {
    const clean = bootstrapMeanDifference([1, 2, 3, 4], [2, 3, 5], { seed: 9, resamples: 500 });
    const dirty = bootstrapMeanDifference([1, Number.NaN, 2, 3, 4], [2, 3, Number.POSITIVE_INFINITY, 5], {
      seed: 9,
      resamples: 500,
    });
    expect(dirty.interval).toEqual(clean.interval);
    expect(dirty.a.nonFiniteCount).toBe(1);
    expect(dirty.b.nonFiniteCount).toBe(1);
    expect(dirty.b.n).toBe(3);
  });

  it("rejects invalid options", () => {
    expect(() => bootstrapMeanDifference([1, 2], [3, 4], { resamples: 0 })).toThrow(RangeError);
    expect(() => bootstrapMeanDifference([1, 2], [3, 4], { resamples: 10.5 })).toThrow(RangeError);
    expect(() => bootstrapMeanDifference([1, 2], [3, 4], { level: -0.1 })).toThrow(RangeError);
    expect(() => bootstrapMeanDifference([1, 2], [3, 4], { seed: 0.5 })).toThrow(RangeError);
    expect(() => bootstrapMeanDifference([1, 1], [2, 2], { seed: 0.5 })).toThrow(RangeError);
  });
});
