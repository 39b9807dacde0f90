import { linearRegression, rSquared } from "simple-statistics";
import { isConstant, keepFinitePairs } from "./finite";
import type { Point } from "./series";

/**
 * Ordinary least-squares line y = intercept + slope · x.
 *
 * Edge cases: pairs with a non-finite member are dropped and counted. With fewer than two pairs,
 * or when every x is equal (a vertical line has no slope), intercept, slope and R² are NaN.
 * When every y is equal the fit is the flat line through them (slope 0) and R² is NaN, since there
 * is no variance to explain.
 */
export interface LinearFit {
  readonly intercept: number;
  readonly slope: number;
  /** Coefficient of determination, 1 - SS_residual / SS_total. */
  readonly rSquared: number;
  /** Number of pairs used. */
  readonly n: number;
  readonly nonFiniteCount: number;
  /** Smallest and largest x used (NaN when n = 0), the default span of {@link linearFitEndpoints}. */
  readonly xMin: number;
  readonly xMax: number;
}

/** @throws RangeError when x and y differ in length. */
export function linearFit(x: ArrayLike<number>, y: ArrayLike<number>): LinearFit {
  const pairs = keepFinitePairs(x, y);
  const n = pairs.x.length;
  const nan = Number.NaN;
  const xMin = n === 0 ? nan : pairs.x.reduce((a, b) => Math.min(a, b));
  const xMax = n === 0 ? nan : pairs.x.reduce((a, b) => Math.max(a, b));
  const base = { n, nonFiniteCount: pairs.nonFiniteCount, xMin, xMax };
  if (n < 2 || isConstant(pairs.x)) return { ...base, intercept: nan, slope: nan, rSquared: nan };
  if (isConstant(pairs.y)) return { ...base, intercept: pairs.y[0]!, slope: 0, rSquared: nan };

  const points = pairs.x.map((xi, i) => [xi, pairs.y[i]!]);
  const { m: slope, b: intercept } = linearRegression(points);
  return { ...base, intercept, slope, rSquared: rSquared(points, (xi) => intercept + slope * xi) };
}

/** The value of the fitted line at x. */
export function predictLinear(fit: LinearFit, x: number): number {
  return fit.intercept + fit.slope * x;
}

/**
 * The two end points of the fitted line for drawing it on a chart, over [from, to], by default
 * the fitted data's x range. Their y is NaN when the fit is undefined.
 */
export function linearFitEndpoints(
  fit: LinearFit,
  range: readonly [number, number] = [fit.xMin, fit.xMax],
): [Point, Point] {
  const [from, to] = range;
  return [
    { x: from, y: predictLinear(fit, from) },
    { x: to, y: predictLinear(fit, to) },
  ];
}
