// The standard normal distribution to full double precision: simple-statistics' normal CDF is a
// lookup table (4 digits), too coarse for p-values and for Shapiro–Wilk's coefficients.

const SQRT_PI = Math.sqrt(Math.PI);
const MAX_TERMS = 500;
const EPSILON = 1e-17;

/** erf(x) for 0 ≤ x < 2.5 by the series e^{-x²}·2/√π·Σ 2ⁿx^{2n+1}/(1·3·…·(2n+1)) (no cancellation). */
function erfSeries(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < MAX_TERMS; n++) {
    term *= (2 * x * x) / (2 * n + 1);
    sum += term;
    if (term < EPSILON * sum) break;
  }
  return (2 / SQRT_PI) * Math.exp(-x * x) * sum;
}

/** erfc(x) for x ≥ 2.5 by its continued fraction (modified Lentz), keeping relative precision in the tail. */
function erfcFraction(x: number): number {
  // erfc(x) = e^{-x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …)))))
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < MAX_TERMS; k++) {
    const a = k / 2;
    d = x + a * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = x + a / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = c * d;
    f *= step;
    if (Math.abs(step - 1) < EPSILON) break;
  }
  return Math.exp(-x * x) / (SQRT_PI * f);
}

/** The complementary error function, accurate to a few ulps relative over the whole real line. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 2 - erfc(-x);
  return x < 2.5 ? 1 - erfSeries(x) : erfcFraction(x);
}

/** P(Z ≤ z) for a standard normal Z. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** P(Z > z), without the cancellation of 1 − Φ(z) in the upper tail. */
export function normalSf(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** The p-quantile of the standard normal: Newton's method on {@link normalCdf} from a tail-aware start. */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p > 0.5) return -normalQuantile(1 - p);
  // Start from the tail approximation z ≈ -√(-2 ln p) corrected (Abramowitz & Stegun 26.2.23 form).
  const t = Math.sqrt(-2 * Math.log(p));
  let z = -(
    t -
    (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t)
  );
  for (let i = 0; i < 50; i++) {
    const density = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    // Halley's step on Φ(z) − p converges cubically; the density is never 0 for |z| < 38.
    const error = normalCdf(z) - p;
    const step = error / density;
    const next = z - step / (1 + 0.5 * z * step);
    if (Math.abs(next - z) <= 1e-15 * Math.max(1, Math.abs(z))) return next;
    z = next;
  }
  return z;
}
