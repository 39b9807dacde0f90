import { keepFinite } from "./finite";
import { normalSf } from "./normal";

/**
 * The Mann–Whitney U test of two independent groups, two-sided, computed as scipy.stats.mannwhitneyu
 * does by default: the exact null distribution when one group has at most 8 values and there are no
 * ties, otherwise the normal approximation with the tie correction and a continuity correction of ½.
 *
 * Edge cases: non-finite values are dropped per group and counted. An empty group makes U, the
 * probability and p NaN. All values equal (every pair tied) gives U = nA·nB/2 and p = 1.
 */
export interface MannWhitney {
  /** U of group a: the number of pairs (x from a, y from b) with x > y, ties counting ½. */
  readonly u: number;
  /** U / (nA·nB): the probability that a random seed of a beats a random seed of b, ties counting ½. */
  readonly probability: number;
  readonly pValue: number;
  readonly method: "exact" | "asymptotic";
  readonly nA: number;
  readonly nB: number;
  readonly nonFiniteCount: number;
}

export interface Ranked {
  /** Sum of the average ranks of a's values in the pooled sample. */
  readonly rankSumA: number;
  /** Sizes of the groups of tied values (only groups of two or more). */
  readonly ties: number[];
}

export function rank(a: readonly number[], b: readonly number[]): Ranked {
  const pooled = [...a.map((v) => ({ v, fromA: true })), ...b.map((v) => ({ v, fromA: false }))].sort(
    (x, y) => x.v - y.v,
  );
  let rankSumA = 0;
  const ties: number[] = [];
  for (let start = 0; start < pooled.length; ) {
    let end = start + 1;
    while (end < pooled.length && pooled[end]!.v === pooled[start]!.v) end++;
    const averageRank = (start + 1 + end) / 2;
    for (let i = start; i < end; i++) if (pooled[i]!.fromA) rankSumA += averageRank;
    if (end - start > 1) ties.push(end - start);
    start = end;
  }
  return { rankSumA, ties };
}

/** P(U ≥ u) under the null hypothesis without ties, from the exact distribution of U for sizes m, n. */
export function mannWhitneyExactSf(u: number, m: number, n: number): number {
  // prob[i][k]: P(U = k) for sizes (i, j) as j grows: P_{i,j}(k) = i/(i+j)·P_{i−1,j}(k−j) + j/(i+j)·P_{i,j−1}(k).
  const maxU = m * n;
  let previous: Float64Array[] = Array.from({ length: m + 1 }, () => {
    const row = new Float64Array(maxU + 1);
    row[0] = 1; // j = 0: U is 0 for any i
    return row;
  });
  for (let j = 1; j <= n; j++) {
    const current: Float64Array[] = [];
    const zero = new Float64Array(maxU + 1);
    zero[0] = 1; // i = 0: U is 0
    current.push(zero);
    for (let i = 1; i <= m; i++) {
      const row = new Float64Array(maxU + 1);
      const fromLeft = current[i - 1]!;
      const fromAbove = previous[i]!;
      for (let k = 0; k <= i * j; k++) {
        row[k] = (i / (i + j)) * (k >= j ? fromLeft[k - j]! : 0) + (j / (i + j)) * fromAbove[k]!;
      }
      current.push(row);
    }
    previous = current;
  }
  const pmf = previous[m]!;
  // Sum the smaller tail for precision: P(U ≥ u) = 1 − P(U ≤ u − 1).
  let tail = 0;
  if (u > maxU / 2) {
    for (let k = Math.ceil(u); k <= maxU; k++) tail += pmf[k]!;
    return tail;
  }
  for (let k = 0; k < Math.ceil(u); k++) tail += pmf[k]!;
  return 1 - tail;
}

export function mannWhitney(a: ArrayLike<number>, b: ArrayLike<number>): MannWhitney {
  const x = keepFinite(a);
  const y = keepFinite(b);
  const nA = x.values.length;
  const nB = y.values.length;
  const nonFiniteCount = x.nonFiniteCount + y.nonFiniteCount;
  if (nA === 0 || nB === 0) {
    return { u: Number.NaN, probability: Number.NaN, pValue: Number.NaN, method: "asymptotic", nA, nB, nonFiniteCount };
  }
  const { rankSumA, ties } = rank(x.values, y.values);
  const u = rankSumA - (nA * (nA + 1)) / 2;
  const probability = u / (nA * nB);
  const larger = Math.max(u, nA * nB - u);
  const exact = (nA <= 8 || nB <= 8) && ties.length === 0;
  let pValue: number;
  if (exact) {
    pValue = 2 * mannWhitneyExactSf(larger, Math.min(nA, nB), Math.max(nA, nB));
  } else {
    const n = nA + nB;
    const tieTerm = ties.reduce((sum, t) => sum + t ** 3 - t, 0);
    const spread = Math.sqrt(((nA * nB) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
    pValue = spread === 0 ? 1 : 2 * normalSf((larger - (nA * nB) / 2 - 0.5) / spread);
  }
  return {
    u,
    probability,
    pValue: Math.min(1, Math.max(0, pValue)),
    method: exact ? "exact" : "asymptotic",
    nA,
    nB,
    nonFiniteCount,
  };
}
