import { keepFinite } from "./finite";
import { normalQuantile, normalSf } from "./normal";

/**
 * The Shapiro–Wilk test of normality, by Royston's algorithm (Applied Statistics AS R94, 1995) — the one
 * behind R's shapiro.test and scipy.stats.shapiro — for 3 ≤ n ≤ 5,000.
 *
 * Edge cases: non-finite values are dropped and counted. Fewer than 3 values, or all values equal, give
 * W = NaN and p = NaN with `reason` saying why.
 */
export interface ShapiroWilk {
  readonly w: number;
  readonly pValue: number;
  readonly n: number;
  readonly nonFiniteCount: number;
  readonly reason?: "fewer than 3 values" | "all values equal" | "more than 5000 values";
}

function poly(coefficients: readonly number[], x: number): number {
  let result = 0;
  for (let i = coefficients.length - 1; i >= 0; i--) result = result * x + coefficients[i]!;
  return result;
}

const C1 = [0, 0.221157, -0.147981, -2.07119, 4.434685, -2.706056];
const C2 = [0, 0.042981, -0.293762, -1.752461, 5.682633, -3.582633];
const C3 = [0.544, -0.39978, 0.025054, -6.714e-4];
const C4 = [1.3822, -0.77857, 0.062767, -0.0020322];
const C5 = [-1.5861, -0.31082, -0.083751, 0.0038915];
const C6 = [-0.4803, -0.082676, 0.0030302];
const G = [-2.273, 0.459];

/** Royston's approximation of the Shapiro–Wilk coefficients a₁ … a_{n/2} (the rest are their negatives). */
function coefficients(n: number): number[] {
  const half = Math.floor(n / 2);
  if (n === 3) return [Math.SQRT1_2];
  const m = Array.from({ length: half }, (_, i) => normalQuantile((i + 1 - 0.375) / (n + 0.25)));
  const sumSquares = 2 * m.reduce((s, v) => s + v * v, 0);
  const norm = Math.sqrt(sumSquares);
  const rsn = 1 / Math.sqrt(n);
  const a1 = poly(C1, rsn) - m[0]! / norm;
  const a = new Array<number>(half);
  let first: number;
  let factor: number;
  if (n > 5) {
    const a2 = -m[1]! / norm + poly(C2, rsn);
    factor = Math.sqrt((sumSquares - 2 * m[0]! ** 2 - 2 * m[1]! ** 2) / (1 - 2 * a1 ** 2 - 2 * a2 ** 2));
    a[1] = a2;
    first = 2;
  } else {
    factor = Math.sqrt((sumSquares - 2 * m[0]! ** 2) / (1 - 2 * a1 ** 2));
    first = 1;
  }
  a[0] = a1;
  for (let i = first; i < half; i++) a[i] = -m[i]! / factor;
  return a;
}

export function shapiroWilk(values: ArrayLike<number>): ShapiroWilk {
  const { values: finite, nonFiniteCount } = keepFinite(values);
  const n = finite.length;
  const undefinedResult = (reason: NonNullable<ShapiroWilk["reason"]>): ShapiroWilk => ({
    w: Number.NaN,
    pValue: Number.NaN,
    n,
    nonFiniteCount,
    reason,
  });
  if (n < 3) return undefinedResult("fewer than 3 values");
  if (n > 5000) return undefinedResult("more than 5000 values");
  const x = finite.sort((p, q) => p - q);
  const range = x[n - 1]! - x[0]!;
  if (!(range > 0)) return undefinedResult("all values equal");
  const a = coefficients(n);
  // The antisymmetric coefficient of the i-th order statistic: −a_i in the lower half, +a in the upper.
  const coefficientAt = (i: number) => {
    const j = n - 1 - i;
    return i === j ? 0 : i < j ? -a[i]! : a[j]!;
  };
  // W is the squared correlation of the order statistics with the coefficients; 1 − W is formed
  // directly, as Royston does, so that W near 1 keeps its precision.
  let meanA = 0;
  let meanX = 0;
  for (let i = 0; i < n; i++) {
    meanA += coefficientAt(i);
    meanX += x[i]! / range;
  }
  meanA /= n;
  meanX /= n;
  let ssa = 0;
  let ssx = 0;
  let sax = 0;
  for (let i = 0; i < n; i++) {
    const da = coefficientAt(i) - meanA;
    const dx = x[i]! / range - meanX;
    ssa += da * da;
    ssx += dx * dx;
    sax += da * dx;
  }
  const root = Math.sqrt(ssa * ssx);
  const w1 = ((root - sax) * (root + sax)) / (ssa * ssx);
  const w = 1 - w1;
  if (n === 3) {
    // Exact for n = 3: p = (6/π)(asin √W − π/3).
    return { w, pValue: Math.max(0, (6 / Math.PI) * (Math.asin(Math.sqrt(w)) - Math.PI / 3)), n, nonFiniteCount };
  }
  let y = Math.log(w1);
  let mean: number;
  let spread: number;
  if (n <= 11) {
    const gamma = poly(G, n);
    if (y >= gamma) return { w, pValue: 1e-99, n, nonFiniteCount };
    y = -Math.log(gamma - y);
    mean = poly(C3, n);
    spread = Math.exp(poly(C4, n));
  } else {
    const logN = Math.log(n);
    mean = poly(C5, logN);
    spread = Math.exp(poly(C6, logN));
  }
  return { w, pValue: normalSf((y - mean) / spread), n, nonFiniteCount };
}
