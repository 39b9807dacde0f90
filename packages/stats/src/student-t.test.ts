import { describe, expect, it } from "vitest";
import {
  regularizedIncompleteBeta,
  studentTCdf,
  studentTDensity,
  studentTQuantile,
  studentTTwoSidedPValue,
} from "./student-t";

describe("regularizedIncompleteBeta", () => {
  // Closed forms: I_x(1, 1) = x, I_x(a, 1) = x^a, I_x(1, b) = 1 - (1 - x)^b, I_{1/2}(a, a) = 1/2.
  it("matches closed forms", () => {
    for (const x of [0.01, 0.2, 0.5, 0.77, 0.999]) {
      expect(regularizedIncompleteBeta(x, 1, 1)).toBeCloseTo(x, 13);
      expect(regularizedIncompleteBeta(x, 3.5, 1)).toBeCloseTo(x ** 3.5, 13);
      expect(regularizedIncompleteBeta(x, 1, 7)).toBeCloseTo(1 - (1 - x) ** 7, 13);
    }
    for (const a of [0.5, 2, 13.25, 400]) expect(regularizedIncompleteBeta(0.5, a, a)).toBeCloseTo(0.5, 12);
  });

  it("is exact at the ends and NaN outside the domain", () => {
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
    expect(regularizedIncompleteBeta(1.5, 2, 3)).toBeNaN();
    expect(regularizedIncompleteBeta(0.5, 0, 3)).toBeNaN();
    expect(regularizedIncompleteBeta(Number.NaN, 2, 3)).toBeNaN();
  });

  it("is symmetric: I_x(a, b) = 1 - I_{1-x}(b, a)", () => {
    const x = 0.3;
    expect(regularizedIncompleteBeta(x, 2.5, 6)).toBeCloseTo(1 - regularizedIncompleteBeta(1 - x, 6, 2.5), 14);
  });
});

describe("Student t distribution", () => {
  it("has the Cauchy CDF for df = 1 and the closed-form CDF for df = 2", () => {
    // df = 1: F(t) = 1/2 + atan(t)/π. df = 2: F(t) = 1/2 + t / (2 sqrt(2 + t²)).
    for (const t of [-30, -2, -0.4, 0, 0.4, 1, 3.3, 250]) {
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 13);
      expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 13);
    }
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 14);
  });

  it("keeps small two-sided p-values precise", () => {
    // df = 2: P(|T| ≥ t) = 1 - t / sqrt(2 + t²), rewritten to avoid cancellation.
    const t = 1e4;
    const exact = 2 / (Math.sqrt(2 + t * t) * (Math.sqrt(2 + t * t) + t));
    expect(studentTTwoSidedPValue(t, 2) / exact).toBeCloseTo(1, 10);
  });

  it("approaches the normal distribution for large df", () => {
    // Φ(1.959963984540054) = 0.975.
    expect(studentTCdf(1.959963984540054, 1e7)).toBeCloseTo(0.975, 6);
  });

  it("reproduces printed t-table quantiles", () => {
    // Two-sided critical values as printed in standard t tables (3 decimals), e.g. NIST/SEMATECH
    // e-Handbook of Statistical Methods, table 1.3.6.7.2.
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228, 3);
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.706, 3);
    expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.042, 3);
    expect(studentTQuantile(0.975, 7)).toBeCloseTo(2.365, 3);
    expect(studentTQuantile(0.995, 5)).toBeCloseTo(4.032, 3);
    expect(studentTQuantile(0.95, 2)).toBeCloseTo(2.92, 3);
    expect(studentTQuantile(0.9995, 1)).toBeCloseTo(636.619, 2);
    expect(studentTQuantile(0.025, 10)).toBeCloseTo(-2.228, 3);
  });

  it("inverts the closed forms for df = 1 and df = 2 precisely", () => {
    for (const p of [0.001, 0.1, 0.3, 0.6, 0.975, 0.9999]) {
      expect(studentTQuantile(p, 1)).toBeCloseTo(Math.tan(Math.PI * (p - 0.5)), 8);
      expect(studentTQuantile(p, 2)).toBeCloseTo((2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 10);
    }
  });

  it("keeps extreme lower-tail quantiles finite and precise", () => {
    // df = 1: the p-quantile is tan(π(p - 1/2)) = -cot(πp) ≈ -1/(πp) for tiny p.
    expect(studentTQuantile(1e-20, 1) / (-1 / (Math.PI * 1e-20))).toBeCloseTo(1, 10);
    // df = 2: the p-quantile is (2p - 1)/√(2p(1 - p)) ≈ -1/√(2p) for tiny p.
    expect(studentTQuantile(1e-18, 2) / (-1 / Math.sqrt(2e-18))).toBeCloseTo(1, 10);
  });

  it("round-trips quantile and CDF for fractional df", () => {
    for (const df of [0.7, 3.4, 17.776, 250.5]) {
      for (const p of [0.01, 0.5, 0.9, 0.995]) expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 12);
    }
  });

  it("has a density that integrates to the CDF", () => {
    // Trapezoid rule from 0 to 2 for df = 5 against F(2) - F(0).
    const df = 5;
    const steps = 2000;
    let area = 0;
    for (let i = 0; i < steps; i++) {
      const a = (2 * i) / steps;
      const b = (2 * (i + 1)) / steps;
      area += ((studentTDensity(a, df) + studentTDensity(b, df)) / 2) * (b - a);
    }
    expect(area).toBeCloseTo(studentTCdf(2, df) - 0.5, 6);
  });

  it("returns NaN or infinities at the edges of its domain", () => {
    expect(studentTQuantile(0, 5)).toBe(Number.NEGATIVE_INFINITY);
    expect(studentTQuantile(1, 5)).toBe(Number.POSITIVE_INFINITY);
    expect(studentTQuantile(0.5, 5)).toBe(0);
    expect(studentTQuantile(1.2, 5)).toBeNaN();
    expect(studentTQuantile(0.9, 0)).toBeNaN();
    expect(studentTCdf(1, Number.NaN)).toBeNaN();
    expect(studentTCdf(1, Number.POSITIVE_INFINITY)).toBeNaN();
    expect(studentTCdf(Number.NaN, 3)).toBeNaN();
    expect(studentTTwoSidedPValue(Number.POSITIVE_INFINITY, 3)).toBe(0);
    expect(studentTCdf(Number.NEGATIVE_INFINITY, 3)).toBe(0);
    expect(studentTCdf(Number.POSITIVE_INFINITY, 3)).toBe(1);
  });
});
