import { mean as kahanMean, sampleVariance } from "simple-statistics";
import { isConstant, keepFinite } from "./finite";

/** What a two-group comparison used of one group, after dropping non-finite values. */
export interface GroupMoments {
  readonly n: number;
  readonly nonFiniteCount: number;
  /** NaN when n = 0. */
  readonly mean: number;
  /** Sample variance (divisor n - 1): NaN when n < 2, exactly 0 for identical values. */
  readonly variance: number;
}

export function groupMoments(values: ArrayLike<number>): GroupMoments & { readonly values: number[] } {
  const { values: finite, nonFiniteCount } = keepFinite(values);
  const n = finite.length;
  const constant = isConstant(finite);
  const mean = n === 0 ? Number.NaN : constant ? finite[0]! : kahanMean(finite);
  const variance = n < 2 ? Number.NaN : constant ? 0 : sampleVariance(finite);
  return { n, nonFiniteCount, mean, variance, values: finite };
}

export function withoutValues(group: GroupMoments): GroupMoments {
  return { n: group.n, nonFiniteCount: group.nonFiniteCount, mean: group.mean, variance: group.variance };
}
