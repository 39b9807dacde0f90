/**
 * The missing-value policy shared by every function of this package: a value is usable when
 * `Number.isFinite` holds. NaN and ±Infinity (a diverged run, a metric never logged) are dropped
 * before computing and reported as `nonFiniteCount`, so callers can show how many seeds were left out.
 */

/** Finite values of a sample, and how many were dropped. */
export interface FiniteSample {
  readonly values: number[];
  readonly nonFiniteCount: number;
}

/** Paired samples with every pair that has a non-finite member removed. */
export interface FinitePairs {
  readonly x: number[];
  readonly y: number[];
  /** Number of pairs dropped (a pair counts once even when both members are non-finite). */
  readonly nonFiniteCount: number;
}

export function keepFinite(values: ArrayLike<number>): FiniteSample {
  const kept: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) kept.push(v);
  }
  return { values: kept, nonFiniteCount: values.length - kept.length };
}

/** @throws RangeError when `x` and `y` differ in length. */
export function keepFinitePairs(x: ArrayLike<number>, y: ArrayLike<number>): FinitePairs {
  if (x.length !== y.length) {
    throw new RangeError(`paired samples need equal lengths, got ${x.length} and ${y.length}`);
  }
  const keptX: number[] = [];
  const keptY: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    const yi = y[i]!;
    if (Number.isFinite(xi) && Number.isFinite(yi)) {
      keptX.push(xi);
      keptY.push(yi);
    }
  }
  return { x: keptX, y: keptY, nonFiniteCount: x.length - keptX.length };
}

/** True when all values are equal (vacuously true for an empty array). */
export function isConstant(values: readonly number[]): boolean {
  for (let i = 1; i < values.length; i++) if (values[i] !== values[0]) return false;
  return true;
}
