import type { Store } from "../store";
import { summarize } from "@seedscope/stats";
import { loadGroups } from "./finished-runs";
import { splitSummaries, type SplitSummaries } from "./group-stats";
import type { GroupKey, RecipeLabel, Scope } from "./scope";

export interface ArchitectureRow {
  readonly key: GroupKey;
  readonly recipeName: string | null;
  readonly recipeLabel: RecipeLabel;
  readonly label: string;
  readonly params: number | null;
  /** Multiply-adds per image, as the models package counts them. */
  readonly flops: number | null;
  /** Mean training throughput over the seeds (images/s, forward + backward + step). */
  readonly imagesPerSecond: number;
  /** Mean over seeds of the training process's peak resident memory (MB): the whole Node process. */
  readonly processPeakRssMb: number;
  /** Mean over seeds of the tensors' high-water mark (MB): weights, gradients, optimizer state, activations. */
  readonly tensorPeakMb: number;
  readonly finished: number;
  readonly collapsed: number;
  readonly stats: SplitSummaries;
}

/** Thesis Table 6.7's columns, one row per architecture × recipe × dataset. */
export async function architectureTable(store: Store, scope: Scope): Promise<ArchitectureRow[]> {
  const groups = await loadGroups(store, scope);
  return groups.map((g) => ({
    key: g.key,
    recipeName: g.recipeName,
    recipeLabel: g.recipeLabel,
    label: g.label,
    params: g.runs.find((r) => r.params !== null)?.params ?? null,
    flops: g.runs.find((r) => r.flops !== null)?.flops ?? null,
    imagesPerSecond: summarize(g.runs.map((r) => r.throughput ?? Number.NaN)).mean,
    processPeakRssMb: summarize(g.runs.map((r) => r.peakMemoryMb ?? Number.NaN)).mean,
    tensorPeakMb: summarize(g.runs.map((r) => r.peakTensorMb ?? Number.NaN)).mean,
    finished: g.runs.length,
    collapsed: g.collapsed,
    stats: splitSummaries(g.runs),
  }));
}
