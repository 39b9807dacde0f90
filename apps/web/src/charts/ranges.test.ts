import { describe, expect, it } from "vitest";
import { boundsOf, sortedByX, unionOf } from "./ranges";

describe("chart ranges", () => {
  it("boundsOf holds every value with room to spare, on round ends", () => {
    const values = [10.13, 10.67, 10.4, 12.9];
    const b = boundsOf(values)!;
    for (const v of values) {
      expect(v).toBeGreaterThan(b.min);
      expect(v).toBeLessThan(b.max);
    }
    // Round ends (multiples of the tick step, here 0.5) and most of the axis used by the data.
    expect(b).toEqual({ min: 9.5, max: 13.5 });
  });

  it("boundsOf gives a single value a visible range and skips non-finite values", () => {
    const b = boundsOf([42, Number.NaN])!;
    expect(b.min).toBeLessThan(42);
    expect(b.max).toBeGreaterThan(42);
    expect(b.max - b.min).toBeGreaterThanOrEqual(1);
    expect(boundsOf([Number.NaN])).toBeUndefined();
  });

  it("boundsOf on whole numbers (epochs) ends on whole numbers", () => {
    expect(boundsOf([1, 2], 0.04, true)).toEqual({ min: 0, max: 3 });
  });

  it("error bars: the union of the bars' ends on both axes holds every bar", () => {
    const bars = [
      { x: 40, sx: 3, y: 30, sy: 6 },
      { x: 45, sx: 0.5, y: 44, sy: 0.2 },
    ];
    const range = unionOf(
      boundsOf(bars.flatMap((b) => [b.x - b.sx, b.x + b.sx])),
      boundsOf(bars.flatMap((b) => [b.y - b.sy, b.y + b.sy])),
    )!;
    for (const b of bars) {
      expect(range.min).toBeLessThanOrEqual(Math.min(b.x - b.sx, b.y - b.sy));
      expect(range.max).toBeGreaterThanOrEqual(Math.max(b.x + b.sx, b.y + b.sy));
    }
  });

  it("sortedByX orders points by x without touching the input (chart.js with parsing: false needs it)", () => {
    const points = [
      { x: 3, y: 1 },
      { x: 1, y: 2 },
      { x: 2, y: 3 },
    ];
    expect(sortedByX(points).map((p) => p.x)).toEqual([1, 2, 3]);
    expect(points[0]!.x).toBe(3);
  });
});
