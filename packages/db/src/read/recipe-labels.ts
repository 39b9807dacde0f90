import { isExternalRecipeBody, parseStoredRecipe } from "@seedscope/core";
import type { Store } from "../store";
import { distinguishingLabels } from "./distinct-labels";
import { recipeDifferences, valueAt } from "./recipe-fields";
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
  const rows = await clientsOf(store).sql.query<StoredRow>(
    `SELECT hash, name, body FROM "Recipe" WHERE hash = ANY($1::text[])`,
    [unique],
  );
  // Seedscope's recipes are told apart by their fields, configurations from other trainers by their
  // parameters ("external · lr=0.001"): each kind among its own, so that neither label lists the other's fields.
  const external = rows.filter((r) => isExternalRecipeBody(r.body));
  const own = rows.filter((r) => !isExternalRecipeBody(r.body));
  return new Map([...ownLabels(own), ...distinctAmong(external, { base: EXTERNAL_BASE })]);
}

interface StoredRow {
  hash: string;
  name: string | null;
  body: unknown;
}

function ownLabels(rows: readonly StoredRow[]): Map<string, RecipeLabel> {
  if (rows.length === 1) return new Map([[rows[0]!.hash, recipeLabel(rows[0]!.name, rows[0]!.hash)]]);
  return distinctAmong(rows, {});
}

function distinctAmong(rows: readonly StoredRow[], extra: { base?: string }): Map<string, RecipeLabel> {
  if (rows.length === 0) return new Map();
  // Beyond this many, comparing every pair costs more than the labels gain: each gets its compact name.
  if (rows.length > MAX_COMPARED || rows.length === 1)
    return distinguishingLabels(
      rows.map((r) => ({ hash: r.hash, name: r.name, valueAt: () => undefined, ...extra })),
      [],
    );
  const recipes = rows.map((r) => ({
    ...r,
    recipe: parseStoredRecipe(r.body, `stored recipe ${r.hash.slice(0, 12)}`),
  }));
  const paths = new Set<string>();
  for (let i = 0; i < recipes.length; i++) {
    for (let j = i + 1; j < recipes.length; j++)
      for (const d of recipeDifferences(recipes[i]!.recipe, recipes[j]!.recipe)) paths.add(d.path);
  }
  return distinguishingLabels(
    recipes.map((r) => ({ hash: r.hash, name: r.name, valueAt: (path: string) => valueAt(r.recipe, path), ...extra })),
    [...paths],
  );
}

/** The base of an unnamed external recipe's label. */
export const EXTERNAL_BASE = "external";
