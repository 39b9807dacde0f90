import { gammaln } from "simple-statistics";
import type { GroupMoments } from "./group";
import { groupMoments, withoutValues } from "./group";

/**
 * Standardized difference of two groups' means: (mean(a) − mean(b)) / pooled std.
 *
 * Edge cases: non-finite values are dropped per group. With fewer than three values in all (pooled df
 * < 1) or a pooled std of 0, d and g are NaN (undefined), except that equal means with zero spread give 0.
 */
export interface EffectSize {
  /** Cohen's d: the difference over the pooled standard deviation (divisor nA + nB − 2). */
  readonly cohensD: number;
  /** Hedges' g: d times the exact small-sample correction J(df) = Γ(df/2) / (√(df/2) Γ((df−1)/2)). */
  readonly hedgesG: number;
  /** J(df), the factor that makes g an unbiased estimate of the population effect. */
  readonly correction: number;
  readonly pooledStd: number;
  /** nA + nB − 2. */
  readonly df: number;
  readonly a: GroupMoments;
  readonly b: GroupMoments;
}

/** The exact bias correction of Hedges' g; tends to 1 − 3/(4·df − 1) for large df. */
export function hedgesCorrection(df: number): number {
  if (!(df > 1)) return Number.NaN;
  return Math.exp(gammaln(df / 2) - gammaln((df - 1) / 2) - 0.5 * Math.log(df / 2));
}

export function effectSize(a: ArrayLike<number>, b: ArrayLike<number>): EffectSize {
  const groupA = withoutValues(groupMoments(a));
  const groupB = withoutValues(groupMoments(b));
  const df = groupA.n + groupB.n - 2;
  // A group of one value has no variance of its own but still adds its deviation to the pooled sum.
  const sumSquares = (g: GroupMoments) => (g.n < 2 ? 0 : (g.n - 1) * g.variance);
  const pooledStd = df >= 1 ? Math.sqrt((sumSquares(groupA) + sumSquares(groupB)) / df) : Number.NaN;
  const difference = groupA.mean - groupB.mean;
  const cohensD = pooledStd === 0 ? (difference === 0 ? 0 : Number.NaN) : difference / pooledStd;
  const correction = hedgesCorrection(df);
  const hedgesG = cohensD === 0 ? 0 : cohensD * correction;
  return { cohensD, hedgesG, correction, pooledStd, df, a: groupA, b: groupB };
}
