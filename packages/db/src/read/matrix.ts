import type { PAdjustMethod } from "@seedscope/stats";
import type { Store } from "../store";
import { finishedGroupMoments, type GroupMoments } from "./group-moments";
import { withAdjustedPValues, type Correction, type PairComparison, type SplitSummaries } from "./group-stats";
import { groupLabels, momentSummaries } from "./labelled-groups";
import { comparePairOfMoments } from "./moment-comparison";
import { allRecipeLabels } from "./recipe-labels";
import type { Scope } from "./scope";

export interface MatrixCell {
  readonly arch: string;
  readonly recipeHash: string;
  readonly stats: SplitSummaries;
  readonly collapsed: number;
}

export interface MatrixPair {
  /** "row": two recipes on one architecture; "column": two architectures under one recipe. */
  readonly along: "row" | "column";
  /** The architecture (row pairs) or recipe hash (column pairs) both cells share. */
  readonly within: string;
  readonly a: string;
  readonly b: string;
  readonly comparison: PairComparison;
}

export interface ArchRecipeMatrix {
  readonly archs: string[];
  /** Each recipe's short label and its full name (for tooltips). */
  readonly recipes: { hash: string; label: string; title: string }[];
  readonly cells: MatrixCell[];
  readonly pairs: MatrixPair[];
  /** How the pairs' p-values were corrected for being tested together. */
  readonly correction: Correction;
  /** The dataset shown (cells never pool two datasets). */
  readonly dataset: string | null;
  /** A dataset scope is needed when the store mixes datasets: cells never pool two datasets. */
  readonly datasets: string[];
}

/**
 * The "contradictory conclusions" table: architectures × recipes, val and v2 per cell, and a Welch
 * test for every pair of cells in a row or a column. Within one dataset (the first, unless the scope
 * names one), since pooling datasets would mix incomparable accuracies. Each cell's moments come from
 * the database; the tests need no more (n, mean and variance per split).
 */
export async function archRecipeMatrix(
  store: Store,
  scope: Scope & { correction?: PAdjustMethod },
): Promise<ArchRecipeMatrix> {
  const all = await finishedGroupMoments(store, scope);
  const labels = await allRecipeLabels(store);
  const datasets = [...new Set(all.map((g) => g.key.dataset))].sort();
  const dataset = scope.dataset ?? datasets[0];
  const groups = all.filter((g) => g.key.dataset === dataset);
  const archs = [...new Set(groups.map((g) => g.key.arch))].sort();
  const recipes = [
    ...new Map(
      groups.map((g) => {
        const { recipeLabel } = groupLabels(g, labels);
        return [g.key.recipeHash, { hash: g.key.recipeHash, label: recipeLabel.short, title: recipeLabel.full }];
      }),
    ).values(),
  ].sort((x, y) => x.label.localeCompare(y.label));
  const cellOf = new Map<string, GroupMoments>(groups.map((g) => [`${g.key.arch}|${g.key.recipeHash}`, g]));
  const cells = groups.map((g) => ({
    arch: g.key.arch,
    recipeHash: g.key.recipeHash,
    stats: momentSummaries(g),
    collapsed: g.collapsed,
  }));
  const pairs: MatrixPair[] = [];
  for (const arch of archs) {
    const present = recipes.filter((r) => cellOf.has(`${arch}|${r.hash}`));
    eachPair(present, (x, y) =>
      pairs.push({
        along: "row",
        within: arch,
        a: x.hash,
        b: y.hash,
        comparison: comparePairOfMoments(cellOf.get(`${arch}|${x.hash}`)!, cellOf.get(`${arch}|${y.hash}`)!),
      }),
    );
  }
  for (const recipe of recipes) {
    const present = archs.filter((a) => cellOf.has(`${a}|${recipe.hash}`));
    eachPair(present, (x, y) =>
      pairs.push({
        along: "column",
        within: recipe.hash,
        a: x,
        b: y,
        comparison: comparePairOfMoments(cellOf.get(`${x}|${recipe.hash}`)!, cellOf.get(`${y}|${recipe.hash}`)!),
      }),
    );
  }
  const adjusted = withAdjustedPValues(pairs, scope.correction ?? "holm");
  return {
    archs,
    recipes,
    cells,
    pairs: adjusted.pairs,
    correction: adjusted.correction,
    dataset: dataset ?? null,
    datasets,
  };
}

function eachPair<T>(items: readonly T[], fn: (a: T, b: T) => void): void {
  for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) fn(items[i]!, items[j]!);
}
