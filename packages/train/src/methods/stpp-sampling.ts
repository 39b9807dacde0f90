import type { SeededRandom } from "@seedscope/core";
import type { BranchDrop, BranchInfo } from "@seedscope/models";

/**
 * ST++ subnetworks are made of whole blocks: a block is every residual branch sharing (stage,
 * blockInStage) — one for a ResNet basic block, attention + MLP for a transformer block.
 */
export function blocksPerStage(branches: readonly BranchInfo[]): number[] {
  const counts: number[] = [];
  for (const b of branches) counts[b.stage] = Math.max(counts[b.stage] ?? 0, b.blockInStage + 1);
  return Array.from(counts, (n) => n ?? 0);
}

/**
 * Leading blocks of each stage that every sampled subnetwork keeps.
 *
 * Ordered residual sampling (ST §3.2.2) skips the last blocks of a stage; we keep at least the first
 * block of each stage, so a stage of n blocks offers n depths — which is how we read ST++ Table 2's
 * "[3, 4, 6, 3]" for the original space of ResNet-50 (stages of 3, 4, 6, 3 blocks). Under that reading
 * the table's labels count the depths sampled per stage, and the best one, [1, 2, 4, 1], always keeps
 * the first 3 blocks of every stage: the inter-stage rule (§3.3.3) retains the same leading blocks in
 * each stage, so stages with more blocks are sampled more. The paper gives the rule only for ResNet-50;
 * we generalise it as r = min(smallest stage, ⌈largest stage / 2⌉) blocks retained everywhere (3 for
 * ResNet-50; 2 of 3 for our ResNet-20; 3 of 6 for a 6-block ViT), so equal stages still get sampled.
 * (The digest reads the label as blocks kept instead; that cannot give the original space [3, 4, 6, 3]
 * any sampling at all, so we do not follow it.)
 */
export function retainedBlocks(blocks: readonly number[], interStageRule: boolean): number[] {
  if (!interStageRule) return blocks.map((n) => Math.min(n, 1));
  const r = Math.min(Math.min(...blocks), Math.ceil(Math.max(...blocks) / 2));
  return blocks.map((n) => Math.min(n, Math.max(r, 1)));
}

/** Blocks kept per stage for one subnetwork: uniform over retained..n in each stage, independently (not given by the paper). */
export function sampleKeptBlocks(
  blocks: readonly number[],
  retained: readonly number[],
  random: SeededRandom,
): number[] {
  return blocks.map((n, s) => random.intBetween(retained[s]!, n));
}

/** The drop instructions of the subnetwork that keeps the first `kept[s]` blocks of each stage s. */
export function subnetDrops(branches: readonly BranchInfo[], kept: readonly number[]): BranchDrop[] {
  return branches.map((b): BranchDrop => (b.blockInStage < kept[b.stage]! ? { kind: "keep" } : { kind: "skip" }));
}

/**
 * Subnetworks for the network-loafing measurement: keep the first k blocks of every stage (at most
 * the stage's size) for a few k below the deepest stage's size — the shallow networks "inside" the
 * trained one. Returns the kept blocks per stage, shallowest first.
 */
export function loafingSubnets(blocks: readonly number[]): number[][] {
  const deepest = Math.max(...blocks);
  const ks = new Set<number>();
  for (const f of [0.25, 0.5, 0.75]) ks.add(Math.min(deepest - 1, Math.max(1, Math.round(deepest * f))));
  return [...ks]
    .filter((k) => k >= 1 && k < deepest)
    .sort((a, b) => a - b)
    .map((k) => blocks.map((n) => Math.min(n, k)));
}
