import { z } from "zod";
import { parseInput } from "./errors";
import { AugmentSchema, RECIPE_SCHEMA_VERSION, RecipeSchema } from "./recipe";
import { RECIPE_MIGRATIONS, type RecipeMigration, upgradeStoredRecipe } from "./recipe-upgrade";

/*
 * A made-up next schema version, for tests that show recipes stored by today's version survive a schema
 * change: it adds `augment.grayscale` (probability of turning an image gray), whose old-behaviour value
 * is 0. The real schema and migration list are untouched; tests read stored bodies with these instead.
 */

export const NEXT_RECIPE_SCHEMA_VERSION = RECIPE_SCHEMA_VERSION + 1;

export const NEXT_VERSION_MIGRATIONS: readonly RecipeMigration[] = [
  ...RECIPE_MIGRATIONS,
  { to: NEXT_RECIPE_SCHEMA_VERSION, adds: [{ path: "augment.grayscale", default: 0 }] },
];

export const NextVersionRecipeSchema = RecipeSchema.safeExtend({
  schemaVersion: z.literal(NEXT_RECIPE_SCHEMA_VERSION),
  augment: AugmentSchema.safeExtend({ grayscale: z.number().min(0).max(1) }),
});

export type NextVersionRecipe = z.output<typeof NextVersionRecipeSchema>;

/** What `parseRecipe` does (upgrade, then validate), with the next version's migrations and schema. */
export function parseNextVersionRecipe(body: unknown, what = "recipe"): NextVersionRecipe {
  return parseInput(NextVersionRecipeSchema, upgradeStoredRecipe(body, what, NEXT_VERSION_MIGRATIONS), what);
}
