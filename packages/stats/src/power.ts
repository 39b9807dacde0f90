import { noncentralTCdf } from "./noncentral-t";
import { studentTQuantile } from "./student-t";

/**
 * Power of the two-sided two-sample t-test with n seeds per arm: P(|T| > t_crit) where T is noncentral t
 * with df = 2n − 2 and noncentrality Δ / (σ √(2/n)).
 */
export function twoSampleTPower(delta: number, std: number, nPerArm: number, alpha = 0.05): number {
  if (!(nPerArm >= 2) || !(std > 0) || !Number.isFinite(delta)) return Number.NaN;
  const df = 2 * nPerArm - 2;
  const critical = studentTQuantile(1 - alpha / 2, df);
  const ncp = Math.abs(delta) / (std * Math.sqrt(2 / nPerArm));
  return 1 - noncentralTCdf(critical, df, ncp) + noncentralTCdf(-critical, df, ncp);
}

export interface SeedsNeeded {
  /** The smallest n per arm whose power reaches the target; NaN when Δ is 0 or σ undefined; Infinity past `maxPerArm`. */
  readonly perArm: number;
  /** The power that n reaches. */
  readonly power: number;
  readonly delta: number;
  readonly std: number;
  readonly alpha: number;
  readonly targetPower: number;
}

export interface PowerOptions {
  readonly alpha?: number;
  readonly power?: number;
  /** Largest n per arm searched; default 100,000. */
  readonly maxPerArm?: number;
}

/** Seeds per arm needed to detect a true difference Δ at the given α and power (defaults 0.05 and 0.8). */
export function seedsNeeded(delta: number, std: number, options: PowerOptions = {}): SeedsNeeded {
  const alpha = options.alpha ?? 0.05;
  const targetPower = options.power ?? 0.8;
  const maxPerArm = options.maxPerArm ?? 100_000;
  const base = { delta, std, alpha, targetPower };
  if (!(std > 0) || !Number.isFinite(delta) || delta === 0) return { ...base, perArm: Number.NaN, power: Number.NaN };
  const reaches = (n: number) => twoSampleTPower(delta, std, n, alpha) >= targetPower;
  // Power grows with n: double to bracket, then bisect.
  let high = 2;
  while (!reaches(high)) {
    if (high >= maxPerArm)
      return { ...base, perArm: Number.POSITIVE_INFINITY, power: twoSampleTPower(delta, std, maxPerArm, alpha) };
    high = Math.min(maxPerArm, high * 2);
  }
  let low = Math.max(2, Math.floor(high / 2));
  if (reaches(low)) return { ...base, perArm: low, power: twoSampleTPower(delta, std, low, alpha) };
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (reaches(mid)) high = mid;
    else low = mid;
  }
  return { ...base, perArm: high, power: twoSampleTPower(delta, std, high, alpha) };
}

/** The smallest true difference that n seeds per arm detect with the given power (bisection on Δ/σ). */
export function minimumDetectableDifference(
  nPerArm: number,
  std: number,
  options: Omit<PowerOptions, "maxPerArm"> = {},
): number {
  const alpha = options.alpha ?? 0.05;
  const targetPower = options.power ?? 0.8;
  if (!(nPerArm >= 2) || !(std > 0)) return Number.NaN;
  let low = 0;
  let high = 1;
  while (twoSampleTPower(high * std, std, nPerArm, alpha) < targetPower) high *= 2;
  for (let i = 0; i < 200 && high - low > 1e-13 * high; i++) {
    const mid = (low + high) / 2;
    if (twoSampleTPower(mid * std, std, nPerArm, alpha) >= targetPower) high = mid;
    else low = mid;
  }
  return high * std;
}
