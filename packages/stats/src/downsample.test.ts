import { SeededRandom } from "@seedscope/core";
import { describe, expect, it } from "vitest";
import { downsampleLttb } from "./lttb";
import { downsampleMinMax } from "./min-max-downsample";
import type { Point } from "./series";

function seriesOf(ys: readonly number[]): Point[] {
  return ys.map((y, x) => ({ x, y }));
}

function xsOf(points: readonly Point[]): number[] {
  return points.map((p) => p.x);
}

const noisyCurve: Point[] = (() => {
  const random = SeededRandom.fromSeed(5, "downsample-test");
  return Array.from({ length: 10_000 }, (_, x) => ({ x, y: Math.sin(x / 300) * 10 + random.normal() }));
})();

function expectWellFormed(input: readonly Point[], output: readonly Point[], target: number): void {
  expect(output.length).toBeLessThanOrEqual(target);
  expect(output[0]).toEqual(input[0]);
  expect(output[output.length - 1]).toEqual(input[input.length - 1]);
  expect(output.every((p, i) => i === 0 || p.x > output[i - 1]!.x)).toBe(true);
  const yAt = new Map(input.map((p) => [p.x, p.y]));
  expect(output.every((p) => yAt.get(p.x) === p.y)).toBe(true);
}

describe("downsampleLttb", () => {
  it("keeps the peak of a hand-worked example (one bucket)", () => {
    // 5 points, target 3: one bucket {1, 2, 3}, anchor (0, 0), next = the last point (4, 0).
    // Doubled areas |(0 - 4)(y - 0) - (0 - x)(0 - 0)| = 4|y|: 4, 40, 8 → point 2.
    const { points } = downsampleLttb(seriesOf([0, 1, 10, 2, 0]), 3);
    expect(xsOf(points)).toEqual([0, 2, 4]);
  });

  it("matches a hand-worked example with two buckets", () => {
    // 8 points, target 4: buckets {1, 2, 3} and {4, 5, 6}.
    // Bucket 1: anchor (0, 0), mean of next bucket (5, -1); doubled areas |-5y - x| = 6, 42, 13 → 2.
    // Bucket 2: anchor (2, 8), last point (7, 0); |-5(y - 8) + 8(2 - x)| = 9, 16, 38 → 6.
    const { points } = downsampleLttb(seriesOf([0, 1, 8, 2, 3, 0, -6, 0]), 4);
    expect(xsOf(points)).toEqual([0, 2, 6, 7]);
  });

  it("returns exactly target well-formed points for a long series", () => {
    for (const target of [2, 3, 10, 500, 9_999]) {
      const { points } = downsampleLttb(noisyCurve, target);
      expect(points).toHaveLength(target);
      expectWellFormed(noisyCurve, points, target);
    }
  });

  it("follows the shape of the curve", () => {
    // The kept points of a sine plus unit noise stay within the noise band around the sine.
    const { points } = downsampleLttb(noisyCurve, 300);
    for (const p of points) expect(Math.abs(p.y - Math.sin(p.x / 300) * 10)).toBeLessThan(5);
  });

  it("returns a short series whole and accepts parallel arrays", () => {
    const short = seriesOf([3, 1, 2]);
    expect(downsampleLttb(short, 3).points).toEqual(short);
    expect(downsampleLttb([], 5).points).toEqual([]);
    const parallel = { x: new Float64Array(noisyCurve.map((p) => p.x)), y: noisyCurve.map((p) => p.y) };
    expect(downsampleLttb(parallel, 200)).toEqual(downsampleLttb(noisyCurve, 200));
  });

  it("drops non-finite points before downsampling and counts them", () => {
    const result = downsampleLttb(
      [
        { x: 0, y: 0 },
        { x: 1, y: Number.NaN },
        { x: 2, y: 10 },
        { x: Number.POSITIVE_INFINITY, y: 1 },
        { x: 3, y: 0 },
      ],
      10,
    );
    expect(xsOf(result.points)).toEqual([0, 2, 3]);
    expect(result.nonFiniteCount).toBe(2);
  });

  it("rejects invalid targets and mismatched arrays", () => {
    expect(() => downsampleLttb(noisyCurve, 1)).toThrow(RangeError);
    expect(() => downsampleLttb(noisyCurve, 2.5)).toThrow(RangeError);
    expect(() => downsampleLttb({ x: [1, 2], y: [1] }, 5)).toThrow(RangeError);
  });
});

describe("downsampleMinMax", () => {
  it("keeps each bucket's min and max in order (hand-worked)", () => {
    // 10 points, target 6: two buckets over indices 1..8: {1..4} has min 1 (at 1), max 9 (at 2);
    // {5..8} has min 2 (at 5), max 8 (at 6).
    const { points } = downsampleMinMax(seriesOf([5, 1, 9, 3, 7, 2, 8, 4, 6, 0]), 6);
    expect(xsOf(points)).toEqual([0, 1, 2, 5, 6, 9]);
  });

  it("always keeps the global minimum and maximum", () => {
    const spiky = noisyCurve.map((p) => (p.x === 4321 ? { x: p.x, y: 1e6 } : p.x === 77 ? { x: p.x, y: -1e6 } : p));
    for (const target of [4, 5, 11, 64, 1000]) {
      const { points } = downsampleMinMax(spiky, target);
      expectWellFormed(spiky, points, target);
      const ys = points.map((p) => p.y);
      expect(Math.max(...ys)).toBe(1e6);
      expect(Math.min(...ys)).toBe(-1e6);
    }
    const { points } = downsampleMinMax(noisyCurve, 40);
    const allYs = noisyCurve.map((p) => p.y);
    const keptYs = points.map((p) => p.y);
    expect(Math.max(...keptYs)).toBe(Math.max(...allYs));
    expect(Math.min(...keptYs)).toBe(Math.min(...allYs));
    expect(points).toHaveLength(40);
  });

  it("keeps one point per bucket on a flat series", () => {
    const flat = seriesOf(new Array<number>(100).fill(0.5));
    expect(downsampleMinMax(flat, 10).points).toHaveLength(2 + 4);
  });

  it("returns a short series whole, drops non-finite points and rejects a target below 4", () => {
    expect(downsampleMinMax(seriesOf([1, 2, 3, 4]), 4).points).toEqual(seriesOf([1, 2, 3, 4]));
    const result = downsampleMinMax({ x: [0, 1, 2, 3, 4, 5], y: [0, Number.NaN, 5, -5, 1, 0] }, 4);
    expect(result.nonFiniteCount).toBe(1);
    expect(xsOf(result.points)).toEqual([0, 2, 3, 5]);
    expect(() => downsampleMinMax(noisyCurve, 3)).toThrow(RangeError);
  });
});
