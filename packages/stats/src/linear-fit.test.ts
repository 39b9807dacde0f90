import { describe, expect, it } from "vitest";
import { anscombe } from "./anscombe.fixture";
import { linearFit, linearFitEndpoints, predictLinear } from "./linear-fit";

describe("linearFit", () => {
  it("gives y = 3.00 + 0.500 x with R² = 0.67 on each of Anscombe's datasets", () => {
    for (const set of anscombe) {
      const fit = linearFit(set.x, set.y);
      expect(fit.slope).toBeCloseTo(0.5, 3);
      expect(fit.intercept).toBeCloseTo(3.0, 2);
      expect(fit.rSquared).toBeCloseTo(0.67, 2);
      expect(fit.n).toBe(11);
    }
  });

  it("matches a hand-worked example", () => {
    // x = 1, 2, 3, 4; y = 2, 3, 5, 6: means 2.5 and 4, Sxy = 1.5·2 + 0.5·1 + 0.5·1 + 1.5·2 = 7,
    // Sxx = 5, slope 1.4, intercept 4 - 1.4·2.5 = 0.5. Residuals 0.1, -0.3, 0.3, -0.1: SSE 0.2,
    // SST 4 + 1 + 1 + 4 = 10, R² = 1 - 0.2/10 = 0.98.
    const fit = linearFit([1, 2, 3, 4], [2, 3, 5, 6]);
    expect(fit.slope).toBeCloseTo(1.4, 14);
    expect(fit.intercept).toBeCloseTo(0.5, 14);
    expect(fit.rSquared).toBeCloseTo(0.98, 14);
    expect(predictLinear(fit, 10)).toBeCloseTo(14.5, 13);
    expect([fit.xMin, fit.xMax]).toEqual([1, 4]);
  });

  it("has R² equal to Pearson's r squared and 1 on an exact line", () => {
    const exact = linearFit([0, 1, 2, 3], [1, -1, -3, -5]);
    expect(exact.slope).toBeCloseTo(-2, 14);
    expect(exact.intercept).toBeCloseTo(1, 14);
    expect(exact.rSquared).toBeCloseTo(1, 14);
    // Anscombe set 1: r = 0.81642 → r² = 0.66654.
    expect(linearFit(anscombe[0]!.x, anscombe[0]!.y).rSquared).toBeCloseTo(0.81642 ** 2, 4);
  });

  it("is undefined for fewer than two points or a constant x", () => {
    for (const fit of [linearFit([], []), linearFit([1], [2]), linearFit([3, 3, 3], [1, 2, 3])]) {
      expect(fit.slope).toBeNaN();
      expect(fit.intercept).toBeNaN();
      expect(fit.rSquared).toBeNaN();
    }
    expect(linearFit([], []).xMin).toBeNaN();
  });

  it("fits a flat line with undefined R² when y is constant", () => {
    const fit = linearFit([1, 2, 3], [0.3, 0.3, 0.3]);
    expect(fit.slope).toBe(0);
    expect(fit.intercept).toBe(0.3);
    expect(fit.rSquared).toBeNaN();
  });

  it("drops pairs with a non-finite member and counts them", () => {
    const fit = linearFit([1, 2, Number.NaN, 3, 4, 5], [2, 3, 4, 5, 6, Number.NEGATIVE_INFINITY]);
    expect(fit.n).toBe(4);
    expect(fit.nonFiniteCount).toBe(2);
    expect(fit.slope).toBeCloseTo(1.4, 14);
    expect(() => linearFit([1, 2], [1])).toThrow(RangeError);
  });
});

describe("linearFitEndpoints", () => {
  it("spans the data's x range by default, or the range given", () => {
    const fit = linearFit([1, 2, 3, 4], [2, 3, 5, 6]);
    const [start, end] = linearFitEndpoints(fit);
    expect(start.x).toBe(1);
    expect(start.y).toBeCloseTo(1.9, 14);
    expect(end.x).toBe(4);
    expect(end.y).toBeCloseTo(6.1, 14);
    const [left, right] = linearFitEndpoints(fit, [0, 10]);
    expect(left).toEqual({ x: 0, y: 0.5 });
    expect(right.y).toBeCloseTo(14.5, 13);
  });

  it("has NaN y for an undefined fit", () => {
    const [a, b] = linearFitEndpoints(linearFit([2, 2], [1, 5]));
    expect(a.x).toBe(2);
    expect(a.y).toBeNaN();
    expect(b.y).toBeNaN();
  });
});
