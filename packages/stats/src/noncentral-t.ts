import { gammaln } from "simple-statistics";
import { normalCdf } from "./normal";
import { regularizedIncompleteBeta } from "./student-t";

/**
 * P(T ≤ t) for the noncentral t distribution with df degrees of freedom and noncentrality ncp, by the
 * Poisson-weighted series of incomplete beta functions (Lenth 1989, AS 243): for t ≥ 0,
 *   F(t) = Φ(−δ) + ½ Σⱼ [pⱼ I_x(j + ½, ν/2) + qⱼ I_x(j + 1, ν/2)],  x = t² / (t² + ν),
 * with pⱼ = e^{−δ²/2} (δ²/2)ʲ / j! and qⱼ = δ e^{−δ²/2} (δ²/2)ʲ / (√2 Γ(j + 3/2)); for t < 0,
 * F(t; ν, δ) = 1 − F(−t; ν, −δ). The sum runs outward from the Poisson mode until the weights vanish.
 */
export function noncentralTCdf(t: number, df: number, ncp: number): number {
  if (Number.isNaN(t) || !(df > 0) || !Number.isFinite(ncp)) return Number.NaN;
  if (t === Number.POSITIVE_INFINITY) return 1;
  if (t === Number.NEGATIVE_INFINITY) return 0;
  if (t < 0) return 1 - noncentralTCdf(-t, df, -ncp);
  const lambda = (ncp * ncp) / 2;
  const x = (t * t) / (t * t + df);
  let sum = 0;
  if (x > 0 && lambda > 0) {
    const mode = Math.floor(lambda);
    const term = (j: number): number => {
      const logPoisson = -lambda + j * Math.log(lambda) - gammaln(j + 1);
      const p = Math.exp(logPoisson);
      const q =
        Math.sign(ncp) *
        Math.exp(-lambda + j * Math.log(lambda) + Math.log(Math.abs(ncp)) - 0.5 * Math.LN2 - gammaln(j + 1.5));
      return p * regularizedIncompleteBeta(x, j + 0.5, df / 2) + q * regularizedIncompleteBeta(x, j + 1, df / 2);
    };
    const weight = (j: number) => Math.exp(-lambda + j * Math.log(lambda) - gammaln(j + 1));
    for (let j = mode; j >= 0; j--) {
      sum += term(j);
      if (weight(j) < 1e-18 && j < mode) break;
    }
    for (let j = mode + 1; j < mode + 100_000; j++) {
      sum += term(j);
      if (weight(j) < 1e-18) break;
    }
  } else if (x > 0) {
    // δ = 0: only the j = 0 term of p survives.
    sum = regularizedIncompleteBeta(x, 0.5, df / 2);
  }
  return Math.min(1, Math.max(0, normalCdf(-ncp) + 0.5 * sum));
}
