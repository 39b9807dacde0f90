import { mean as kahanMean, medianSorted, sampleStandardDeviation } from "simple-statistics";
import type { ConfidenceInterval } from "./confidence";
import { DEFAULT_CONFIDENCE_LEVEL, checkConfidenceLevel, studentTInterval } from "./confidence";
import { isConstant, keepFinite } from "./finite";

/**
 * Descriptive statistics of one sample.
 *
 * Edge cases (NaN means "undefined", never "missing"):
 * - non-finite inputs (NaN, ±Infinity) are dropped and counted in `nonFiniteCount`;
 * - no finite value: n = 0 and every statistic is NaN;
 * - one value: mean = min = max = median = that value; `std` and the interval bounds are NaN;
 * - identical values: std is exactly 0 and the interval is [mean, mean].
 */
export interface SampleSummary {
  /** Number of finite values used. */
  readonly n: number;
  readonly nonFiniteCount: number;
  readonly mean: number;
  /** Sample standard deviation (divisor n - 1). */
  readonly std: number;
  readonly min: number;
  readonly max: number;
  /** Middle value, or the mean of the two middle values when n is even. */
  readonly median: number;
  /** Student-t interval of the mean: mean ± t((1 + level) / 2, n - 1) · std / √n. */
  readonly meanInterval: ConfidenceInterval;
}

export interface SummaryOptions {
  /** Coverage of {@link SampleSummary.meanInterval}, default 0.95. */
  readonly level?: number;
}

/** Summarizes a sample; see {@link SampleSummary} for the edge-case policy. */
export function summarize(values: ArrayLike<number>, options: SummaryOptions = {}): SampleSummary {
  const level = checkConfidenceLevel(options.level ?? DEFAULT_CONFIDENCE_LEVEL);
  const { values: finite, nonFiniteCount } = keepFinite(values);
  const n = finite.length;
  if (n === 0) {
    const nan = Number.NaN;
    const meanInterval = { level, lower: nan, upper: nan };
    return { n, nonFiniteCount, mean: nan, std: nan, min: nan, max: nan, median: nan, meanInterval };
  }
  const sorted = finite.slice().sort((a, b) => a - b);
  // A constant sample gets an exact mean and std 0 rather than rounding noise from the sums.
  const constant = isConstant(sorted);
  const mean = constant ? sorted[0]! : kahanMean(sorted);
  const std = n < 2 ? Number.NaN : constant ? 0 : sampleStandardDeviation(sorted);
  return {
    n,
    nonFiniteCount,
    mean,
    std,
    min: sorted[0]!,
    max: sorted[n - 1]!,
    median: medianSorted(sorted),
    meanInterval: studentTInterval(mean, std / Math.sqrt(n), n - 1, level),
  };
}

/** Values keyed by seed: a Map, or a plain object whose keys are the seeds. */
export type SeedValues = ReadonlyMap<number, number> | Readonly<Record<number, number>>;

export interface SeedSummaryOptions extends SummaryOptions {
  /** The seed every other experiment uses, compared with the spread of the study; default 0. */
  readonly referenceSeed?: number;
  /**
   * Hold the reference seed out of the statistics it is compared with (default true, as the thesis'
   * §6.3.4 study does: seeds 1–100 against seed 0); false counts it in, which pulls the mean toward it by 1/n.
   */
  readonly excludeReference?: boolean;
}

/**
 * A {@link SampleSummary} of a seed study plus where the reference seed and the extremes fall.
 * `null` means "that seed is not in the input"; a seed that is present with a non-finite value has
 * `referenceValue` NaN (it is still excluded from the statistics, per the NaN policy).
 */
export interface SeedSummary extends SampleSummary {
  readonly referenceSeed: number;
  /** Whether the statistics (n, mean, std, extremes) leave the reference seed out. */
  readonly referenceExcluded: boolean;
  readonly referenceValue: number | null;
  /** referenceValue - mean (e.g. +0.13 when seed 0 is lucky), null when the reference is absent. */
  readonly referenceDelta: number | null;
  /** Seed holding the smallest finite value (smallest seed on ties), null when there is none. */
  readonly seedOfMin: number | null;
  /** Seed holding the largest finite value (smallest seed on ties), null when there is none. */
  readonly seedOfMax: number | null;
}

function isSeedMap(bySeed: SeedValues): bySeed is ReadonlyMap<number, number> {
  return bySeed instanceof Map;
}

function seedEntries(bySeed: SeedValues): Array<[number, number]> {
  const entries: Array<[number, number]> = isSeedMap(bySeed)
    ? [...bySeed.entries()]
    : Object.entries(bySeed).map(([key, value]): [number, number] => [Number(key), value]);
  for (const [seed] of entries) {
    if (!Number.isInteger(seed)) throw new RangeError(`seeds must be integers, got ${seed}`);
  }
  return entries.sort((a, b) => a[0] - b[0]);
}

/** Summarizes one metric over the seeds of a study; see {@link SeedSummary}. */
export function summarizeSeeds(bySeed: SeedValues, options: SeedSummaryOptions = {}): SeedSummary {
  const referenceSeed = options.referenceSeed ?? 0;
  const excludeReference = options.excludeReference ?? true;
  const entries = seedEntries(bySeed);
  const studied = excludeReference ? entries.filter(([seed]) => seed !== referenceSeed) : entries;
  const summary = summarize(
    studied.map(([, value]) => value),
    options,
  );
  let seedOfMin: number | null = null;
  let seedOfMax: number | null = null;
  const referenceValue: number | null = entries.find(([seed]) => seed === referenceSeed)?.[1] ?? null;
  for (const [seed, value] of studied) {
    if (!Number.isFinite(value)) continue;
    if (value === summary.min && seedOfMin === null) seedOfMin = seed;
    if (value === summary.max && seedOfMax === null) seedOfMax = seed;
  }
  return {
    ...summary,
    referenceSeed,
    referenceExcluded: excludeReference,
    referenceValue,
    referenceDelta: referenceValue === null ? null : referenceValue - summary.mean,
    seedOfMin,
    seedOfMax,
  };
}
