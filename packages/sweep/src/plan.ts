import { UserError, type Recipe } from "@seedscope/core";
import { createRecipe, findOrCreateSweep, planSweepRuns, type PlannedRun, type Store } from "@seedscope/db";
import { listArchitectures } from "@seedscope/models";
import { listDatasets } from "@seedscope/data";
import { applyOverrides, derivedRecipeName, getRecipe, listRecipes } from "@seedscope/recipes";

export interface SweepSpec {
  readonly recipes: readonly string[];
  readonly archs: readonly string[];
  readonly datasets: readonly string[];
  readonly seeds: readonly number[];
  /** Recipe overrides applied to every recipe (`--epochs` becomes `epochs=N`). */
  readonly overrides: readonly string[];
  readonly datasetOptions: Readonly<Record<string, unknown>>;
  readonly name?: string;
}

/** Above this many runs a sweep needs an explicit confirmation. */
export const LARGE_SWEEP = 10_000;

function checkNames(kind: string, given: readonly string[], valid: readonly string[]): void {
  if (given.length === 0) throw new UserError(`--${kind} needs at least one name; valid: ${valid.join(", ")}`);
  for (const name of given) {
    if (!valid.includes(name)) throw new UserError(`unknown ${kind} "${name}"; valid names: ${valid.join(", ")}`);
  }
}

/** Checks every name before anything is written, so a typo costs nothing. */
export function validateSweepSpec(spec: SweepSpec, confirmedLarge: boolean): { runs: number; recipes: Map<string, Recipe> } {
  checkNames("recipe", spec.recipes, listRecipes());
  checkNames("arch", spec.archs, listArchitectures().map((a) => a.name));
  checkNames("dataset", spec.datasets, listDatasets().map((d) => d.name));
  if (spec.seeds.length === 0) throw new UserError("--seeds selects no seed; e.g. --seeds 0-99");
  const recipes = new Map(spec.recipes.map((name) => [name, spec.overrides.length ? applyOverrides(getRecipe(name), [...spec.overrides]) : getRecipe(name)]));
  const runs = spec.recipes.length * spec.archs.length * spec.datasets.length * spec.seeds.length;
  if (runs > LARGE_SWEEP && !confirmedLarge) {
    throw new UserError(`this sweep plans ${runs.toLocaleString("en-US")} runs (more than ${LARGE_SWEEP.toLocaleString("en-US")}); add --yes to launch it`);
  }
  return { runs, recipes };
}

/**
 * Stores the sweep (or finds the one with the same plan), its recipes and one queued run per
 * (recipe, arch, dataset, seed), and returns the sweep id and the runs that still need work.
 */
export async function planSweep(store: Store, spec: SweepSpec, launchedBy: string, confirmedLarge = false): Promise<{ sweepId: number; created: boolean; pending: number[]; total: number }> {
  const { runs: total, recipes } = validateSweepSpec(spec, confirmedLarge);
  const hashes = new Map<string, string>();
  for (const [name, recipe] of recipes) {
    const parent = spec.overrides.length ? (await createRecipe(store, { body: { ...getRecipe(name) }, name })).hash : undefined;
    const label = parent ? derivedRecipeName(name, spec.overrides) : name;
    const { hash } = await createRecipe(store, { body: { ...recipe }, name: label, ...(parent ? { parentHash: parent } : {}) });
    hashes.set(name, hash);
  }
  const plan = {
    // The name is part of the identity: the same command continues a sweep, another --name starts one.
    name: spec.name ?? null,
    recipes: spec.recipes.map((name) => ({ name, hash: hashes.get(name)! })),
    archs: spec.archs,
    datasets: spec.datasets,
    seeds: spec.seeds,
    overrides: spec.overrides,
    datasetOptions: spec.datasetOptions,
  };
  const sweep = await findOrCreateSweep(store, { plan, launchedBy, ...(spec.name ? { name: spec.name } : {}) });
  const planned: PlannedRun[] = [];
  for (const recipe of plan.recipes)
    for (const arch of spec.archs)
      for (const dataset of spec.datasets)
        for (const seed of spec.seeds) planned.push({ recipeHash: recipe.hash, arch, dataset, seed, datasetOptions: { ...spec.datasetOptions } });
  const pending = await planSweepRuns(store, sweep.id, planned);
  return { sweepId: sweep.id, created: sweep.created, pending, total };
}
