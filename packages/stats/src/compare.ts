import type { EffectSize } from "./effect-size";
import { effectSize } from "./effect-size";
import type { ProbabilityOfImprovement } from "./probability-of-improvement";
import { probabilityOfImprovement } from "./probability-of-improvement";
import { minimumDetectableDifference, seedsNeeded, type SeedsNeeded } from "./power";
import { interquartileMean, robustOutliers, type RobustOutliers } from "./robust";
import { shapiroWilk, type ShapiroWilk } from "./shapiro-wilk";
import type { SampleSummary } from "./summary";
import { summarize } from "./summary";
import type { WelchTTest } from "./welch";
import { welchTTest } from "./welch";

/** Everything the comparison of two groups of seeds reports for one split (e.g. val or v2). */
export interface GroupComparison {
  readonly a: GroupDescription;
  readonly b: GroupDescription;
  /** Welch's test: mean(a) − mean(b), its interval, t, df and p. */
  readonly welch: WelchTTest;
  readonly effect: EffectSize;
  readonly probability: ProbabilityOfImprovement;
  /** Seeds per arm to detect the observed difference, and the user's Δ where given, at α and power. */
  readonly seedsForObserved: SeedsNeeded;
  readonly seedsForTarget: SeedsNeeded | null;
  /** The smallest true difference detectable with min(nA, nB) seeds per arm. */
  readonly minimumDetectable: number;
  readonly alpha: number;
}

export interface GroupDescription {
  readonly summary: SampleSummary;
  readonly iqm: number;
  readonly normality: ShapiroWilk;
  readonly outliers: RobustOutliers;
}

export interface CompareOptions {
  /** Bootstrap seed of P(A > B)'s interval (recorded); default 0. */
  readonly seed?: number;
  /** Bootstrap resamples; default 10,000. */
  readonly resamples?: number;
  /** Significance level of the tests and the power analysis; default 0.05. */
  readonly alpha?: number;
  /** Target power of the seed-count analysis; default 0.8. */
  readonly power?: number;
  /** A difference the user wants to be able to detect, in the metric's unit. */
  readonly targetDelta?: number;
}

export function describeGroup(values: ArrayLike<number>): GroupDescription {
  return {
    summary: summarize(values),
    iqm: interquartileMean(values),
    normality: shapiroWilk(values),
    outliers: robustOutliers(values),
  };
}

export function compareGroups(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  options: CompareOptions = {},
): GroupComparison {
  const alpha = options.alpha ?? 0.05;
  const power = { alpha, power: options.power ?? 0.8 };
  const welch = welchTTest(a, b, { level: 1 - alpha });
  const effect = effectSize(a, b);
  const probability = probabilityOfImprovement(a, b, {
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.resamples === undefined ? {} : { resamples: options.resamples }),
  });
  const perArm = Math.min(welch.a.n, welch.b.n);
  return {
    a: describeGroup(a),
    b: describeGroup(b),
    welch,
    effect,
    probability,
    seedsForObserved: seedsNeeded(welch.meanDifference, effect.pooledStd, power),
    seedsForTarget:
      options.targetDelta === undefined ? null : seedsNeeded(options.targetDelta, effect.pooledStd, power),
    minimumDetectable: minimumDetectableDifference(perArm, effect.pooledStd, power),
    alpha,
  };
}

const p = (value: number) =>
  !Number.isFinite(value) ? "p undefined" : value < 0.001 ? "p < 0.001" : `p = ${value.toFixed(3)}`;
const g = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : "undefined");

/**
 * One plain-language sentence per split, e.g. "A beats B on val (Δ = +0.42, p = 0.004, g = 1.31,
 * P(A > B) = 0.86); on v2 the difference is not significant (p = 0.41, g = 0.35)."
 */
export function verdict(
  labelA: string,
  labelB: string,
  splits: readonly { split: string; comparison: GroupComparison }[],
): string {
  const parts = splits.map(({ split, comparison: c }) => {
    const { welch: w } = c;
    if (!Number.isFinite(w.pValue)) {
      return `on ${split} nothing can be tested (${Math.min(w.a.n, w.b.n) < 2 ? "a group has fewer than 2 seeds" : "no spread in either group"})`;
    }
    const stats = `Δ = ${w.meanDifference >= 0 ? "+" : ""}${w.meanDifference.toFixed(2)}, ${p(w.pValue)}, g = ${g(c.effect.hedgesG)}, P(A > B) = ${c.probability.estimate.toFixed(2)}`;
    if (w.pValue < c.alpha)
      return `${w.meanDifference > 0 ? `${labelA} beats ${labelB}` : `${labelB} beats ${labelA}`} on ${split} (${stats})`;
    return `on ${split} the difference is not significant (${stats}; ${Number.isFinite(c.seedsForObserved.perArm) ? `${c.seedsForObserved.perArm} seeds per arm would detect a difference this size` : "no difference to detect"})`;
  });
  const sentence = parts.join("; ");
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
}

/** A sentence describing the methods, to paste into a paper. */
export function methodsSentence(
  splits: readonly { split: string; comparison: GroupComparison }[],
  correction?: string,
): string {
  const first = splits[0]?.comparison;
  if (!first) return "";
  const sizes = `n_A = ${first.welch.a.n} and n_B = ${first.welch.b.n} seeds`;
  const { probability: poi } = first;
  return (
    `Final top-1 of ${sizes} compared per split (${splits.map((s) => s.split).join(", ")}) with two-sided Welch t-tests ` +
    `(α = ${first.alpha}); ${(1 - first.alpha) * 100} % Welch intervals of the difference of means; effect size Hedges' g ` +
    `(exact small-sample correction); P(A > B) = U / (n_A n_B) from the Mann–Whitney U statistic (ties ½) with a ` +
    `${poi.interval.level * 100} % percentile-bootstrap interval (${poi.resamples.toLocaleString("en-US")} resamples, seed ${poi.seed}); ` +
    `seeds needed from the pooled standard deviation at power 0.8 (noncentral t)` +
    `${correction ? `; p-values adjusted by ${correction}` : "; p-values not adjusted for multiple comparisons"}.`
  );
}
