import { SeededRandom } from "@seedscope/core";
import { quantileSorted } from "simple-statistics";
import type { ConfidenceInterval } from "./confidence";
import { DEFAULT_CONFIDENCE_LEVEL, checkConfidenceLevel } from "./confidence";
import type { GroupMoments } from "./group";
import { groupMoments, withoutValues } from "./group";

export interface BootstrapOptions {
  /** Seed of the resampling stream; the same seed and inputs give the same interval. Default 0. */
  readonly seed?: number;
  /** Name of the {@link SeededRandom} stream forked from `seed`; default "stats/bootstrap". */
  readonly stream?: string;
  /** Number of resamples, a positive integer; default 10,000. */
  readonly resamples?: number;
  /** Coverage of the interval, default 0.95. */
  readonly level?: number;
}

/**
 * Percentile-bootstrap interval of mean(a) - mean(b): both groups are resampled with replacement at
 * their own sizes, and the bounds are the (1 ∓ level)/2 quantiles (linear interpolation, R type 7)
 * of the resampled differences.
 *
 * Edge cases: non-finite values are dropped per group and counted. A group with fewer than two
 * finite values has no spread to resample, so the bounds are NaN (the estimate is still given when
 * both groups are non-empty). Two groups of identical values give the zero-width interval
 * [estimate, estimate].
 */
export interface BootstrapDifference {
  /** mean(a) - mean(b) of the original samples. */
  readonly estimate: number;
  readonly interval: ConfidenceInterval;
  readonly resamples: number;
  readonly seed: number;
  readonly a: GroupMoments;
  readonly b: GroupMoments;
}

const DEFAULT_RESAMPLES = 10_000;
const DEFAULT_STREAM = "stats/bootstrap";

function resampledMean(values: readonly number[], random: SeededRandom): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[random.int(values.length)]!;
  return sum / values.length;
}

export function bootstrapMeanDifference(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  options: BootstrapOptions = {},
): BootstrapDifference {
  const { level, resamples, seed } = resamplingSettings(options);
  const groupA = groupMoments(a);
  const groupB = groupMoments(b);
  const estimate = groupA.mean - groupB.mean;
  const summary = { estimate, resamples, seed, a: withoutValues(groupA), b: withoutValues(groupB) };

  if (groupA.n < 2 || groupB.n < 2) {
    return { ...summary, interval: { level, lower: Number.NaN, upper: Number.NaN } };
  }
  if (groupA.variance === 0 && groupB.variance === 0) {
    return { ...summary, interval: { level, lower: estimate, upper: estimate } };
  }

  const random = SeededRandom.fromSeed(seed, options.stream ?? DEFAULT_STREAM);
  const differences = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    differences[r] = resampledMean(groupA.values, random) - resampledMean(groupB.values, random);
  }
  return { ...summary, interval: percentileInterval(differences, level) };
}

/** The checked level, resample count and seed of a bootstrap (defaults 0.95, 10,000, 0). */
export function resamplingSettings(options: { level?: number; resamples?: number; seed?: number }): {
  level: number;
  resamples: number;
  seed: number;
} {
  const level = checkConfidenceLevel(options.level ?? DEFAULT_CONFIDENCE_LEVEL);
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  if (!Number.isInteger(resamples) || resamples < 1)
    throw new RangeError(`resamples must be a positive integer, got ${resamples}`);
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  return { level, resamples, seed };
}

/** The (1 ∓ level)/2 quantiles (R type 7) of the resampled statistics; sorts `draws` in place. */
export function percentileInterval(draws: Float64Array, level: number): ConfidenceInterval {
  draws.sort();
  const sorted = Array.from(draws);
  return { level, lower: quantileSorted(sorted, (1 - level) / 2), upper: quantileSorted(sorted, (1 + level) / 2) };
}
