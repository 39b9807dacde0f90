import { parseRecipe, type Recipe } from "@seedscope/core";
import { canonicalJson, contentHash } from "./canonical";

/** A recipe's identity in the store: the sha256 of its canonical JSON, and that JSON. */
export interface RecipeIdentity {
  hash: string;
  canonical: string;
}

/**
 * Validates `recipe` (so an invalid one never gets a hash) and returns its identity. Key order and
 * whitespace do not matter; any value change does.
 */
export function recipeIdentity(recipe: Recipe): RecipeIdentity {
  const valid = parseRecipe(recipe);
  return { hash: contentHash(valid), canonical: canonicalJson(valid) };
}
