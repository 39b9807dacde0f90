import { summarize, welchTTest, type SampleSummary } from "@seedscope/stats";
import { splitValues, type FinishedRun } from "./finished-runs";
import { SPLITS, type Split } from "./scope";

/** Conventional level at which the tables call a difference significant. */
export const SIGNIFICANCE_LEVEL = 0.05;

export type SplitSummaries = Readonly<Record<Split, SampleSummary>>;

export function splitSummaries(runs: readonly FinishedRun[]): SplitSummaries {
  return { val: summarize(splitValues(runs, "val")), v2: summarize(splitValues(runs, "v2")) };
}

export interface SplitComparison {
  /** mean(a) − mean(b). */
  readonly difference: number;
  readonly pValue: number;
  readonly significant: boolean;
}

/**
 * Welch tests of two groups on each split, and whether the splits tell different stories: they rank
 * the two groups in opposite order, or one split finds the difference significant and the other not.
 */
export interface PairComparison {
  readonly val: SplitComparison;
  readonly v2: SplitComparison;
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
  const [val, v2] = SPLITS.map((split): SplitComparison => {
    const test = welchTTest(splitValues(a, split), splitValues(b, split));
    return { difference: test.meanDifference, pValue: test.pValue, significant: test.pValue < SIGNIFICANCE_LEVEL };
  }) as [SplitComparison, SplitComparison];
  const testable = Number.isFinite(val.pValue) && Number.isFinite(v2.pValue);
  const fewest = Math.min(...[a, b].flatMap((runs) => SPLITS.map((split) => splitValues(runs, split).filter(Number.isFinite).length)));
  return {
    val,
    v2,
    testable,
    untestableReason: testable ? null : fewest < 2 ? `n = ${fewest} in one cell` : "no spread in either cell",
    orderFlips: testable && Math.sign(val.difference) * Math.sign(v2.difference) < 0,
    significanceDiffers: testable && val.significant !== v2.significant,
  };
}
