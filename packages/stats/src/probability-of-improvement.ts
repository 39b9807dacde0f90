import { SeededRandom } from "@seedscope/core";
import { percentileInterval, resamplingSettings } from "./bootstrap";
import type { ConfidenceInterval } from "./confidence";
import { keepFinite } from "./finite";
import { mannWhitney, rank, type MannWhitney } from "./mann-whitney";

export interface ProbabilityOfImprovementOptions {
  /** Seed of the resampling stream, recorded in the result; default 0. */
  readonly seed?: number;
  /** Number of bootstrap resamples; default 10,000. */
  readonly resamples?: number;
  /** Coverage of the interval; default 0.95. */
  readonly level?: number;
}

/**
 * P(A > B): the probability that a seed of A beats a seed of B (ties ½), i.e. the Mann–Whitney U of A
 * over nA·nB, with a percentile-bootstrap interval (both groups resampled at their own sizes from a
 * seeded stream) and the Mann–Whitney p-value of P = ½.
 *
 * Edge cases: with fewer than two values in a group the interval is NaN (no spread to resample).
 */
export interface ProbabilityOfImprovement {
  readonly estimate: number;
  readonly interval: ConfidenceInterval;
  readonly resamples: number;
  readonly seed: number;
  readonly test: MannWhitney;
}

const STREAM = "stats/probability-of-improvement";

function resample(values: readonly number[], random: SeededRandom): number[] {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[random.int(values.length)]!;
  return out;
}

export function probabilityOfImprovement(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  options: ProbabilityOfImprovementOptions = {},
): ProbabilityOfImprovement {
  const { level, resamples, seed } = resamplingSettings(options);
  const test = mannWhitney(a, b);
  const x = keepFinite(a).values;
  const y = keepFinite(b).values;
  const base = { estimate: test.probability, resamples, seed, test };
  if (x.length < 2 || y.length < 2) return { ...base, interval: { level, lower: Number.NaN, upper: Number.NaN } };
  const random = SeededRandom.fromSeed(seed, STREAM);
  const pairs = x.length * y.length;
  const draws = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    const ra = resample(x, random);
    draws[r] = (rank(ra, resample(y, random)).rankSumA - (ra.length * (ra.length + 1)) / 2) / pairs;
  }
  return { ...base, interval: percentileInterval(draws, level) };
}
