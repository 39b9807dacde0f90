import { describe, expect, it } from "vitest";
import { histogram } from "./histogram";

describe("histogram", () => {
  it("bins a hand-worked sample, the last bin closed on the right", () => {
    // Range [1, 4] in 4 bins of width 0.75: edges 1, 1.75, 2.5, 3.25, 4.
    const h = histogram([4, 3, 2, 1, 3, 4, 2, 4, 3, 4], { bins: 4 });
    expect(h.edges).toEqual([1, 1.75, 2.5, 3.25, 4]);
    expect(h.counts).toEqual([1, 2, 3, 4]);
    expect(h.binWidth).toBe(0.75);
    expect(h.total).toBe(10);
  });

  it("puts a value lying on an inner edge into the bin that starts there", () => {
    const values = Array.from({ length: 11 }, (_, i) => i / 10);
    const h = histogram(values, { bins: 10 });
    expect(h.counts).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 2]);
    const edgeFive = h.edges[5]!;
    expect(histogram([0, edgeFive, 1], { bins: 10 }).counts[5]).toBe(1);
  });

  it("uses Sturges' rule for small samples: ⌈log2 n⌉ + 1 bins", () => {
    // n = 100: ⌈6.64⌉ + 1 = 8; n = 8: 3 + 1 = 4.
    const hundred = Array.from({ length: 100 }, (_, i) => Math.sin(i) * 10);
    expect(histogram(hundred).counts).toHaveLength(8);
    expect(histogram(hundred, { bins: "sturges" }).counts).toHaveLength(8);
    expect(histogram([1, 2, 3, 4, 5, 6, 7, 8]).counts).toHaveLength(4);
  });

  it("uses Freedman–Diaconis when it gives more bins", () => {
    // 5000 evenly spaced values on [0, 1]: IQR = 0.5, width = 2·0.5·5000^(-1/3) = 0.05848,
    // ⌈1 / 0.05848⌉ = ⌈17.10⌉ = 18 bins, more than Sturges' ⌈12.29⌉ + 1 = 14.
    const values = Array.from({ length: 5000 }, (_, i) => i / 4999);
    expect(histogram(values, { bins: "freedman-diaconis" }).counts).toHaveLength(18);
    expect(histogram(values).counts).toHaveLength(18);
    expect(histogram(values, { bins: "sturges" }).counts).toHaveLength(14);
    // 1..16: IQR = 12.25 - 4.75 = 7.5, width = 15 / 16^(1/3) = 5.953, ⌈15 / 5.953⌉ = 3 bins.
    const sixteen = Array.from({ length: 16 }, (_, i) => i + 1);
    expect(histogram(sixteen, { bins: "freedman-diaconis" }).counts).toHaveLength(3);
    expect(histogram(sixteen).counts).toHaveLength(5);
  });

  it("falls back to Sturges when the IQR is zero", () => {
    expect(histogram([1, 1, 1, 1, 1, 1, 1, 2], { bins: "freedman-diaconis" }).counts).toHaveLength(4);
  });

  it("caps the bins a rule picks but not an explicit count", () => {
    const values = [...Array.from({ length: 99 }, (_, i) => i / 99), 1e6];
    expect(histogram(values).counts).toHaveLength(200);
    expect(histogram(values, { maxRuleBins: 50 }).counts).toHaveLength(50);
    expect(histogram(values, { bins: 500 }).counts).toHaveLength(500);
  });

  it("counts values outside an explicit range separately", () => {
    const h = histogram([-1, 0, 0.5, 1, 2, 3], { bins: 2, range: [0, 2] });
    expect(h.edges).toEqual([0, 1, 2]);
    expect(h.counts).toEqual([2, 2]);
    expect(h.total).toBe(4);
    expect(h.outOfRangeCount).toBe(2);
  });

  it("centres one unit-wide bin on identical values", () => {
    const h = histogram([5, 5, 5]);
    expect(h.edges).toEqual([4.5, 5.5]);
    expect(h.counts).toEqual([3]);
    expect(histogram([5, 5, 5], { bins: 4 }).counts).toEqual([0, 0, 3, 0]);
  });

  it("returns no bins for an empty sample and counts dropped non-finite values", () => {
    const empty = histogram([]);
    expect(empty.edges).toEqual([]);
    expect(empty.counts).toEqual([]);
    expect(empty.binWidth).toBeNaN();
    const h = histogram([1, Number.NaN, 2, Number.POSITIVE_INFINITY], { bins: 1 });
    expect(h.counts).toEqual([2]);
    expect(h.nonFiniteCount).toBe(2);
    expect(histogram([Number.NaN]).nonFiniteCount).toBe(1);
  });

  it("rejects invalid bin counts and ranges", () => {
    expect(() => histogram([1, 2], { bins: 0 })).toThrow(RangeError);
    expect(() => histogram([1, 2], { bins: 2.5 })).toThrow(RangeError);
    expect(() => histogram([1, 2], { range: [2, 1] })).toThrow(RangeError);
    expect(() => histogram([1, 2], { maxRuleBins: 0 })).toThrow(RangeError);
  });
});
