import { sampleCorrelation, sampleRankCorrelation } from "simple-statistics";
import type { ConfidenceInterval } from "./confidence";
import { DEFAULT_CONFIDENCE_LEVEL, checkConfidenceLevel } from "./confidence";
import { isConstant, keepFinitePairs } from "./finite";
import { normalQuantile } from "./normal";

/**
 * A correlation coefficient in [-1, 1].
 *
 * Edge cases: pairs with a non-finite member are dropped and counted in `nonFiniteCount`; `r` is
 * NaN (undefined) when fewer than two pairs remain or when either variable is constant.
 */
export interface Correlation {
  readonly r: number;
  /** Number of pairs used. */
  readonly n: number;
  readonly nonFiniteCount: number;
}

function correlate(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  coefficient: (x: number[], y: number[]) => number,
): Correlation {
  const pairs = keepFinitePairs(x, y);
  const n = pairs.x.length;
  const undefinedR = n < 2 || isConstant(pairs.x) || isConstant(pairs.y);
  // Rounding can push a perfect correlation a hair past ±1.
  const r = undefinedR ? Number.NaN : Math.max(-1, Math.min(1, coefficient(pairs.x, pairs.y)));
  return { r, n, nonFiniteCount: pairs.nonFiniteCount };
}

/**
 * Pearson's product-moment correlation of paired samples (e.g. val vs v2 accuracy per seed).
 * @throws RangeError when x and y differ in length.
 */
export function pearsonCorrelation(x: ArrayLike<number>, y: ArrayLike<number>): Correlation {
  return correlate(x, y, sampleCorrelation);
}

/**
 * Spearman's rank correlation: Pearson's r of the ranks, tied values sharing the average of their ranks.
 * @throws RangeError when x and y differ in length.
 */
export function spearmanCorrelation(x: ArrayLike<number>, y: ArrayLike<number>): Correlation {
  return correlate(x, y, sampleRankCorrelation);
}

/**
 * Fisher-z interval of a Pearson correlation: tanh(atanh(r) ± z₍₁₊level₎/₂ / √(n − 3)), as
 * scipy.stats.pearsonr(...).confidence_interval() gives it. NaN bounds when n ≤ 3 or r is undefined.
 */
export function pearsonInterval(correlation: Correlation, level = DEFAULT_CONFIDENCE_LEVEL): ConfidenceInterval {
  checkConfidenceLevel(level);
  const { r, n } = correlation;
  if (!(n > 3) || !Number.isFinite(r)) return { level, lower: Number.NaN, upper: Number.NaN };
  if (Math.abs(r) === 1) return { level, lower: r, upper: r };
  const z = Math.atanh(r);
  const half = normalQuantile((1 + level) / 2) / Math.sqrt(n - 3);
  return { level, lower: Math.tanh(z - half), upper: Math.tanh(z + half) };
}
