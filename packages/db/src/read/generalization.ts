import type { Store } from "../store";
import {
  linearFit,
  pearsonCorrelation,
  pearsonInterval,
  spearmanCorrelation,
  type ConfidenceInterval,
  type Correlation,
  type LinearFit,
} from "@seedscope/stats";
import { whyNoLine } from "./estimability";
import { allRecipeLabels } from "./recipe-labels";
import { finishedGroupMoments } from "./group-moments";
import { groupLabels, momentSummaries } from "./labelled-groups";
import type { SplitSummaries } from "./group-stats";
import type { GroupKey, Scope } from "./scope";

export interface GeneralizationPoint {
  readonly key: GroupKey;
  /** Short label, and the full one (the recipe's stored name) for tooltips. */
  readonly label: string;
  readonly title: string;
  readonly stats: SplitSummaries;
  readonly collapsed: number;
}

/**
 * Thesis Fig 6.11: each recipe × arch group as (val mean, v2 mean) with seed spreads, and the line across groups.
 * Each group's moments come from the database; no run is loaded.
 */
export async function generalization(
  store: Store,
  scope: Scope,
): Promise<{
  points: GeneralizationPoint[];
  fit: LinearFit | null;
  pearson: Correlation | null;
  pearsonInterval: ConfidenceInterval | null;
  spearman: Correlation | null;
  whyNoFit: string | null;
}> {
  const groups = await finishedGroupMoments(store, scope);
  const labels = await allRecipeLabels(store);
  const points = groups.map((g) => {
    const { label, title } = groupLabels(g, labels);
    return { key: g.key, label, title, stats: momentSummaries(g), collapsed: g.collapsed };
  });
  const val = points.map((p) => p.stats.val.mean);
  const v2 = points.map((p) => p.stats.v2.mean);
  // A line through two groups fits exactly: report it only from three groups on.
  const whyNoFit = whyNoLine(points.length, "groups");
  if (whyNoFit) return { points, fit: null, pearson: null, pearsonInterval: null, spearman: null, whyNoFit };
  const pearson = pearsonCorrelation(val, v2);
  return {
    points,
    fit: linearFit(val, v2),
    pearson,
    pearsonInterval: pearsonInterval(pearson),
    spearman: spearmanCorrelation(val, v2),
    whyNoFit,
  };
}
