import { RECIPE_SCHEMA_VERSION, type RecipeBody } from "@seedscope/core";
import { canonicalJson } from "./canonical";
import { recipeIdentity } from "./identity";
import { applyOverrides, derivedRecipeName } from "./overrides";
import { getRecipe, listRecipes } from "./registry";

/*
 * The recipes as this version of seedscope stores them (`createRecipe`: the canonical JSON of the recipe,
 * under its identity hash), committed once per schema version as `fixtures/recipes-v<N>.json` by
 * `scripts/write-fixture.ts`, so that tests of later versions can read what this one wrote.
 */

export interface StoredRecipeEntry {
  readonly name: string;
  readonly hash: string;
  readonly parentHash: string | null;
  readonly body: RecipeBody;
}

export interface StoredRecipeFixture {
  readonly schemaVersion: number;
  readonly recipes: readonly StoredRecipeEntry[];
}

/** The derived recipe of the fixture: deit3 with overrides, as `seedscope train --set …` stores it. */
export const FIXTURE_BASE = "deit3";
export const FIXTURE_OVERRIDES = ["optimizer.lr=0.002", "epochs=3", "augment.mixupAlpha=0"] as const;

/** The stored form of a recipe body: its canonical JSON read back (sorted keys), as the store keeps it. */
function stored(body: object): RecipeBody {
  return JSON.parse(canonicalJson(body)) as RecipeBody;
}

/** The named recipes and one derived recipe, as this version stores them. */
export function recipeFixture(): StoredRecipeFixture {
  const named = listRecipes().map((name) => {
    const recipe = getRecipe(name);
    return { name, hash: recipeIdentity(recipe).hash, parentHash: null, body: stored(recipe) };
  });
  const base = named.find((r) => r.name === FIXTURE_BASE)!;
  const derived = applyOverrides(getRecipe(FIXTURE_BASE), FIXTURE_OVERRIDES);
  return {
    schemaVersion: RECIPE_SCHEMA_VERSION,
    recipes: [
      ...named,
      {
        name: derivedRecipeName(FIXTURE_BASE, FIXTURE_OVERRIDES),
        hash: recipeIdentity(derived).hash,
        parentHash: base.hash,
        body: stored(derived),
      },
    ],
  };
}
