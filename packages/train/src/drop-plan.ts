import type { Recipe, SeededRandom } from "@seedscope/core";
import type { BranchDrop, BranchInfo } from "@seedscope/models";

/** The recipe's stochastic-depth block; `per` may be left out (then "branch", the rule before recipe schema 3). */
export type DropRule = Pick<Recipe["stochasticDepth"], "rate" | "rule"> &
  Partial<Pick<Recipe["stochasticDepth"], "per">>;

/**
 * The block index of each branch: branches of one residual block (a ViT block's attention and MLP) share
 * it; blocks are numbered in the order their first branch comes.
 */
export function blockIndexOfBranches(branches: readonly BranchInfo[]): number[] {
  const blocks = new Map<string, number>();
  return branches.map((b) => {
    const key = `${b.stage}:${b.blockInStage}`;
    if (!blocks.has(key)) blocks.set(key, blocks.size);
    return blocks.get(key)!;
  });
}

/**
 * Drop probability of each residual branch: the same everywhere ("uniform"), or growing linearly from 0
 * to `rate` ("linear"). Under "linear", `per: "block"` gives every branch of block i the rate
 * rate·i/(blocks − 1), as timm's ViT does (`dpr[i]` for both branches of block i) and its ResNet (one
 * branch per block, so there block and branch agree); `per: "branch"` ramps over the branches one by one.
 * `branches` is the model's branch list, or only their number (then every branch is its own block).
 */
export function branchDropRates(depth: DropRule, branches: number | readonly BranchInfo[]): number[] {
  const count = typeof branches === "number" ? branches : branches.length;
  if (depth.rule === "uniform" || count <= 1) return Array.from({ length: count }, () => depth.rate);
  const perBlock = depth.per === "block" && typeof branches !== "number";
  const position = perBlock ? blockIndexOfBranches(branches) : Array.from({ length: count }, (_, i) => i);
  const last = Math.max(...position);
  return position.map((i) => (last === 0 ? 0 : (depth.rate * i) / last));
}

export type DropMode = "mask" | "subset";

/** How efficient stochastic depth scales the samples that run a branch (recipe: `method.esdScale`). */
export type EsdScale = "effective" | "nominal";

/** The samples that run a branch of drop rate `p` under efficient stochastic depth: round(B·(1 − p)). */
export function esdKeep(batchSize: number, p: number): number {
  return Math.round(batchSize * (1 - p));
}

/**
 * One stochastic-depth draw for a batch of `batchSize` samples. "mask": each sample keeps each branch
 * with probability 1 − p, kept ones scaled by 1/(1 − p). "subset" (efficient stochastic depth, cosub §4):
 * the branch runs on exactly keep = round(B·(1 − p)) samples drawn by a random permutation, scaled by
 * B/keep ("effective": the inverse of the keep rate that rounding left) or 1/(1 − p) ("nominal").
 */
export function sampleDrops(
  rates: readonly number[],
  batchSize: number,
  mode: DropMode,
  random: SeededRandom,
  esdScale: EsdScale = "nominal",
): BranchDrop[] {
  return rates.map((p): BranchDrop => {
    if (p <= 0) return { kind: "keep" };
    if (mode === "subset") {
      const keep = esdKeep(batchSize, p);
      if (keep === 0) return { kind: "skip" };
      const indices = random.permutation(batchSize).subarray(0, keep);
      const scale = esdScale === "effective" ? batchSize / keep : 1 / (1 - p);
      return { kind: "subset", indices: Int32Array.from(indices).sort(), scale };
    }
    const scale = 1 / (1 - p);
    const keep = new Float32Array(batchSize);
    for (let i = 0; i < batchSize; i++) keep[i] = random.bernoulli(1 - p) ? scale : 0;
    return { kind: "mask", keep };
  });
}

/** The largest |effective − nominal| drop rate over the branches, effective = 1 − round(B·(1 − p))/B. */
export function esdRateError(rates: readonly number[], batchSize: number): { worst: number; rate: number } {
  let worst = 0;
  let rate = 0;
  for (const p of rates) {
    if (p <= 0) continue;
    const error = Math.abs(1 - esdKeep(batchSize, p) / batchSize - p);
    if (error > worst) {
      worst = error;
      rate = p;
    }
  }
  return { worst, rate };
}
