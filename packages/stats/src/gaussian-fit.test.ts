import { SeededRandom } from "@seedscope/core";
import { describe, expect, it } from "vitest";
import { fitGaussian, gaussianCurveForHistogram, histogramWithGaussian, normalDensity } from "./gaussian-fit";
import { histogram } from "./histogram";

describe("normalDensity", () => {
  it("matches the standard normal table", () => {
    // φ(0) = 1/√(2π) = 0.398942, φ(1) = 0.241971, φ(2) = 0.053991.
    expect(normalDensity(0, 0, 1)).toBeCloseTo(0.398942, 6);
    expect(normalDensity(1, 0, 1)).toBeCloseTo(0.241971, 6);
    expect(normalDensity(-2, 0, 1)).toBeCloseTo(0.053991, 6);
    // Scaling: N(79.72, 0.1) at its mean is φ(0)/0.1.
    expect(normalDensity(79.72, 79.72, 0.1)).toBeCloseTo(3.98942, 5);
  });

  it("is undefined (NaN) without a positive std", () => {
    expect(normalDensity(0, 0, 0)).toBeNaN();
    expect(normalDensity(0, 0, Number.NaN)).toBeNaN();
  });
});

describe("Gaussian fit over a histogram", () => {
  it("fits the sample mean and the n - 1 std", () => {
    const fit = fitGaussian([2, 4, 4, 4, 5, 5, 7, 9, Number.NaN]);
    expect(fit.mean).toBe(5);
    expect(fit.std).toBeCloseTo(Math.sqrt(32 / 7), 14);
    expect(fit.n).toBe(8);
    expect(fit.nonFiniteCount).toBe(1);
  });

  it("scales the curve to counts: total · binWidth · density", () => {
    // 8 values in 7 unit bins over [2, 9]; at the mean the curve is 8 · 1 / (√(32/7) · √(2π)) = 1.49271.
    const values = [2, 4, 4, 4, 5, 5, 7, 9];
    const bins = histogram(values, { bins: 7 });
    const [atMean] = gaussianCurveForHistogram(fitGaussian(values), bins, [5]);
    expect(atMean!.x).toBe(5);
    expect(atMean!.y).toBeCloseTo(1.49271, 5);
  });

  it("overlays the bars of a large normal sample", () => {
    const random = SeededRandom.fromSeed(1, "gaussian-fit-test");
    const values = Array.from({ length: 20_000 }, () => 79.72 + 0.1 * random.normal());
    const { histogram: bins, fit, curve } = histogramWithGaussian(values);
    expect(fit.mean).toBeCloseTo(79.72, 2);
    expect(Math.abs(fit.std - 0.1)).toBeLessThan(0.003);
    const centres = bins.counts.map((_, i) => (bins.edges[i]! + bins.edges[i + 1]!) / 2);
    const expected = gaussianCurveForHistogram(fit, bins, centres);
    bins.counts.forEach((count, i) => {
      const e = expected[i]!.y;
      // Within 5 Poisson standard deviations, plus the curvature of the density across a bin.
      expect(Math.abs(count - e)).toBeLessThan(5 * Math.sqrt(e) + 0.02 * e + 2);
    });
    // The area under the curve equals the area of the bars, total · binWidth.
    const wide = Array.from({ length: 4001 }, (_, i) => 79.72 - 1 + i * 0.0005);
    const overlay = gaussianCurveForHistogram(fit, bins, wide);
    let area = 0;
    for (let i = 1; i < overlay.length; i++) area += ((overlay[i]!.y + overlay[i - 1]!.y) / 2) * 0.0005;
    expect(area / (bins.total * bins.binWidth)).toBeCloseTo(1, 6);
    expect(curve).toHaveLength(101);
    expect(curve[0]!.x).toBe(bins.edges[0]);
    expect(curve[100]!.x).toBe(bins.edges[bins.edges.length - 1]);
  });

  it("gives NaN curves for undefined fits and no points for empty input", () => {
    expect(histogramWithGaussian([3]).curve.every((p) => Number.isNaN(p.y))).toBe(true);
    expect(histogramWithGaussian([3, 3, 3]).curve.every((p) => Number.isNaN(p.y))).toBe(true);
    expect(histogramWithGaussian([]).curve).toEqual([]);
  });

  it("fits every finite value even outside the histogram range", () => {
    const result = histogramWithGaussian([0, 1, 2, 100], { bins: 2, range: [0, 2], curveX: [1] });
    expect(result.fit.n).toBe(4);
    expect(result.fit.mean).toBe(25.75);
    expect(result.histogram.total).toBe(3);
    expect(result.curve).toHaveLength(1);
  });
});
