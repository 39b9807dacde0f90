import { UserError } from "@seedscope/core";
import { classCounts } from "./dataset";

/**
 * A 32-bit hash of (salt, index). The fixed partitions order each class by this hash, so they depend
 * on nothing but the salt: not on the run seed, not on the random generator, not on the process.
 */
export function partitionHash(salt: string, index: number): number {
  let h = 0x9e3779b9;
  for (let i = 0; i < salt.length; i++) h = Math.imul(h ^ salt.charCodeAt(i), 0x01000193);
  h ^= index + 0x7f4a7c15;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Splits `total` items over classes in proportion to `perClass` (largest-remainder rounding, ties to
 * the lower class), never giving a class more than `available[c]`.
 */
function apportion(total: number, perClass: readonly number[], available: readonly number[]): number[] {
  const n = perClass.reduce((a, b) => a + b, 0);
  const exact = perClass.map((k) => (total * k) / n);
  const counts = exact.map((x, c) => Math.min(Math.floor(x), available[c]!));
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, c) => ({ c, frac: x - Math.floor(x) })).sort((a, b) => b.frac - a.frac || a.c - b.c);
  while (left > 0) {
    let placed = false;
    for (const { c } of order) {
      if (left === 0) break;
      if (counts[c]! < available[c]!) {
        counts[c]! += 1;
        left -= 1;
        placed = true;
      }
    }
    if (!placed) break;
  }
  return counts;
}

/**
 * A fixed stratified partition of a labelled set: part k gets `sizes[k]` items with the class
 * proportions of the whole set, and a last part gets everything left. Within a class, items are taken
 * in the order of {@link partitionHash}(salt, index). Every part lists its indices in ascending order.
 */
export function fixedStratifiedPartition(
  labels: Int32Array,
  numClasses: number,
  sizes: readonly number[],
  salt: string,
): Int32Array[] {
  const requested = sizes.reduce((a, b) => a + b, 0);
  if (sizes.some((s) => !Number.isInteger(s) || s < 0) || requested > labels.length) {
    throw new UserError(
      `cannot hold out ${sizes.join(" + ")} items from a set of ${labels.length}: sizes must be ` +
        `non-negative integers summing to at most the set size`,
    );
  }
  const perClass = classCounts(labels, numClasses);
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < labels.length; i++) byClass[labels[i]!]!.push(i);
  for (const members of byClass) {
    const keys = new Map(members.map((i) => [i, partitionHash(salt, i)] as const));
    members.sort((a, b) => keys.get(a)! - keys.get(b)! || a - b);
  }
  const taken = new Array<number>(numClasses).fill(0);
  const parts: number[][] = [];
  for (const size of sizes) {
    const available = perClass.map((k, c) => k - taken[c]!);
    const counts = apportion(size, perClass, available);
    const part: number[] = [];
    for (let c = 0; c < numClasses; c++) {
      part.push(...byClass[c]!.slice(taken[c]!, taken[c]! + counts[c]!));
      taken[c]! += counts[c]!;
    }
    parts.push(part);
  }
  const rest: number[] = [];
  for (let c = 0; c < numClasses; c++) rest.push(...byClass[c]!.slice(taken[c]!));
  parts.push(rest);
  return parts.map((p) => Int32Array.from(p.sort((a, b) => a - b)));
}
