import type { Store } from "../store";
import { finishedGroupMoments } from "./group-moments";
import type { SplitSummaries } from "./group-stats";
import { groupLabels, momentSummaries } from "./labelled-groups";
import { allRecipeLabels } from "./recipe-labels";
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

/** Thesis Table 6.7's columns, one row per architecture × recipe × dataset, aggregated in the database. */
export async function architectureTable(store: Store, scope: Scope): Promise<ArchitectureRow[]> {
  const groups = await finishedGroupMoments(store, scope);
  const labels = await allRecipeLabels(store);
  return groups.map((g) => {
    const { recipeLabel, label } = groupLabels(g, labels);
    return {
      key: g.key,
      recipeName: g.recipeName,
      recipeLabel,
      label,
      params: g.params,
      flops: g.flops,
      imagesPerSecond: g.meanThroughput,
      processPeakRssMb: g.meanPeakMemoryMb,
      tensorPeakMb: g.meanPeakTensorMb,
      finished: g.runs,
      collapsed: g.collapsed,
      stats: momentSummaries(g),
    };
  });
}
