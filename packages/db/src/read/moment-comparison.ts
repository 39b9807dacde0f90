import { EVAL_SPLITS, type EvalSplit } from "@seedscope/core";
import { hedgesCorrection, studentTTwoSidedPValue } from "@seedscope/stats";
import type { SplitMoments } from "./group-moments";
import { SIGNIFICANCE_LEVEL, type PairComparison, type SplitTest } from "./group-stats";

/**
 * Welch's t-test and Hedges' g of two groups from their moments alone (n, mean, sample variance): the
 * same formulas, edge cases included, as `welchTTest` and `effectSize` of `@seedscope/stats` apply to the
 * values, so a view can test groups aggregated in the database.
 */
export function splitTestOfMoments(a: SplitMoments, b: SplitMoments): SplitTest {
  const shareA = a.variance / a.n;
  const shareB = b.variance / b.n;
  const difference = a.mean - b.mean;
  const shareSum = shareA + shareB;
  const standardError = Math.sqrt(shareSum);
  const weightA = shareA / shareSum;
  const weightB = shareB / shareSum;
  const df = 1 / (weightA ** 2 / (a.n - 1) + weightB ** 2 / (b.n - 1));
  let t: number;
  let pValue: number;
  if (standardError === 0) {
    t = difference === 0 ? Number.NaN : Math.sign(difference) * Number.POSITIVE_INFINITY;
    pValue = difference === 0 ? Number.NaN : 0;
  } else {
    t = difference / standardError;
    pValue = studentTTwoSidedPValue(t, df);
  }
  return {
    difference,
    t,
    df,
    pValue,
    adjustedP: pValue,
    hedgesG: hedgesG(a, b),
    significant: pValue < SIGNIFICANCE_LEVEL,
  };
}

function hedgesG(a: SplitMoments, b: SplitMoments): number {
  const df = a.n + b.n - 2;
  // A group of one value has no variance of its own but still adds its deviation to the pooled sum.
  const sumSquares = (g: SplitMoments) => (g.n < 2 ? 0 : (g.n - 1) * g.variance);
  const pooledStd = df >= 1 ? Math.sqrt((sumSquares(a) + sumSquares(b)) / df) : Number.NaN;
  const difference = a.mean - b.mean;
  const cohensD = pooledStd === 0 ? (difference === 0 ? 0 : Number.NaN) : difference / pooledStd;
  return cohensD === 0 ? 0 : cohensD * hedgesCorrection(df);
}

/** {@link comparePair} of two groups given by their moments per split. */
export function comparePairOfMoments(
  a: Readonly<Record<EvalSplit, SplitMoments>>,
  b: Readonly<Record<EvalSplit, SplitMoments>>,
): PairComparison {
  const val = splitTestOfMoments(a.val, b.val);
  const v2 = splitTestOfMoments(a.v2, b.v2);
  const testable = Number.isFinite(val.pValue) && Number.isFinite(v2.pValue);
  const fewest = Math.min(...[a, b].flatMap((g) => EVAL_SPLITS.map((split) => g[split].n)));
  return {
    val,
    v2,
    testable,
    untestableReason: testable ? null : fewest < 2 ? `n = ${fewest} in one cell` : "no spread in either cell",
    orderFlips: testable && Math.sign(val.difference) * Math.sign(v2.difference) < 0,
    significanceDiffers: testable && val.significant !== v2.significant,
  };
}
