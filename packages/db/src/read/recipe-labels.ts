import { type AnyRecipe, parseStoredRecipe } from "@seedscope/core";
import type { Store } from "../store";
import { diffRecipes } from "@seedscope/recipes";
import { distinguishingLabels } from "./distinct-labels";
import { recipeLabel, type RecipeLabel } from "./scope";
import { clientsOf } from "../store-clients";

const MAX_COMPARED = 60;

/** Labels for every stored recipe, told apart from one another: for lists that show them all (runs, pickers). */
export async function allRecipeLabels(store: Store): Promise<Map<string, RecipeLabel>> {
  const rows = await clientsOf(store).sql.query<{ hash: string }>(`SELECT hash FROM "Recipe"`);
  return recipeLabels(
    store,
    rows.map((r) => r.hash),
  );
}

/**
 * Labels for the recipes shown side by side (see {@link distinguishingLabels}): each is named by the
 * fields that set it apart from the others, `full` keeps the stored name for tooltips.
 */
export async function recipeLabels(store: Store, hashes: readonly string[]): Promise<Map<string, RecipeLabel>> {
  const unique = [...new Set(hashes)];
  if (unique.length === 0) return new Map();
  const rows = await clientsOf(store).sql.query<{ hash: string; name: string | null; body: unknown }>(
    `SELECT hash, name, body FROM "Recipe" WHERE hash = ANY($1::text[])`,
    [unique],
  );
  if (rows.length === 1) return new Map([[rows[0]!.hash, recipeLabel(rows[0]!.name, rows[0]!.hash)]]);
  // Beyond this many, comparing every pair costs more than the labels gain: each gets its compact name.
  if (rows.length > MAX_COMPARED)
    return distinguishingLabels(
      rows.map((r) => ({ hash: r.hash, name: r.name, valueAt: () => undefined })),
      [],
    );
  const recipes = rows.map((r) => ({
    ...r,
    recipe: parseStoredRecipe(r.body, `stored recipe ${r.hash.slice(0, 12)}`),
  }));
  const paths = new Set<string>();
  for (let i = 0; i < recipes.length; i++) {
    for (let j = i + 1; j < recipes.length; j++)
      for (const d of diffRecipes(recipes[i]!.recipe, recipes[j]!.recipe)) paths.add(d.path);
  }
  return distinguishingLabels(
    recipes.map((r) => ({ hash: r.hash, name: r.name, valueAt: (path: string) => valueAt(r.recipe, path) })),
    [...paths],
  );
}

export function valueAt(recipe: AnyRecipe, path: string): unknown {
  let node: unknown = recipe;
  for (const part of path.split(".")) {
    if (typeof node !== "object" || node === null || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}
