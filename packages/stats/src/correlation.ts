import { sampleCorrelation, sampleRankCorrelation } from "simple-statistics";
import { isConstant, keepFinitePairs } from "./finite";

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
