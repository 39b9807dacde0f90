import { describe, expect, it } from "vitest";
import { pearsonCorrelation, spearmanCorrelation } from "./correlation";
import { anscombe } from "./anscombe.fixture";

describe("pearsonCorrelation", () => {
  it("gives r = 0.816 on all four of Anscombe's datasets", () => {
    // Anscombe (1973), "Graphs in Statistical Analysis", The American Statistician 27(1): every set
    // has correlation 0.816 as published (set 4 is 0.8165 more precisely, hence a 0.001 tolerance).
    for (const set of anscombe) expect(Math.abs(pearsonCorrelation(set.x, set.y).r - 0.816)).toBeLessThan(0.001);
  });

  it("matches a hand-worked example", () => {
    // x = 1, 2, 3, 4; y = 2, 1, 4, 3: deviations (-1.5, -0.5, 0.5, 1.5) and (-0.5, -1.5, 1.5, 0.5),
    // cross products 0.75 + 0.75 + 0.75 + 0.75 = 3, squares 5 and 5 → r = 3/5 = 0.6.
    expect(pearsonCorrelation([1, 2, 3, 4], [2, 1, 4, 3]).r).toBeCloseTo(0.6, 14);
  });

  it("is ±1 for exact lines, never beyond", () => {
    const x = Array.from({ length: 50 }, (_, i) => 0.1 * i);
    const up = pearsonCorrelation(
      x,
      x.map((v) => 3 * v + 0.7),
    ).r;
    const down = pearsonCorrelation(
      x,
      x.map((v) => -0.2 * v),
    ).r;
    expect(up).toBeCloseTo(1, 14);
    expect(up).toBeLessThanOrEqual(1);
    expect(down).toBeCloseTo(-1, 14);
    expect(down).toBeGreaterThanOrEqual(-1);
  });

  it("is undefined (NaN) for a constant variable or fewer than two pairs", () => {
    expect(pearsonCorrelation([0.1, 0.1, 0.1], [1, 2, 3]).r).toBeNaN();
    expect(pearsonCorrelation([1, 2, 3], [5, 5, 5]).r).toBeNaN();
    expect(pearsonCorrelation([1], [2]).r).toBeNaN();
    expect(pearsonCorrelation([], []).r).toBeNaN();
  });

  it("drops pairs with a non-finite member and counts them", () => {
    const c = pearsonCorrelation([1, 2, Number.NaN, 3, 4, 9], [2, 1, 7, 4, 3, Number.POSITIVE_INFINITY]);
    expect(c.n).toBe(4);
    expect(c.nonFiniteCount).toBe(2);
    expect(c.r).toBeCloseTo(0.6, 14);
  });

  it("rejects samples of different lengths", () => {
    expect(() => pearsonCorrelation([1, 2, 3], [1, 2])).toThrow(RangeError);
  });
});

describe("spearmanCorrelation", () => {
  it("matches the textbook formula without ties", () => {
    // x = 1..5, y = 2, 1, 4, 3, 5: rank differences -1, 1, -1, 1, 0, Σd² = 4,
    // ρ = 1 - 6·4 / (5·(25 - 1)) = 1 - 24/120 = 0.8.
    expect(spearmanCorrelation([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]).r).toBeCloseTo(0.8, 14);
  });

  it("gives tied values the average of their ranks", () => {
    // x = 1, 2, 2, 3 ranks 1, 2.5, 2.5, 4; y ranks 1, 2, 3, 4. Rank deviations (-1.5, 0, 0, 1.5) and
    // (-1.5, -0.5, 0.5, 1.5): Σ products 4.5, Σ squares 4.5 and 5 → ρ = 4.5 / √(22.5) = √0.9.
    expect(spearmanCorrelation([10, 20, 20, 30], [1, 2, 3, 4]).r).toBeCloseTo(Math.sqrt(0.9), 14);
  });

  it("is 1 for any increasing relation, unlike Pearson", () => {
    const x = [1, 2, 3, 4, 5, 6];
    const y = x.map((v) => Math.exp(v));
    expect(spearmanCorrelation(x, y).r).toBe(1);
    expect(pearsonCorrelation(x, y).r).toBeLessThan(0.95);
  });

  it("gives Anscombe's outlier set its rank correlation", () => {
    // Set 4: the ten x = 8 share rank 5.5 (mean of 1..10), x = 19 has rank 11 and pairs with the
    // largest y (rank 11). Around the mean rank 6: x deviations -0.5 (ten times) and 5, whose y
    // deviations sum to -5 and 5. Σ products = 25 + 2.5 = 27.5, Σ x² = 2.5 + 25 = 27.5,
    // Σ y² = 2·(1 + 4 + 9 + 16 + 25) = 110, ρ = 27.5 / √(27.5·110) = 0.5 (scipy.stats.spearmanr agrees).
    const set4 = anscombe[3]!;
    expect(spearmanCorrelation(set4.x, set4.y).r).toBeCloseTo(0.5, 12);
    // Set 1 has no ties: rank differences give Σd² = 40, ρ = 1 - 6·40/(11·120) = 0.818182.
    expect(spearmanCorrelation(anscombe[0]!.x, anscombe[0]!.y).r).toBeCloseTo(0.818182, 6);
  });

  it("is NaN when all values tie and drops non-finite pairs", () => {
    expect(spearmanCorrelation([3, 3, 3], [1, 2, 3]).r).toBeNaN();
    const c = spearmanCorrelation([1, 2, 3, Number.NaN, 4, 5], [2, 1, 4, 0, 3, 5]);
    expect(c.nonFiniteCount).toBe(1);
    expect(c.r).toBeCloseTo(0.8, 14);
  });
});
