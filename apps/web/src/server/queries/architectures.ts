import type { Store } from "@seedscope/db";
import { summarize } from "@seedscope/stats";
import { loadGroups } from "./finished-runs";
import { splitSummaries, type SplitSummaries } from "./group-stats";
import type { GroupKey, Scope } from "./scope";

export interface ArchitectureRow {
  readonly key: GroupKey;
  readonly recipeName: string | null;
  readonly recipeLabel: string;
  readonly label: string;
  readonly params: number | null;
  /** Multiply-adds per image, as the models package counts them. */
  readonly flops: number | null;
  /** Mean training throughput over the seeds (images/s, forward + backward + step). */
  readonly imagesPerSecond: number;
  readonly peakMemoryMb: number;
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
    peakMemoryMb: summarize(g.runs.map((r) => r.peakMemoryMb ?? Number.NaN)).mean,
    stats: splitSummaries(g.runs),
  }));
}
