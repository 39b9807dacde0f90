import { describe, expect, it } from "vitest";
import { effectSize } from "./effect-size";
import { mannWhitney, mannWhitneyExactSf } from "./mann-whitney";
import { adjustPValues } from "./p-adjust";
import { seedsNeeded } from "./power";
import { probabilityOfImprovement } from "./probability-of-improvement";
import { interquartileMean, robustOutliers } from "./robust";
import { shapiroWilk } from "./shapiro-wilk";

describe("edge cases of the comparison statistics", () => {
  it("drop NaN and Infinity, and count them", () => {
    const clean = mannWhitney([3, 4, 5], [1, 2]);
    const dirty = mannWhitney([3, Number.NaN, 4, 5], [1, Number.POSITIVE_INFINITY, 2]);
    expect(dirty).toEqual({ ...clean, nonFiniteCount: 2 });
    expect(effectSize([1, 2, Number.NaN], [3, 4]).a.nonFiniteCount).toBe(1);
    expect(shapiroWilk([1, 2, 4, Number.NaN]).nonFiniteCount).toBe(1);
    expect(interquartileMean([1, 2, 3, Number.NaN])).toBe(2);
  });

  it("say 'undefined' (NaN) where one or two seeds cannot support an estimate", () => {
    expect(effectSize([1], [2]).cohensD).toBeNaN();
    expect(mannWhitney([], [1]).pValue).toBeNaN();
    expect(shapiroWilk([1, 2])).toMatchObject({ w: Number.NaN, reason: "fewer than 3 values" });
    expect(shapiroWilk([4, 4, 4, 4])).toMatchObject({ reason: "all values equal" });
    const poi = probabilityOfImprovement([1], [0, 2]);
    expect(poi.estimate).toBe(0.5);
    expect(poi.interval.lower).toBeNaN();
    expect(seedsNeeded(0, 0.1).perArm).toBeNaN();
    expect(robustOutliers([1, 2]).outliers).toEqual([]);
    expect(robustOutliers([70.0, 70.1, 75]).outliers).toEqual([]); // three seeds: too few to call one an outlier
  });

  it("treat all-equal groups as no difference", () => {
    expect(effectSize([5, 5, 5], [5, 5]).hedgesG).toBe(0);
    expect(mannWhitney([5, 5, 5], [5, 5])).toMatchObject({ probability: 0.5, pValue: 1 });
  });

  it("exact Mann–Whitney tail sums to one and is symmetric", () => {
    expect(mannWhitneyExactSf(0, 3, 4)).toBeCloseTo(1, 15);
    // U is symmetric about mn/2: P(U ≥ u) = P(U ≤ mn − u) = 1 − P(U ≥ mn − u + 1).
    for (let u = 1; u <= 12; u++)
      expect(mannWhitneyExactSf(u, 3, 4)).toBeCloseTo(1 - mannWhitneyExactSf(12 - u + 1, 3, 4), 14);
    // P(U ≥ 12) for sizes 3, 4: one arrangement in C(7, 3) = 35.
    expect(mannWhitneyExactSf(12, 3, 4)).toBeCloseTo(1 / 35, 15);
  });

  it("flag an outlying seed beyond 3 robust std, and never a value of a tight group", () => {
    expect(robustOutliers([70.1, 70.2, 70.0, 70.3, 70.15, 60]).outliers).toEqual([5]);
    expect(robustOutliers([70.1, 70.2, 70.0, 70.3, 70.15]).outliers).toEqual([]);
  });

  it("keep untestable pairs out of the correction", () => {
    expect(adjustPValues([0.01, Number.NaN, 0.02], "holm")).toEqual([0.02, Number.NaN, 0.02]);
    expect(() => adjustPValues([1.5], "bh")).toThrow(RangeError);
  });
});

describe("probability of improvement", () => {
  const a = [70.4, 70.9, 70.2, 71.1, 70.6, 70.8];
  const b = [70.1, 70.5, 69.9, 70.3, 70.0, 70.7];

  it("is U / (nA·nB) with a seeded bootstrap interval that the seed reproduces", () => {
    const first = probabilityOfImprovement(a, b, { seed: 7, resamples: 2000 });
    expect(first.estimate).toBe(mannWhitney(a, b).u / 36);
    expect(first.seed).toBe(7);
    expect(probabilityOfImprovement(a, b, { seed: 7, resamples: 2000 })).toEqual(first);
    const other = probabilityOfImprovement(a, b, { seed: 8, resamples: 2000 });
    expect(other.interval).not.toEqual(first.interval);
    expect(first.interval.lower).toBeLessThanOrEqual(first.estimate);
    expect(first.interval.upper).toBeGreaterThanOrEqual(first.estimate);
    expect(first.interval.upper).toBeLessThanOrEqual(1);
  });

  it("covers the truth at about the stated rate on simulated seeds", () => {
    // Two normal groups one std apart: P(A > B) = Φ(1/√2) = 0.7602. 200 studies of 10 seeds each.
    const truth = 0.760249938906524;
    let covered = 0;
    const studies = 200;
    let state = 12345;
    const uniform = () => ((state = (state * 1103515245 + 12345) % 2147483648) + 0.5) / 2147483648;
    const gaussian = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    for (let s = 0; s < studies; s++) {
      const x = Array.from({ length: 10 }, () => 1 + gaussian());
      const y = Array.from({ length: 10 }, () => gaussian());
      const { interval } = probabilityOfImprovement(x, y, { seed: s, resamples: 1000 });
      if (interval.lower <= truth && truth <= interval.upper) covered++;
    }
    // Percentile intervals of a bounded statistic under-cover a little at n = 10; far below 85 % is a bug.
    expect(covered / studies).toBeGreaterThan(0.85);
  });
});
