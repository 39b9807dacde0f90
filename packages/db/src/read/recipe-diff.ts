import { parseStoredRecipe, UserError, type AnyRecipe } from "@seedscope/core";
import { resolveRecipe } from "../recipe-refs";
import type { Store } from "../store";
import { finishedGroupMoments, type GroupMoments } from "./group-moments";
import { withAdjustedPValues, type PairComparison, type SplitSummaries } from "./group-stats";
import { momentSummaries } from "./labelled-groups";
import { comparePairOfMoments } from "./moment-comparison";
import { recipeDifferences, valueAt } from "./recipe-fields";
import { allRecipeLabels } from "./recipe-labels";
import { recipeLabel } from "./scope";
import { clientsOf } from "../store-clients";

export interface RecipeColumn {
  readonly ref: string;
  readonly hash: string;
  /** Short label among the recipes compared, and the full stored name for its tooltip. */
  readonly label: string;
  readonly title: string;
}

/** One recipe's finished seeds on one architecture and dataset: accuracies are only comparable within one. */
export interface RecipeGroupStats {
  readonly hash: string;
  readonly arch: string;
  readonly dataset: string;
  readonly stats: SplitSummaries;
  readonly collapsed: number;
}

export interface RecipeDiffTable {
  readonly columns: RecipeColumn[];
  /** Only the fields where at least two of the recipes differ, in path order; undefined = field absent. */
  readonly fields: { path: string; values: unknown[] }[];
  /** Final val and v2 per recipe × arch × dataset (never pooled over architectures), recipes in column order. */
  readonly groups: RecipeGroupStats[];
}

/** Runs whose final numbers a recipe column shows: optionally one architecture and dataset. */
export interface RecipeRunFilter {
  readonly arch?: string;
  readonly dataset?: string;
}

/** A recipe's finished runs in the filter, one group per (arch, dataset) in arch, dataset order, as moments. */
async function groupsOf(store: Store, hash: string, filter: RecipeRunFilter): Promise<Map<string, GroupMoments>> {
  const groups = await finishedGroupMoments(store, { recipeHash: hash, arch: filter.arch, dataset: filter.dataset });
  return new Map(groups.map((g) => [`${g.key.arch}|${g.key.dataset}`, g]));
}

function groupStats(hash: string, group: GroupMoments): RecipeGroupStats {
  const { arch, dataset } = group.key;
  return { hash, arch, dataset, stats: momentSummaries(group), collapsed: group.collapsed };
}

/**
 * Tables 6.4–6.5: the recipes side by side, only the fields that differ, then each recipe's final
 * val and v2 (mean ± std over its finished seeds, with n) on each architecture and dataset.
 */
export async function recipeDiffTable(
  store: Store,
  refs: readonly string[],
  filter: RecipeRunFilter,
): Promise<RecipeDiffTable> {
  const resolved = await Promise.all(refs.map((ref) => resolveRecipe(store, ref, parseStoredRecipe)));
  const paths = new Map<string, unknown[]>();
  resolved.forEach((r, i) => {
    for (const other of resolved.slice(i + 1)) {
      for (const d of recipeDifferences(r.recipe, other.recipe)) paths.set(d.path, []);
    }
  });
  const fields = [...paths.keys()]
    .sort()
    .map((path) => ({ path, values: resolved.map((r) => valueAt(r.recipe, path)) }));
  const labels = await allRecipeLabels(store);
  const columns = resolved.map((r, i) => {
    const label = labels.get(r.hash) ?? { short: r.label, full: r.label };
    return { ref: refs[i]!, hash: r.hash, label: label.short, title: label.full };
  });
  const perRecipe = await Promise.all(resolved.map((r) => groupsOf(store, r.hash, filter)));
  const groups = resolved.flatMap((r, i) => [...perRecipe[i]!.values()].map((g) => groupStats(r.hash, g)));
  return { columns, fields, groups };
}

export interface AblationStepGroup extends RecipeGroupStats {
  /** This step against the previous one on the same arch and dataset; null where that one has no runs. */
  readonly versusPrevious: PairComparison | null;
}

export interface AblationStep {
  readonly hash: string;
  readonly label: string;
  readonly title: string;
  /** What this step changed relative to the previous one (empty for the first). */
  readonly changes: { path: string; from: unknown; to: unknown }[];
  /** The step's finished seeds per arch × dataset (empty when it has none). */
  readonly groups: AblationStepGroup[];
}

const MAX_PATH_LENGTH = 100;

/** The chain of parents from the root recipe down to `hash`: each step's change and its effect. */
export async function ablationPath(store: Store, hash: string, filter: RecipeRunFilter): Promise<AblationStep[]> {
  const chain: { hash: string; name: string | null; recipe: AnyRecipe }[] = [];
  let next: string | null = hash;
  while (next !== null && chain.length < MAX_PATH_LENGTH) {
    const row: { hash: string; name: string | null; parentHash: string | null; body: unknown } | null = await clientsOf(
      store,
    ).prisma.recipe.findUnique({ where: { hash: next } });
    if (!row) {
      if (chain.length === 0) throw new UserError(`no stored recipe has hash ${hash}: pick one from the recipe list`);
      break;
    }
    chain.unshift({
      hash: row.hash,
      name: row.name,
      recipe: parseStoredRecipe(row.body, `stored recipe ${row.hash.slice(0, 12)}`),
    });
    next = row.parentHash;
  }
  const labels = await allRecipeLabels(store);
  const groupsPerStep = await Promise.all(chain.map((c) => groupsOf(store, c.hash, filter)));
  const steps = chain.map((step, i) => {
    const label = labels.get(step.hash) ?? recipeLabel(step.name, step.hash);
    const previous = i === 0 ? null : groupsPerStep[i - 1]!;
    return {
      hash: step.hash,
      label: label.short,
      title: label.full,
      changes:
        i === 0
          ? []
          : recipeDifferences(chain[i - 1]!.recipe, step.recipe).map((d) => ({ path: d.path, from: d.a, to: d.b })),
      groups: [...groupsPerStep[i]!].map(([id, group]) => {
        const before = previous?.get(id);
        return {
          ...groupStats(step.hash, group),
          versusPrevious: before ? comparePairOfMoments(group, before) : null,
        };
      }),
    };
  });
  return adjustAlongPath(steps);
}

/** Every step-to-step test of the path corrected together (Holm), so a long path cannot fish for one p < 0.05. */
function adjustAlongPath(steps: AblationStep[]): AblationStep[] {
  const tested = steps.flatMap((step, i) =>
    step.groups.flatMap((g, j) => (g.versusPrevious ? [{ i, j, comparison: g.versusPrevious }] : [])),
  );
  const { pairs } = withAdjustedPValues(tested, "holm");
  const adjusted = new Map(pairs.map((p) => [`${p.i}|${p.j}`, p.comparison]));
  return steps.map((step, i) => ({
    ...step,
    groups: step.groups.map((g, j) => ({ ...g, versusPrevious: adjusted.get(`${i}|${j}`) ?? g.versusPrevious })),
  }));
}

export interface StoredRecipe {
  readonly hash: string;
  readonly label: string;
  readonly title: string;
  readonly parentHash: string | null;
  /** Runs of this recipe within the filter (any status). */
  readonly runs: number;
}

/** Every stored recipe with its number of runs on the filter's architecture and dataset, for pickers. */
export async function listStoredRecipes(store: Store, filter: RecipeRunFilter = {}): Promise<StoredRecipe[]> {
  const rows = await clientsOf(store).sql.query<{
    hash: string;
    name: string | null;
    parentHash: string | null;
    runs: number;
  }>(
    `SELECT rc.hash, rc.name, rc."parentHash",
            count(r.id) FILTER (WHERE ($1::text IS NULL OR r.arch = $1) AND ($2::text IS NULL OR r.dataset = $2))::int AS runs
     FROM "Recipe" rc LEFT JOIN "Run" r ON r."recipeHash" = rc.hash
     GROUP BY rc.hash ORDER BY rc.name NULLS LAST, rc.hash`,
    [filter.arch ?? null, filter.dataset ?? null],
  );
  const labels = await allRecipeLabels(store);
  return rows.map((r) => {
    const label = labels.get(r.hash) ?? recipeLabel(r.name, r.hash);
    return { hash: r.hash, label: label.short, title: label.full, parentHash: r.parentHash, runs: r.runs };
  });
}
