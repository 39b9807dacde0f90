import { UserError, type Recipe } from "@seedscope/core";
import { createRecipe, findOrCreateSweep, nameRecipe, planSweepRuns, type PlannedRun, type Store } from "@seedscope/db";
import { listArchitectures } from "@seedscope/models";
import { listDatasets } from "@seedscope/data";
import {
  applyOverrides,
  checkSmallDigitsDatasets,
  derivedRecipeName,
  getRecipe,
  listRecipes,
  overridesOnTop,
  smallDigitsOverrides,
} from "@seedscope/recipes";
import { dataDirOptions } from "./dataset-options";

export interface SweepSpec {
  readonly recipes: readonly string[];
  readonly archs: readonly string[];
  readonly datasets: readonly string[];
  readonly seeds: readonly number[];
  /** Recipe overrides applied to every recipe (`--epochs` becomes `epochs=N`). */
  readonly overrides: readonly string[];
  /** `--small-digits`: each recipe at its small-digits setting first, `overrides` on top. */
  readonly smallDigits?: boolean;
  readonly datasetOptions: Readonly<Record<string, unknown>>;
  /** `--data-dir`: becomes each dataset's `dir` (or `root` for image-folder); see `dataDirOptions`. */
  readonly dataDir?: string;
  readonly name?: string;
  /**
   * `--recipe-name`: the name of the recipe derived by the overrides, instead of the generated override
   * list; with several recipes it must hold `{recipe}`, replaced by each base name.
   */
  readonly recipeName?: string;
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
export function validateSweepSpec(
  spec: SweepSpec,
  confirmedLarge: boolean,
): { runs: number; recipes: Map<string, Recipe> } {
  checkNames("recipe", spec.recipes, listRecipes());
  checkNames(
    "arch",
    spec.archs,
    listArchitectures().map((a) => a.name),
  );
  checkNames(
    "dataset",
    spec.datasets,
    listDatasets().map((d) => d.name),
  );
  if (spec.seeds.length === 0) throw new UserError("--seeds selects no seed; e.g. --seeds 0-99");
  for (const dataset of spec.datasets) dataDirOptions(dataset, spec.dataDir);
  if (spec.smallDigits) checkSmallDigitsDatasets(spec.datasets);
  derivedNames(spec);
  const recipes = new Map(
    spec.recipes.map((name) => {
      const overrides = recipeOverrides(spec, name);
      return [name, overrides.length ? applyOverrides(getRecipe(name), overrides) : getRecipe(name)];
    }),
  );
  const runs = spec.recipes.length * spec.archs.length * spec.datasets.length * spec.seeds.length;
  if (runs > LARGE_SWEEP && !confirmedLarge) {
    throw new UserError(
      `this sweep plans ${runs.toLocaleString("en-US")} runs (more than ${LARGE_SWEEP.toLocaleString("en-US")}); add --yes to launch it`,
    );
  }
  return { runs, recipes };
}

type OverrideSpec = Pick<SweepSpec, "recipes" | "overrides" | "recipeName" | "smallDigits">;

/** The overrides the named recipe `name` is trained with: its small-digits setting (if asked for), then `overrides`. */
function recipeOverrides(spec: Pick<SweepSpec, "overrides" | "smallDigits">, name: string): string[] {
  return spec.smallDigits ? overridesOnTop(smallDigitsOverrides(getRecipe(name)), spec.overrides) : [...spec.overrides];
}

/** The name each recipe's derived version is stored under: `--recipe-name` or the generated override list. */
export function derivedNames(spec: OverrideSpec): Map<string, string> {
  const { recipeName, recipes, overrides } = spec;
  if (recipeName !== undefined) {
    if (recipeName.trim() === "") throw new UserError("--recipe-name is empty; give a name, e.g. --recipe-name a2-hot");
    if (overrides.length === 0 && !spec.smallDigits) {
      throw new UserError(
        "--recipe-name names the recipe derived by --set / --epochs; without them each recipe keeps its own name: drop --recipe-name",
      );
    }
    if (recipes.length > 1 && !recipeName.includes("{recipe}")) {
      throw new UserError(
        `--recipe-name: this sweep derives ${recipes.length} recipes (${recipes.join(", ")}), one name each: put {recipe} in it, e.g. --recipe-name "{recipe}-hot"`,
      );
    }
  }
  return new Map(
    recipes.map((name) => [
      name,
      recipeName === undefined
        ? derivedRecipeName(name, recipeOverrides(spec, name))
        : recipeName.replaceAll("{recipe}", name),
    ]),
  );
}

/**
 * Stores the sweep (or finds the one with the same plan), its recipes and one queued run per
 * (recipe, arch, dataset, seed), and returns the sweep id and the runs that still need work.
 */
export async function planSweep(
  store: Store,
  spec: SweepSpec,
  launchedBy: string,
  confirmedLarge = false,
): Promise<{ sweepId: number; created: boolean; pending: number[]; total: number }> {
  const { runs: total, recipes } = validateSweepSpec(spec, confirmedLarge);
  const labels = derivedNames(spec);
  const hashes = new Map<string, string>();
  for (const [name, recipe] of recipes) {
    const parent = recipeOverrides(spec, name).length
      ? (await createRecipe(store, { body: { ...getRecipe(name) }, name })).hash
      : undefined;
    const label = parent ? labels.get(name)! : name;
    const { hash } = await createRecipe(store, {
      body: { ...recipe },
      name: label,
      ...(parent ? { parentHash: parent } : {}),
    });
    if (spec.recipeName !== undefined) await nameRecipe(store, hash, label);
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
    // Only when given, so that the plans (and identities) of sweeps without it stay as they were.
    ...(spec.smallDigits ? { smallDigits: true } : {}),
    datasetOptions: spec.datasetOptions,
    // Only when given, so that the plans (and identities) of sweeps without it stay as they were.
    ...(spec.dataDir === undefined ? {} : { dataDir: spec.dataDir }),
  };
  const sweep = await findOrCreateSweep(store, { plan, launchedBy, ...(spec.name ? { name: spec.name } : {}) });
  const planned: PlannedRun[] = [];
  for (const recipe of plan.recipes)
    for (const arch of spec.archs)
      for (const dataset of spec.datasets)
        for (const seed of spec.seeds)
          planned.push({
            recipeHash: recipe.hash,
            arch,
            dataset,
            seed,
            datasetOptions: { ...spec.datasetOptions, ...dataDirOptions(dataset, spec.dataDir) },
          });
  const pending = await planSweepRuns(store, sweep.id, planned);
  return { sweepId: sweep.id, created: sweep.created, pending, total };
}
