import type { Store } from "@seedscope/db";
import { linearFit, pearsonCorrelation, type Correlation, type LinearFit } from "@seedscope/stats";
import { loadGroups } from "./finished-runs";
import { splitSummaries, type SplitSummaries } from "./group-stats";
import type { GroupKey, Scope } from "./scope";

export interface GeneralizationPoint {
  readonly key: GroupKey;
  readonly label: string;
  readonly recipeName: string | null;
  readonly stats: SplitSummaries;
}

/** Thesis Fig 6.11: each recipe × arch group as (val mean, v2 mean) with seed spreads, and the line across groups. */
export async function generalization(store: Store, scope: Scope): Promise<{ points: GeneralizationPoint[]; fit: LinearFit; pearson: Correlation }> {
  const groups = await loadGroups(store, scope);
  const points = groups.map((g) => ({ key: g.key, label: g.label, recipeName: g.recipeName, stats: splitSummaries(g.runs) }));
  const val = points.map((p) => p.stats.val.mean);
  const v2 = points.map((p) => p.stats.v2.mean);
  return { points, fit: linearFit(val, v2), pearson: pearsonCorrelation(val, v2) };
}
