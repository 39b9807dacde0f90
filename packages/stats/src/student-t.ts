import { gammaln } from "simple-statistics";

// simple-statistics has no Student-t distribution, so the CDF is built here on the regularized
// incomplete beta function, evaluated by its continued fraction (modified Lentz algorithm).

const RELATIVE_TOLERANCE = 1e-15;
const MAX_FRACTION_TERMS = 20_000;
const TINY = 1e-300;

function logBeta(a: number, b: number): number {
  return gammaln(a) + gammaln(b) - gammaln(a + b);
}

/** The continued fraction of I_x(a, b), valid (fast) for x < (a + 1) / (a + b + 2). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  // Evaluates 1 + d1 / (1 + d2 / (1 + ...)) with the odd and even coefficients of the expansion.
  let c = 1;
  let d = 0;
  let value = 1;
  for (let j = 1; j <= MAX_FRACTION_TERMS; j++) {
    const m = Math.floor(j / 2);
    const coefficient =
      j % 2 === 1
        ? (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1))
        : (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
    d = 1 + coefficient * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + coefficient / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = c * d;
    value *= step;
    if (Math.abs(step - 1) < RELATIVE_TOLERANCE) break;
  }
  return value;
}

/**
 * I_x(a, b) where the caller also supplies `complement` = 1 - x, so that values of x very close
 * to 1 (large Student-t df) keep their precision.
 */
function incompleteBeta(x: number, complement: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (complement <= 0) return 1;
  const logFront = a * Math.log(x) + b * Math.log(complement) - logBeta(a, b);
  if (x < (a + 1) / (a + b + 2)) {
    return Math.exp(logFront) / (a * betaContinuedFraction(x, a, b));
  }
  return 1 - Math.exp(logFront) / (b * betaContinuedFraction(complement, b, a));
}

/**
 * Regularized incomplete beta function I_x(a, b) for 0 ≤ x ≤ 1, a > 0, b > 0.
 * Returns NaN for arguments outside that domain.
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (!(x >= 0 && x <= 1 && a > 0 && b > 0)) return Number.NaN;
  return incompleteBeta(x, 1 - x, a, b);
}

/** Degrees of freedom must be positive and finite (the normal limit df = ∞ is not provided). */
function checkDf(df: number): boolean {
  return df > 0 && Number.isFinite(df);
}

/**
 * P(|T| ≥ |t|) for Student's t with `df` degrees of freedom (df > 0, need not be an integer,
 * as with Welch's df). Computed directly, not as 1 - CDF, so tiny p-values keep their precision.
 * NaN when t is NaN or df is not a positive finite number.
 */
export function studentTTwoSidedPValue(t: number, df: number): number {
  if (Number.isNaN(t) || !checkDf(df)) return Number.NaN;
  if (!Number.isFinite(t)) return 0;
  const t2 = t * t;
  return incompleteBeta(df / (df + t2), t2 / (df + t2), df / 2, 0.5);
}

/**
 * P(T ≤ t) for Student's t with `df` degrees of freedom.
 * NaN when t is NaN or df is not a positive finite number.
 */
export function studentTCdf(t: number, df: number): number {
  const tail = studentTTwoSidedPValue(t, df) / 2;
  return t < 0 ? tail : 1 - tail;
}

/** Density of Student's t with `df` degrees of freedom at t. */
export function studentTDensity(t: number, df: number): number {
  if (Number.isNaN(t) || !checkDf(df)) return Number.NaN;
  const logDensity =
    gammaln((df + 1) / 2) - gammaln(df / 2) - 0.5 * Math.log(df * Math.PI) - ((df + 1) / 2) * Math.log1p((t * t) / df);
  return Math.exp(logDensity);
}

/** The t > 0 with P(T ≥ t) = upperTail, for 0 < upperTail < 1/2, by bracketed Newton iteration. */
function upperTailQuantile(upperTail: number, df: number): number {
  const excess = (t: number) => studentTTwoSidedPValue(t, df) / 2 - upperTail; // decreasing in t
  let lo = 0;
  let hi = 1;
  while (excess(hi) > 0) {
    lo = hi;
    hi *= 2;
    if (!Number.isFinite(hi)) return Number.POSITIVE_INFINITY;
  }
  let t = (lo + hi) / 2;
  for (let iteration = 0; iteration < 200; iteration++) {
    const e = excess(t);
    if (e === 0) return t;
    if (e > 0) lo = t;
    else hi = t;
    let next = t + e / studentTDensity(t, df);
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - t) <= 1e-15 * Math.max(1, Math.abs(t))) return next;
    t = next;
  }
  return t;
}

/**
 * The p-quantile of Student's t: the t with P(T ≤ t) = p, e.g. studentTQuantile(0.975, 10) ≈ 2.228.
 * Returns -Infinity / Infinity for p = 0 / 1 and NaN for p outside [0, 1] or df not a positive finite number.
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p >= 0 && p <= 1) || !checkDf(df)) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p === 0.5) return 0;
  // Solve from the smaller tail: for a tiny p, 1 - p would round to 1 and lose p entirely.
  return p < 0.5 ? -upperTailQuantile(p, df) : upperTailQuantile(1 - p, df);
}
