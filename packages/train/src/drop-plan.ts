import type { Recipe, SeededRandom } from "@seedscope/core";
import type { BranchDrop } from "@seedscope/models";

/** Drop probability of each residual branch: the same everywhere, or growing linearly from 0 to `rate`. */
export function branchDropRates(depth: Recipe["stochasticDepth"], branches: number): number[] {
  if (depth.rule === "uniform" || branches <= 1) return Array.from({ length: branches }, () => depth.rate);
  return Array.from({ length: branches }, (_, i) => (depth.rate * i) / (branches - 1));
}

export type DropMode = "mask" | "subset";

/**
 * One stochastic-depth draw for a batch of `batchSize` samples. "mask": each sample keeps each branch
 * with probability 1 − p, kept ones scaled by 1/(1 − p). "subset" (efficient stochastic depth, cosub §4):
 * the branch runs on exactly round(B·(1 − p)) samples drawn by a random permutation, scaled by 1/(1 − p).
 */
export function sampleDrops(
  rates: readonly number[],
  batchSize: number,
  mode: DropMode,
  random: SeededRandom,
): BranchDrop[] {
  return rates.map((p): BranchDrop => {
    if (p <= 0) return { kind: "keep" };
    const scale = 1 / (1 - p);
    if (mode === "subset") {
      const keep = Math.round(batchSize * (1 - p));
      if (keep === 0) return { kind: "skip" };
      const indices = random.permutation(batchSize).subarray(0, keep);
      return { kind: "subset", indices: Int32Array.from(indices).sort(), scale };
    }
    const keep = new Float32Array(batchSize);
    for (let i = 0; i < batchSize; i++) keep[i] = random.bernoulli(1 - p) ? scale : 0;
    return { kind: "mask", keep };
  });
}
