// The comparison views as they were computed before the moments moved into SQL: every finished run in
// scope loaded into the process, each group summarized and tested by `@seedscope/stats` on its raw values.
// Kept as the reference that the SQL path is checked against (tests) and timed against (bench), not
// used by the dashboard.
import { parseStoredRecipe, UserError, type AnyRecipe } from "@seedscope/core";
import {
  linearFit,
  pearsonCorrelation,
  pearsonInterval,
  spearmanCorrelation,
  summarize,
  type PAdjustMethod,
} from "@seedscope/stats";
import { resolveRecipe } from "../recipe-refs";
import type { Store } from "../store";
import type { ArchitectureRow } from "./architectures";
import { whyNoLine } from "./estimability";
import { finishedRuns, loadGroups, type FinishedRun } from "./finished-runs";
import type { generalization } from "./generalization";
import { comparePair, splitSummaries, withAdjustedPValues } from "./group-stats";
import type { ArchRecipeMatrix, MatrixPair } from "./matrix";
import type { AblationStep, RecipeDiffTable, RecipeGroupStats, RecipeRunFilter } from "./recipe-diff";
import { recipeDifferences, valueAt } from "./recipe-fields";
import { allRecipeLabels } from "./recipe-labels";
import { recipeLabel, type Scope } from "./scope";
import { clientsOf } from "../store-clients";

/** {@link generalization} computed from every finished run in scope. */
export async function inMemoryGeneralization(store: Store, scope: Scope): ReturnType<typeof generalization> {
  const groups = await loadGroups(store, scope);
  const points = groups.map((g) => ({
    key: g.key,
    label: g.label,
    title: g.title,
    stats: splitSummaries(g.runs),
    collapsed: g.collapsed,
  }));
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

/** The architecture × recipe matrix computed from every finished run in scope. */
export async function inMemoryArchRecipeMatrix(
  store: Store,
  scope: Scope & { correction?: PAdjustMethod },
): Promise<ArchRecipeMatrix> {
  const all = await loadGroups(store, scope);
  const datasets = [...new Set(all.map((g) => g.key.dataset))].sort();
  const dataset = scope.dataset ?? datasets[0];
  const groups = all.filter((g) => g.key.dataset === dataset);
  const archs = [...new Set(groups.map((g) => g.key.arch))].sort();
  const recipes = [
    ...new Map(
      groups.map((g) => [
        g.key.recipeHash,
        { hash: g.key.recipeHash, label: g.recipeLabel.short, title: g.recipeLabel.full },
      ]),
    ).values(),
  ].sort((x, y) => x.label.localeCompare(y.label));
  const runsOf = new Map<string, readonly FinishedRun[]>(
    groups.map((g) => [`${g.key.arch}|${g.key.recipeHash}`, g.runs]),
  );
  const cells = groups.map((g) => ({
    arch: g.key.arch,
    recipeHash: g.key.recipeHash,
    stats: splitSummaries(g.runs),
    collapsed: g.collapsed,
  }));
  const pairs: MatrixPair[] = [];
  for (const arch of archs) {
    const present = recipes.filter((r) => runsOf.has(`${arch}|${r.hash}`));
    eachPair(present, (x, y) =>
      pairs.push({
        along: "row",
        within: arch,
        a: x.hash,
        b: y.hash,
        comparison: comparePair(runsOf.get(`${arch}|${x.hash}`)!, runsOf.get(`${arch}|${y.hash}`)!),
      }),
    );
  }
  for (const recipe of recipes) {
    const present = archs.filter((a) => runsOf.has(`${a}|${recipe.hash}`));
    eachPair(present, (x, y) =>
      pairs.push({
        along: "column",
        within: recipe.hash,
        a: x,
        b: y,
        comparison: comparePair(runsOf.get(`${x}|${recipe.hash}`)!, runsOf.get(`${y}|${recipe.hash}`)!),
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

/** The architectures table computed from every finished run in scope. */
export async function inMemoryArchitectureTable(store: Store, scope: Scope): Promise<ArchitectureRow[]> {
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

/** A recipe's finished runs in the filter, one group per (arch, dataset) in arch, dataset order. */
async function groupsOf(
  store: Store,
  hash: string,
  filter: RecipeRunFilter,
): Promise<Map<string, readonly FinishedRun[]>> {
  const runs = await finishedRuns(store, { recipeHash: hash, arch: filter.arch, dataset: filter.dataset });
  const groups = new Map<string, FinishedRun[]>();
  for (const run of runs) {
    const id = `${run.arch}|${run.dataset}`;
    groups.set(id, [...(groups.get(id) ?? []), run]);
  }
  return groups;
}

function groupStats(hash: string, id: string, runs: readonly FinishedRun[]): RecipeGroupStats {
  const [arch, dataset] = id.split("|") as [string, string];
  return { hash, arch, dataset, stats: splitSummaries(runs), collapsed: runs.filter((r) => r.collapsed).length };
}

/**
 * Tables 6.4–6.5: the recipes side by side, only the fields that differ, then each recipe's final
 * val and v2 (mean ± std over its finished seeds, with n) on each architecture and dataset.
 */
export async function inMemoryRecipeDiffTable(
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
  const groups = resolved.flatMap((r, i) => [...perRecipe[i]!].map(([id, runs]) => groupStats(r.hash, id, runs)));
  return { columns, fields, groups };
}

const MAX_PATH_LENGTH = 100;

/** The chain of parents from the root recipe down to `hash`: each step's change and its effect. */
export async function inMemoryAblationPath(
  store: Store,
  hash: string,
  filter: RecipeRunFilter,
): Promise<AblationStep[]> {
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
      groups: [...groupsPerStep[i]!].map(([id, runs]) => {
        const before = previous?.get(id);
        return { ...groupStats(step.hash, id, runs), versusPrevious: before ? comparePair(runs, before) : null };
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

function eachPair<T>(items: readonly T[], fn: (a: T, b: T) => void): void {
  for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) fn(items[i]!, items[j]!);
}
