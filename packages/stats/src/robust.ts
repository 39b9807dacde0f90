import { keepFinite } from "./finite";

/**
 * The interquartile mean: the mean of the values left after dropping ⌊n/4⌋ from each end of the sorted
 * sample (scipy.stats.trim_mean(x, 0.25)). Robust to a few outlying seeds, more efficient than the median.
 * NaN for an empty sample; non-finite values are dropped first.
 */
export function interquartileMean(values: ArrayLike<number>): number {
  const sorted = keepFinite(values).values.sort((x, y) => x - y);
  const cut = Math.floor(sorted.length / 4);
  const kept = sorted.slice(cut, sorted.length - cut);
  if (kept.length === 0) return Number.NaN;
  return kept.reduce((sum, v) => sum + v, 0) / kept.length;
}

/** 1 / Φ⁻¹(3/4): scales the median absolute deviation to a standard deviation for normal data. */
export const MAD_TO_STD = 1.482602218505602;

export const MIN_VALUES_FOR_OUTLIERS = 5;

export interface RobustOutliers {
  readonly median: number;
  /** MAD × 1.4826 (scipy.stats.median_abs_deviation(x, scale="normal")). */
  readonly robustStd: number;
  /** Indices (into the input) of the values more than `threshold` robust stds from the median. */
  readonly outliers: number[];
  readonly threshold: number;
}

function median(sorted: readonly number[]): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const mid = Math.floor(n / 2);
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Seeds far from the others: |x − median| > threshold × robust std (default 3). None are flagged when the
 * robust std is 0 or there are fewer than {@link MIN_VALUES_FOR_OUTLIERS} values: the MAD of three or four
 * values is too unstable to call one of them an outlier. Non-finite inputs are never flagged here.
 */
export function robustOutliers(values: ArrayLike<number>, threshold = 3): RobustOutliers {
  const finite = keepFinite(values).values.sort((x, y) => x - y);
  const center = median(finite);
  const robustStd = MAD_TO_STD * median(finite.map((v) => Math.abs(v - center)).sort((x, y) => x - y));
  const outliers: number[] = [];
  if (finite.length >= MIN_VALUES_FOR_OUTLIERS && robustStd > 0) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (Number.isFinite(v) && Math.abs(v - center) > threshold * robustStd) outliers.push(i);
    }
  }
  return { median: center, robustStd, outliers, threshold };
}
