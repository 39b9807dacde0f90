import { parseRecipe, UserError, type Recipe } from "@seedscope/core";
import { resolveRecipe, type Store } from "@seedscope/db";
import { diffRecipes } from "@seedscope/recipes";
import { finishedRuns } from "./finished-runs";
import { comparePair, splitSummaries, type PairComparison, type SplitSummaries } from "./group-stats";
import { recipeLabels, valueAt } from "./recipe-labels";
import { recipeLabel } from "./scope";

export interface RecipeColumn {
  readonly ref: string;
  readonly label: string;
  readonly hash: string;
  readonly stats: SplitSummaries;
}

export interface RecipeDiffTable {
  readonly columns: RecipeColumn[];
  /** Only the fields where at least two of the recipes differ, in path order; undefined = field absent. */
  readonly fields: { path: string; values: unknown[] }[];
}

/** Runs whose final numbers a recipe column shows: optionally one architecture and dataset. */
export interface RunFilter {
  readonly arch?: string;
  readonly dataset?: string;
}

/**
 * Tables 6.4–6.5: the recipes side by side, only the fields that differ, then each recipe's final
 * val and v2 (mean ± std over its finished seeds, with n).
 */
export async function recipeDiffTable(store: Store, refs: readonly string[], filter: RunFilter): Promise<RecipeDiffTable> {
  const resolved = await Promise.all(refs.map((ref) => resolveRecipe(store, ref)));
  const paths = new Map<string, unknown[]>();
  resolved.forEach((r, i) => {
    for (const other of resolved.slice(i + 1)) {
      for (const d of diffRecipes(r.recipe, other.recipe)) paths.set(d.path, []);
    }
  });
  const fields = [...paths.keys()].sort().map((path) => ({ path, values: resolved.map((r) => valueAt(r.recipe, path)) }));
  const labels = await recipeLabels(store, resolved.map((r) => r.hash));
  const columns = await Promise.all(
    resolved.map(async (r, i) => ({
      ref: refs[i]!,
      label: labels.get(r.hash) ?? r.label,
      hash: r.hash,
      stats: splitSummaries(await finishedRuns(store, { recipeHash: r.hash, arch: filter.arch, dataset: filter.dataset })),
    })),
  );
  return { columns, fields };
}

export interface AblationStep {
  readonly hash: string;
  readonly label: string;
  /** What this step changed relative to the previous one (empty for the first). */
  readonly changes: { path: string; from: unknown; to: unknown }[];
  readonly stats: SplitSummaries;
  /** This step against the previous one, on each split (null for the first). */
  readonly versusPrevious: PairComparison | null;
}

const MAX_PATH_LENGTH = 100;

/** The chain of parents from the root recipe down to `hash`: each step's change and its effect. */
export async function ablationPath(store: Store, hash: string, filter: RunFilter): Promise<AblationStep[]> {
  const chain: { hash: string; name: string | null; recipe: Recipe }[] = [];
  let next: string | null = hash;
  while (next !== null && chain.length < MAX_PATH_LENGTH) {
    const row: { hash: string; name: string | null; parentHash: string | null; body: unknown } | null =
      await store.prisma.recipe.findUnique({ where: { hash: next } });
    if (!row) {
      if (chain.length === 0) throw new UserError(`no stored recipe has hash ${hash}: pick one from the recipe list`);
      break;
    }
    chain.unshift({ hash: row.hash, name: row.name, recipe: parseRecipe(row.body, `stored recipe ${row.hash.slice(0, 12)}`) });
    next = row.parentHash;
  }
  const labels = await recipeLabels(store, chain.map((c) => c.hash));
  const runsPerStep = await Promise.all(chain.map((c) => finishedRuns(store, { recipeHash: c.hash, arch: filter.arch, dataset: filter.dataset })));
  return chain.map((step, i) => ({
    hash: step.hash,
    label: labels.get(step.hash) ?? recipeLabel(step.name, step.hash),
    changes: i === 0 ? [] : diffRecipes(chain[i - 1]!.recipe, step.recipe).map((d) => ({ path: d.path, from: d.a, to: d.b })),
    stats: splitSummaries(runsPerStep[i]!),
    versusPrevious: i === 0 ? null : comparePair(runsPerStep[i]!, runsPerStep[i - 1]!),
  }));
}

export interface StoredRecipe {
  readonly hash: string;
  readonly label: string;
  readonly parentHash: string | null;
  readonly runs: number;
}

/** Every stored recipe with its number of runs, for pickers. */
export async function listStoredRecipes(store: Store): Promise<StoredRecipe[]> {
  const rows = await store.sql.query<{ hash: string; name: string | null; parentHash: string | null; runs: number }>(
    `SELECT rc.hash, rc.name, rc."parentHash", count(r.id)::int AS runs
     FROM "Recipe" rc LEFT JOIN "Run" r ON r."recipeHash" = rc.hash
     GROUP BY rc.hash ORDER BY rc.name NULLS LAST, rc.hash`,
  );
  return rows.map((r) => ({ hash: r.hash, label: recipeLabel(r.name, r.hash), parentHash: r.parentHash, runs: r.runs }));
}
