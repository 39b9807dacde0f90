import { quantileSorted } from "simple-statistics";
import { keepFinite } from "./finite";

/**
 * How the number of bins is chosen when it is not given:
 * - "sturges": ⌈log2 n⌉ + 1, suited to small, roughly normal samples;
 * - "freedman-diaconis": bin width 2·IQR·n^(-1/3), robust to outliers, needs IQR > 0;
 * - "auto" (default): whichever of the two gives more bins (Freedman–Diaconis counts as 0 bins
 *   when IQR = 0). This is NumPy's "auto" rule: Sturges for small samples such as 100 seeds,
 *   Freedman–Diaconis for large ones.
 */
export type BinRule = "auto" | "sturges" | "freedman-diaconis";

export interface HistogramOptions {
  /** A positive integer bin count, or a rule (default "auto"). */
  readonly bins?: number | BinRule;
  /** [lo, hi] range of the bins (default: min and max of the data); values outside are not counted. */
  readonly range?: readonly [number, number];
  /** Most bins a rule may pick, so that one far outlier cannot produce thousands of bins; default 200. */
  readonly maxRuleBins?: number;
}

/**
 * Equal-width bins. Bin i covers [edges[i], edges[i + 1]); the last bin also includes its right edge.
 *
 * Edge cases: non-finite values are dropped and counted in `nonFiniteCount`; no finite value gives
 * no bins (`edges` and `counts` empty, `binWidth` NaN); when all values are equal, a rule picks one
 * bin, and without a `range` the bins span [v - 0.5, v + 0.5].
 */
export interface Histogram {
  /** counts.length + 1 increasing edges. */
  readonly edges: number[];
  readonly counts: number[];
  readonly binWidth: number;
  /** Number of values counted in a bin (sum of counts). */
  readonly total: number;
  readonly nonFiniteCount: number;
  /** Finite values left out because they fall outside `range`. */
  readonly outOfRangeCount: number;
}

const DEFAULT_MAX_RULE_BINS = 200;

function sturgesBins(n: number): number {
  return Math.ceil(Math.log2(n)) + 1;
}

function freedmanDiaconisBins(sorted: readonly number[], span: number): number {
  const iqr = quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
  if (!(iqr > 0)) return 0;
  const width = 2 * iqr * Math.cbrt(1 / sorted.length);
  return Math.ceil(span / width);
}

function binCount(bins: number | BinRule, sorted: readonly number[], span: number, maxRuleBins: number): number {
  if (typeof bins === "number") {
    if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be a positive integer, got ${bins}`);
    return bins;
  }
  // A rule measures spread; with fewer than two distinct values there is none to measure.
  if (sorted.length === 0 || sorted[0] === sorted[sorted.length - 1]) return 1;
  return Math.max(1, Math.min(ruleBins(bins, sorted, span), maxRuleBins));
}

function ruleBins(rule: BinRule, sorted: readonly number[], span: number): number {
  const n = sorted.length;
  switch (rule) {
    case "sturges":
      return sturgesBins(n);
    case "freedman-diaconis":
      return freedmanDiaconisBins(sorted, span) || sturgesBins(n);
    case "auto":
      return Math.max(sturgesBins(n), freedmanDiaconisBins(sorted, span));
  }
}

/** Bins a sample into equal-width bins; see {@link Histogram} for the conventions and edge cases. */
export function histogram(values: ArrayLike<number>, options: HistogramOptions = {}): Histogram {
  const { values: finite, nonFiniteCount } = keepFinite(values);
  const maxRuleBins = options.maxRuleBins ?? DEFAULT_MAX_RULE_BINS;
  if (!Number.isInteger(maxRuleBins) || maxRuleBins < 1) {
    throw new RangeError(`maxRuleBins must be a positive integer, got ${maxRuleBins}`);
  }

  let lo: number;
  let hi: number;
  if (options.range) {
    [lo, hi] = options.range;
    if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) {
      throw new RangeError(`histogram range must be finite with lo < hi, got [${lo}, ${hi}]`);
    }
  } else {
    if (finite.length === 0) {
      return { edges: [], counts: [], binWidth: Number.NaN, total: 0, nonFiniteCount, outOfRangeCount: 0 };
    }
    lo = finite.reduce((a, b) => Math.min(a, b));
    hi = finite.reduce((a, b) => Math.max(a, b));
    if (lo === hi) {
      lo -= 0.5;
      hi += 0.5;
    }
  }

  const inRange = finite.filter((v) => v >= lo && v <= hi).sort((a, b) => a - b);
  const k = binCount(options.bins ?? "auto", inRange, hi - lo, maxRuleBins);
  const edges = Array.from({ length: k + 1 }, (_, i) => (i === k ? hi : lo + ((hi - lo) * i) / k));
  const counts = new Array<number>(k).fill(0);
  for (const v of inRange) {
    let i = Math.min(k - 1, Math.floor(((v - lo) / (hi - lo)) * k));
    // The division can land one bin off near an edge; the edges themselves decide.
    if (i > 0 && v < edges[i]!) i--;
    else if (i < k - 1 && v >= edges[i + 1]!) i++;
    counts[i] = counts[i]! + 1;
  }
  return {
    edges,
    counts,
    binWidth: (hi - lo) / k,
    total: inRange.length,
    nonFiniteCount,
    outOfRangeCount: finite.length - inRange.length,
  };
}
