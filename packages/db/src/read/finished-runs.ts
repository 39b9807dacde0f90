import type { EvalSplit } from "@seedscope/core";
import type { Store } from "../store";
import { finishedGroupMoments } from "./group-moments";
import { groupLabels } from "./labelled-groups";
import { allRecipeLabels } from "./recipe-labels";
import { groupId, recipeLabel, type GroupKey, type RecipeLabel, type Scope } from "./scope";
import { clientsOf } from "../store-clients";

/** A finished run's final numbers, as the comparison views use them. */
export interface FinishedRun {
  readonly id: number;
  readonly seed: number;
  readonly recipeHash: string;
  readonly recipeName: string | null;
  readonly arch: string;
  readonly dataset: string;
  readonly val: number | null;
  readonly v2: number | null;
  readonly params: number | null;
  readonly flops: number | null;
  readonly throughput: number | null;
  /** The process's resident-memory peak (MB): the whole Node process, not a property of the model. */
  readonly peakMemoryMb: number | null;
  /** The tensors' high-water mark (MB): what the model, its gradients and activations took. */
  readonly peakTensorMb: number | null;
  readonly epochsDone: number;
  /** Finished at chance: it counts in every statistic, and the views say so. */
  readonly collapsed: boolean;
}

export interface RunGroup {
  readonly key: GroupKey;
  /** "recipe · arch · dataset" with the recipe's short label. */
  readonly label: string;
  /** The same with the recipe's full stored name, for tooltips. */
  readonly title: string;
  readonly recipeName: string | null;
  /** The recipe's short label among the groups shown together, and its full name. */
  readonly recipeLabel: RecipeLabel;
  readonly runs: readonly FinishedRun[];
  /** How many of the runs collapsed (finished at chance). */
  readonly collapsed: number;
}

/**
 * Finished runs in scope, one per (recipe, arch, dataset, seed): where a seed was run more than once
 * (in two sweeps, or a sweep and a single run) only its latest run counts, so no seed weighs double.
 */
export async function finishedRuns(
  store: Store,
  scope: Scope & { recipeHash?: string; arch?: string },
): Promise<FinishedRun[]> {
  return clientsOf(store).sql.query<FinishedRun>(
    `SELECT * FROM (
       SELECT DISTINCT ON (r."recipeHash", r.arch, r.dataset, r.seed)
              r.id, r.seed, r."recipeHash", rc.name AS "recipeName", r.arch, r.dataset,
              r."valTop1" AS val, r."v2Top1" AS v2, r.params, r.flops, r.throughput, r."peakMemoryMb", r."peakTensorMb", r."epochsDone", r.collapsed
       FROM "Run" r JOIN "Recipe" rc ON rc.hash = r."recipeHash"
       WHERE r.status = 'finished' AND r.seed IS NOT NULL AND r."rerunOf" IS NULL
         AND ($1::int IS NULL OR r."sweepId" = $1) AND ($2::text IS NULL OR r.dataset = $2)
         AND ($3::text IS NULL OR r."recipeHash" = $3) AND ($4::text IS NULL OR r.arch = $4)
       ORDER BY r."recipeHash", r.arch, r.dataset, r.seed, r.id DESC) latest
     ORDER BY arch, "recipeName", "recipeHash", dataset, seed`,
    [scope.sweepId ?? null, scope.dataset ?? null, scope.recipeHash ?? null, scope.arch ?? null],
  );
}

/**
 * Finished runs in scope grouped by (recipe, arch, dataset), each recipe labelled by what sets it apart
 * from the other stored recipes (the same label in every view).
 */
export async function loadGroups(store: Store, scope: Scope): Promise<RunGroup[]> {
  const runs = await finishedRuns(store, scope);
  return groupRuns(runs, await allRecipeLabels(store));
}

/** Runs grouped by (recipe, arch, dataset), in the order they come. */
export function groupRuns(runs: readonly FinishedRun[], labels: ReadonlyMap<string, RecipeLabel>): RunGroup[] {
  const groups = new Map<string, { key: GroupKey; recipeName: string | null; runs: FinishedRun[] }>();
  for (const run of runs) {
    const key = { recipeHash: run.recipeHash, arch: run.arch, dataset: run.dataset };
    const id = groupId(key);
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { key, recipeName: run.recipeName, runs: [] }));
    group.runs.push(run);
  }
  return [...groups.values()].map((g) => {
    const recipe = labels.get(g.key.recipeHash) ?? recipeLabel(g.recipeName, g.key.recipeHash);
    const rest = `${g.key.arch} · ${g.key.dataset}`;
    return {
      ...g,
      recipeLabel: recipe,
      label: `${recipe.short} · ${rest}`,
      title: `${recipe.full} · ${rest}`,
      collapsed: g.runs.filter((r) => r.collapsed).length,
    };
  });
}

/** The final values of one split, NaN where a run has none (stats drop and count those). */
export function splitValues(runs: readonly FinishedRun[], split: EvalSplit): number[] {
  return runs.map((r) => r[split] ?? Number.NaN);
}

/**
 * The groups in scope with their number of seeds, for pickers: what `loadGroups` gives without loading
 * a run (the counts come from the database).
 */
export async function finishedGroupList(
  store: Store,
  scope: Scope,
): Promise<{ key: GroupKey; label: string; seeds: number }[]> {
  const [groups, labels] = await Promise.all([finishedGroupMoments(store, scope), allRecipeLabels(store)]);
  return groups.map((g) => ({ key: g.key, label: groupLabels(g, labels).label, seeds: g.runs }));
}
