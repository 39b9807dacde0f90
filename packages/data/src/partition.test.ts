import { describe, expect, it } from "vitest";
import { fixedStratifiedPartition, partitionHash } from "./partition";
import { classCounts } from "./dataset";

function labelsOf(counts: number[]): Int32Array {
  const labels: number[] = [];
  // Interleave classes so that index order and class order differ.
  const left = [...counts];
  while (left.some((n) => n > 0))
    left.forEach((n, c) => {
      if (n === 0) return;
      labels.push(c);
      left[c] = n - 1;
    });
  return Int32Array.from(labels);
}

describe("fixedStratifiedPartition", () => {
  const labels = labelsOf([50, 30, 20, 7]);
  const parts = fixedStratifiedPartition(labels, 4, [20, 10], "test-salt");

  it("gives the requested sizes, the rest last, disjoint and covering every index", () => {
    expect(parts.map((p) => p.length)).toEqual([20, 10, 77]);
    const all = parts.flatMap((p) => [...p]).sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: labels.length }, (_, i) => i));
  });

  it("keeps the class proportions in every part (within one image per class)", () => {
    const total = classCounts(labels, 4);
    for (const [k, part] of parts.slice(0, 2).entries()) {
      const size = [20, 10][k]!;
      const counts = classCounts(
        Int32Array.from(part, (i) => labels[i]!),
        4,
      );
      counts.forEach((n, c) => expect(Math.abs(n - (size * total[c]!) / labels.length)).toBeLessThan(1));
    }
  });

  it("depends on the salt only, and lists indices in ascending order", () => {
    const again = fixedStratifiedPartition(labels, 4, [20, 10], "test-salt");
    expect(again).toEqual(parts);
    const other = fixedStratifiedPartition(labels, 4, [20, 10], "other-salt");
    expect(other[0]).not.toEqual(parts[0]);
    for (const p of parts) expect([...p]).toEqual([...p].sort((a, b) => a - b));
  });

  it("is a fixed function: these values were computed once and must never change", () => {
    expect(partitionHash("seedscope", 0)).toBe(GOLDEN_HASH_0);
    expect([...parts[1]!]).toEqual(GOLDEN_PART_1);
  });

  it("refuses to hold out more than there is", () => {
    expect(() => fixedStratifiedPartition(labels, 4, [100, 10], "s")).toThrow(
      /cannot hold out 100 \+ 10 items from a set of 107/,
    );
  });
});

const GOLDEN_HASH_0 = 1915761570;
const GOLDEN_PART_1 = [4, 6, 10, 17, 44, 62, 67, 87, 88, 94];
