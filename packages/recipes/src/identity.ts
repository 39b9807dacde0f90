import { parseRecipe, type Recipe, type RecipeBody, type RecipeMigration, recipeIdentityBody } from "@seedscope/core";
import { canonicalJson, contentHash } from "./canonical";

/** A recipe's identity in the store: the sha256 of its canonical identity JSON, and that JSON. */
export interface RecipeIdentity {
  hash: string;
  canonical: string;
}

/**
 * The hash a stored body is filed under: the sha256 of its identity body (upgraded, without the schema
 * version and without migration-added fields at their old-behaviour defaults; see `recipe-upgrade.ts`),
 * so a body stored before versions existed keeps its hash and its upgraded twin gets the same one. Any
 * JSON object gets a hash; nothing is validated.
 */
export function storedRecipeHash(body: RecipeBody, migrations?: readonly RecipeMigration[]): string {
  return contentHash(recipeIdentityBody(body, migrations));
}

/**
 * Validates `recipe` (so an invalid one never gets a hash) and returns its identity. Key order and
 * whitespace do not matter; any value change does.
 */
export function recipeIdentity(recipe: Recipe): RecipeIdentity {
  const identity = recipeIdentityBody(parseRecipe(recipe));
  return { hash: contentHash(identity), canonical: canonicalJson(identity) };
}
