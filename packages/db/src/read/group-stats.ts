import {
  adjustPValues,
  effectSize,
  P_ADJUST_METHODS,
  summarize,
  welchTTest,
  type PAdjustMethod,
  type SampleSummary,
} from "@seedscope/stats";
import { splitValues, type FinishedRun } from "./finished-runs";
import { EVAL_SPLITS, type EvalSplit } from "@seedscope/core";

/** Conventional level at which the tables call a difference significant. */
export const SIGNIFICANCE_LEVEL = 0.05;

export type SplitSummaries = Readonly<Record<EvalSplit, SampleSummary>>;

export function splitSummaries(runs: readonly FinishedRun[]): SplitSummaries {
  return { val: summarize(splitValues(runs, "val")), v2: summarize(splitValues(runs, "v2")) };
}

export interface SplitTest {
  /** mean(a) − mean(b). */
  readonly difference: number;
  /** Welch's t and its degrees of freedom. */
  readonly t: number;
  readonly df: number;
  /** Welch's two-sided p of this pair alone. */
  readonly pValue: number;
  /** p corrected for every pair the view tests together (see {@link withAdjustedPValues}); = pValue alone. */
  readonly adjustedP: number;
  /** Hedges' g: the difference in pooled standard deviations, bias-corrected. */
  readonly hedgesG: number;
  /** adjustedP < {@link SIGNIFICANCE_LEVEL}. */
  readonly significant: boolean;
}

/**
 * Welch tests of two groups on each split, and whether the splits tell different stories: they rank
 * the two groups in opposite order, or one split finds the difference significant and the other not.
 */
export interface PairComparison {
  readonly val: SplitTest;
  readonly v2: SplitTest;
  /**
   * Whether Welch's test is defined on both splits: each side needs two seeds (n = 1 has no variance).
   * When false, no verdict is drawn and orderFlips / significanceDiffers are false.
   */
  readonly testable: boolean;
  /** Why not, in a few words ("n = 1 in one cell"); null when testable. */
  readonly untestableReason: string | null;
  readonly orderFlips: boolean;
  readonly significanceDiffers: boolean;
}

export function comparePair(a: readonly FinishedRun[], b: readonly FinishedRun[]): PairComparison {
  const [val, v2] = EVAL_SPLITS.map((split): SplitTest => {
    const [x, y] = [splitValues(a, split), splitValues(b, split)];
    const test = welchTTest(x, y);
    return {
      difference: test.meanDifference,
      t: test.t,
      df: test.df,
      pValue: test.pValue,
      adjustedP: test.pValue,
      hedgesG: effectSize(x, y).hedgesG,
      significant: test.pValue < SIGNIFICANCE_LEVEL,
    };
  }) as [SplitTest, SplitTest];
  const testable = Number.isFinite(val.pValue) && Number.isFinite(v2.pValue);
  const fewest = Math.min(
    ...[a, b].flatMap((runs) => EVAL_SPLITS.map((split) => splitValues(runs, split).filter(Number.isFinite).length)),
  );
  return {
    val,
    v2,
    testable,
    untestableReason: testable ? null : fewest < 2 ? `n = ${fewest} in one cell` : "no spread in either cell",
    orderFlips: testable && Math.sign(val.difference) * Math.sign(v2.difference) < 0,
    significanceDiffers: testable && val.significant !== v2.significant,
  };
}

/** How a view corrected its p-values, to say beside its table. */
export interface Correction {
  readonly method: PAdjustMethod;
  readonly description: string;
  /** Number of tests per split the correction counted (untestable pairs excluded). */
  readonly tests: number;
}

/**
 * The pairs of one view with their p-values adjusted per split across all of them (Holm by default,
 * Benjamini–Hochberg as an option); "significant" and the val/v2 disagreement then follow the adjusted value.
 */
export function withAdjustedPValues<T extends { comparison: PairComparison }>(
  pairs: readonly T[],
  method: PAdjustMethod = "holm",
): { pairs: T[]; correction: Correction } {
  const adjusted = Object.fromEntries(
    EVAL_SPLITS.map((split) => [
      split,
      adjustPValues(
        pairs.map((p) => p.comparison[split].pValue),
        method,
      ),
    ]),
  ) as Record<EvalSplit, number[]>;
  const out = pairs.map((pair, i) => {
    const [val, v2] = EVAL_SPLITS.map((split) => {
      const c = pair.comparison[split];
      const adjustedP = adjusted[split][i]!;
      return { ...c, adjustedP, significant: adjustedP < SIGNIFICANCE_LEVEL };
    }) as [SplitTest, SplitTest];
    const c = pair.comparison;
    return {
      ...pair,
      comparison: { ...c, val, v2, significanceDiffers: c.testable && val.significant !== v2.significant },
    };
  });
  const tests = pairs.filter((p) => Number.isFinite(p.comparison.val.pValue)).length;
  return { pairs: out, correction: { method, description: P_ADJUST_METHODS[method], tests } };
}
