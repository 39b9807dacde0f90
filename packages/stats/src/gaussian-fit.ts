import type { Histogram, HistogramOptions } from "./histogram";
import { histogram } from "./histogram";
import type { Point } from "./series";
import { summarize } from "./summary";

/**
 * A normal distribution fitted by moments: the sample mean and the sample std (divisor n - 1,
 * the same std as {@link summarize} reports). Non-finite values are dropped and counted; with fewer
 * than two finite values, or identical values, the curve is undefined (std NaN or 0).
 */
export interface GaussianFit {
  readonly mean: number;
  readonly std: number;
  readonly n: number;
  readonly nonFiniteCount: number;
}

export function fitGaussian(values: ArrayLike<number>): GaussianFit {
  const { mean, std, n, nonFiniteCount } = summarize(values);
  return { mean, std, n, nonFiniteCount };
}

/** Normal probability density; NaN unless std > 0. */
export function normalDensity(x: number, mean: number, std: number): number {
  if (!(std > 0)) return Number.NaN;
  const z = (x - mean) / std;
  return Math.exp(-0.5 * z * z) / (std * Math.sqrt(2 * Math.PI));
}

/** Default number of points of {@link gaussianCurveForHistogram} when no x are given. */
export const DEFAULT_CURVE_POINTS = 101;

/**
 * The fitted density scaled to the histogram's counts, y = total · binWidth · density(x), so that it
 * overlays the bars (each bar's height ≈ the curve near its center). Evaluated at `xs`, or by default
 * at {@link DEFAULT_CURVE_POINTS} evenly spaced points across the histogram's edges.
 * Every y is NaN when the fit's std is undefined or 0; an empty histogram gives no points.
 */
export function gaussianCurveForHistogram(fit: GaussianFit, bins: Histogram, xs?: ArrayLike<number>): Point[] {
  const scale = bins.total * bins.binWidth;
  const at = xs ?? evenlySpaced(bins.edges[0], bins.edges[bins.edges.length - 1], DEFAULT_CURVE_POINTS);
  return Array.from(at, (x) => ({ x, y: scale * normalDensity(x, fit.mean, fit.std) }));
}

function evenlySpaced(from: number | undefined, to: number | undefined, count: number): number[] {
  if (from === undefined || to === undefined) return [];
  return Array.from({ length: count }, (_, i) => (i === count - 1 ? to : from + ((to - from) * i) / (count - 1)));
}

/** A histogram, the Gaussian fitted to the same values, and that Gaussian as an overlay curve. */
export interface HistogramWithGaussian {
  readonly histogram: Histogram;
  readonly fit: GaussianFit;
  readonly curve: Point[];
}

export interface HistogramWithGaussianOptions extends HistogramOptions {
  /** Where to evaluate the curve; default {@link DEFAULT_CURVE_POINTS} points across the bins. */
  readonly curveX?: ArrayLike<number>;
}

/**
 * One call for a "histogram of seeds with a Gaussian fit" chart. The fit uses every finite value,
 * including any that a `range` option leaves outside the bins.
 */
export function histogramWithGaussian(
  values: ArrayLike<number>,
  options: HistogramWithGaussianOptions = {},
): HistogramWithGaussian {
  const bins = histogram(values, options);
  const fit = fitGaussian(values);
  return { histogram: bins, fit, curve: gaussianCurveForHistogram(fit, bins, options.curveX) };
}
