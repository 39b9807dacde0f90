import type { GroupMoments } from "./group-moments";
import { summaryOfMoments } from "./group-moments";
import type { SplitSummaries } from "./group-stats";
import { recipeLabel, type RecipeLabel } from "./scope";

/** A group's labels as {@link groupRuns} gives them: "recipe · arch · dataset", short and full. */
export function groupLabels(
  group: GroupMoments,
  labels: ReadonlyMap<string, RecipeLabel>,
): { recipeLabel: RecipeLabel; label: string; title: string } {
  const recipe = labels.get(group.key.recipeHash) ?? recipeLabel(group.recipeName, group.key.recipeHash);
  const rest = `${group.key.arch} · ${group.key.dataset}`;
  return { recipeLabel: recipe, label: `${recipe.short} · ${rest}`, title: `${recipe.full} · ${rest}` };
}

/** The summaries of both splits, as `splitSummaries` gives them from the runs. */
export function momentSummaries(group: Pick<GroupMoments, "val" | "v2">): SplitSummaries {
  return { val: summaryOfMoments(group.val), v2: summaryOfMoments(group.v2) };
}
