import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { pearsonCorrelation, pearsonInterval } from "./correlation";
import { effectSize } from "./effect-size";
import { mannWhitney } from "./mann-whitney";
import { noncentralTCdf } from "./noncentral-t";
import { normalCdf, normalQuantile, normalSf } from "./normal";
import { adjustPValues } from "./p-adjust";
import { minimumDetectableDifference, seedsNeeded, twoSampleTPower } from "./power";
import { interquartileMean, robustOutliers } from "./robust";
import { shapiroWilk } from "./shapiro-wilk";

// Golden values from scipy, written by packages/stats/scripts/golden.py (see its header to regenerate).
type Num = number | "NaN" | "Infinity" | "-Infinity";
const num = (v: Num): number => (typeof v === "number" ? v : Number(v));
const golden = JSON.parse(readFileSync(new URL("./golden.json", import.meta.url), "utf8")) as {
  samples: Record<string, number[]>;
  normal: { z: number; cdf: Num; sf: Num }[];
  normal_quantile: { p: number; z: Num }[];
  effect_size: { a: string; b: string; d: Num; g: Num; j: Num; pooledStd: Num; df: number }[];
  mann_whitney: { a: string; b: string; u: number; p: number }[];
  p_adjust: { p: Num[]; holm: Num[]; bh: Num[] }[];
  noncentral_t: { t: number; df: number; ncp: number; cdf: number }[];
  power: { delta: number; std: number; n: number; power: number }[];
  seeds_needed: { delta: number; std: number; perArm: number; power: number }[];
  minimum_detectable: { n: number; std: number; delta: number }[];
  robust: { sample: string; iqm: Num; median: Num; robustStd: Num }[];
  shapiro: { name: string; x: number[]; w: number; p: number }[];
  pearson_interval: { x: number[]; y: number[]; r: number; lower: number; upper: number }[];
};
const S = golden.samples;

/** |actual − expected| ≤ tol · max(1, |expected|), NaN only where expected is NaN. */
function close(actual: number, expected: Num, tol: number, what: string) {
  const e = num(expected);
  if (Number.isNaN(e)) return expect(actual, what).toBeNaN();
  expect(Math.abs(actual - e), `${what}: ${actual} vs scipy ${e}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(e)));
}
/** Relative closeness, for values that matter in the tail (tiny p-values). */
function relClose(actual: number, expected: number, tol: number, what: string) {
  expect(Math.abs(actual - expected), `${what}: ${actual} vs scipy ${expected}`).toBeLessThanOrEqual(
    tol * Math.abs(expected),
  );
}

describe("comparison statistics against scipy", () => {
  it("normal cdf, tail and quantile", () => {
    for (const g of golden.normal) {
      // Far tails lose ~|z|²·ε relative precision in e^{−z²/2} (the rounding of z²): 1e-12 covers |z| ≤ 37.
      relClose(normalCdf(g.z), num(g.cdf), 1e-12, `Φ(${g.z})`);
      relClose(normalSf(g.z), num(g.sf), 1e-12, `1 − Φ(${g.z})`);
    }
    for (const g of golden.normal_quantile) close(normalQuantile(g.p), g.z, 1e-13, `Φ⁻¹(${g.p})`);
  });

  it("Cohen's d and Hedges' g", () => {
    for (const g of golden.effect_size) {
      const e = effectSize(S[g.a]!, S[g.b]!);
      close(e.pooledStd, g.pooledStd, 1e-13, `pooled std ${g.a}/${g.b}`);
      close(e.cohensD, g.d, 1e-12, `d ${g.a}/${g.b}`);
      close(e.hedgesG, g.g, 1e-12, `g ${g.a}/${g.b}`);
      close(e.correction, g.j, 1e-13, `J ${g.a}/${g.b}`);
      expect(e.df).toBe(g.df);
    }
  });

  it("Mann–Whitney U and p, exact and asymptotic, with ties", () => {
    for (const g of golden.mann_whitney) {
      const r = mannWhitney(S[g.a]!, S[g.b]!);
      expect(r.u, `U ${g.a}/${g.b}`).toBe(g.u);
      relClose(r.pValue, g.p, 1e-12, `p ${g.a}/${g.b} (${r.method})`);
      expect(r.probability).toBe(g.u / (S[g.a]!.length * S[g.b]!.length));
    }
  });

  it("Holm and Benjamini–Hochberg adjusted p-values, NaN kept out of m", () => {
    for (const g of golden.p_adjust) {
      const ps = g.p.map(num);
      adjustPValues(ps, "holm").forEach((v, i) => close(v, g.holm[i]!, 1e-15, `holm[${i}]`));
      adjustPValues(ps, "bh").forEach((v, i) => close(v, g.bh[i]!, 1e-15, `bh[${i}]`));
    }
  });

  it("noncentral t CDF", () => {
    for (const g of golden.noncentral_t)
      close(noncentralTCdf(g.t, g.df, g.ncp), g.cdf, 1e-11, `nct(${g.t}; ${g.df}, ${g.ncp})`);
  });

  it("power, seeds needed per arm and the smallest detectable difference", () => {
    for (const g of golden.power)
      close(twoSampleTPower(g.delta, g.std, g.n), g.power, 1e-11, `power Δ=${g.delta} σ=${g.std} n=${g.n}`);
    for (const g of golden.seeds_needed) {
      const r = seedsNeeded(g.delta, g.std);
      expect(r.perArm, `seeds for Δ=${g.delta} σ=${g.std}`).toBe(g.perArm);
      close(r.power, g.power, 1e-11, "power reached");
    }
    for (const g of golden.minimum_detectable)
      close(minimumDetectableDifference(g.n, g.std), g.delta, 1e-9, `MDD n=${g.n}`);
  });

  it("IQM, median and robust std", () => {
    for (const g of golden.robust) {
      close(interquartileMean(S[g.sample]!), g.iqm, 1e-14, `IQM ${g.sample}`);
      const r = robustOutliers(S[g.sample]!);
      close(r.median, g.median, 1e-15, `median ${g.sample}`);
      close(r.robustStd, g.robustStd, 1e-14, `robust std ${g.sample}`);
    }
  });

  it("Shapiro–Wilk W and p", () => {
    for (const g of golden.shapiro) {
      const r = shapiroWilk(g.x);
      close(r.w, g.w, 1e-8, `W ${g.name}`);
      relClose(r.pValue, g.p, 1e-6, `p ${g.name}`);
    }
  });

  it("Fisher-z interval of Pearson's r", () => {
    for (const g of golden.pearson_interval) {
      const c = pearsonCorrelation(g.x, g.y);
      close(c.r, g.r, 1e-13, "r");
      const ci = pearsonInterval(c);
      close(ci.lower, g.lower, 1e-12, "lower");
      close(ci.upper, g.upper, 1e-12, "upper");
    }
  });
});
