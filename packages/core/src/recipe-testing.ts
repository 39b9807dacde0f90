import { z } from "zod";
import { parseInput } from "./errors";
import { AugmentSchema, RecipeSchema } from "./recipe";
import { RECIPE_MIGRATIONS, type RecipeMigration, upgradeRecipeBody } from "./recipe-upgrade";

/*
 * A made-up schema version 2, for tests that show recipes stored by today's version survive a schema
 * change: it adds `augment.grayscale` (probability of turning an image gray), whose old-behaviour value
 * is 0. The real schema and migration list are untouched; tests read stored bodies with these instead.
 */

export const MADE_UP_V2_MIGRATIONS: readonly RecipeMigration[] = [
  ...RECIPE_MIGRATIONS,
  { to: 2, adds: [{ path: "augment.grayscale", default: 0 }] },
];

export const MadeUpRecipeSchemaV2 = RecipeSchema.safeExtend({
  schemaVersion: z.literal(2),
  augment: AugmentSchema.safeExtend({ grayscale: z.number().min(0).max(1) }),
});

export type MadeUpRecipeV2 = z.output<typeof MadeUpRecipeSchemaV2>;

/** What `parseRecipe` does (upgrade, then validate), with version 2's migrations and schema. */
export function parseMadeUpRecipeV2(body: unknown, what = "recipe"): MadeUpRecipeV2 {
  return parseInput(MadeUpRecipeSchemaV2, upgradeRecipeBody(body, what, MADE_UP_V2_MIGRATIONS), what);
}
