import type { ConfidenceInterval } from "./confidence";
import { DEFAULT_CONFIDENCE_LEVEL, checkConfidenceLevel, studentTInterval } from "./confidence";
import type { GroupMoments } from "./group";
import { groupMoments, withoutValues } from "./group";
import { studentTTwoSidedPValue } from "./student-t";

// simple-statistics' tTestTwoSample pools the variances (Student's test); Welch's test does not,
// which is what two recipes with different seed spreads need, so it is written here.

/**
 * Welch's unequal-variance t-test of mean(a) = mean(b), two-sided.
 *
 * Edge cases: non-finite values are dropped per group (see `a.nonFiniteCount`, `b.nonFiniteCount`).
 * A group with fewer than two finite values makes t, df, p and the interval NaN. When both groups
 * have zero variance the standard error is 0: if the means differ, t = ±Infinity and p = 0; if
 * they are equal, t and p are NaN; df is NaN (0/0) and the interval is [difference, difference]
 * in both cases. Zero variance in only one group is fine: df is then the other group's n - 1.
 */
export interface WelchTTest {
  /** (mean(a) - mean(b)) / standardError. */
  readonly t: number;
  /** Welch–Satterthwaite degrees of freedom (not an integer in general). */
  readonly df: number;
  /** Two-sided p-value P(|T_df| ≥ |t|). */
  readonly pValue: number;
  /** mean(a) - mean(b). */
  readonly meanDifference: number;
  /** √(var(a)/n(a) + var(b)/n(b)). */
  readonly standardError: number;
  /** Welch interval of mean(a) - mean(b): difference ± t((1 + level)/2, df) · standardError. */
  readonly differenceInterval: ConfidenceInterval;
  readonly a: GroupMoments;
  readonly b: GroupMoments;
}

export interface WelchOptions {
  /** Coverage of {@link WelchTTest.differenceInterval}, default 0.95. */
  readonly level?: number;
}

export function welchTTest(a: ArrayLike<number>, b: ArrayLike<number>, options: WelchOptions = {}): WelchTTest {
  const level = checkConfidenceLevel(options.level ?? DEFAULT_CONFIDENCE_LEVEL);
  const groupA = withoutValues(groupMoments(a));
  const groupB = withoutValues(groupMoments(b));
  const shareA = groupA.variance / groupA.n;
  const shareB = groupB.variance / groupB.n;
  const meanDifference = groupA.mean - groupB.mean;
  const shareSum = shareA + shareB;
  const standardError = Math.sqrt(shareSum);
  // Welch–Satterthwaite with each share divided by their sum first: squaring the raw shares would
  // underflow (or overflow) for metrics on a very small (or large) scale.
  const weightA = shareA / shareSum;
  const weightB = shareB / shareSum;
  const df = 1 / (weightA ** 2 / (groupA.n - 1) + weightB ** 2 / (groupB.n - 1));

  let t: number;
  let pValue: number;
  if (standardError === 0) {
    t = meanDifference === 0 ? Number.NaN : Math.sign(meanDifference) * Number.POSITIVE_INFINITY;
    pValue = meanDifference === 0 ? Number.NaN : 0;
  } else {
    t = meanDifference / standardError;
    pValue = studentTTwoSidedPValue(t, df);
  }
  return {
    t,
    df,
    pValue,
    meanDifference,
    standardError,
    differenceInterval: studentTInterval(meanDifference, standardError, df, level),
    a: groupA,
    b: groupB,
  };
}
