import { parseRecipe, type Recipe } from "@seedscope/core";
import type { Store } from "@seedscope/db";
import { diffRecipes } from "@seedscope/recipes";
import { recipeLabel } from "./scope";

/** The name a derived recipe was given without its override list: "a2 (epochs=3 …)" → "a2". */
function baseName(name: string | null, hash: string): string {
  if (name === null) return hash.slice(0, 12);
  const open = name.indexOf(" (");
  return open > 0 ? name.slice(0, open) : name;
}

function show(value: unknown): string {
  return typeof value === "string" ? value : value === undefined ? "(absent)" : JSON.stringify(value);
}

/**
 * Short labels for recipes shown side by side: the base name plus only the fields in which these
 * recipes differ ("a2 · optimizer.lr=0.02"), instead of every override each one carries.
 */
export async function recipeLabels(store: Store, hashes: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(hashes)];
  if (unique.length === 0) return new Map();
  const rows = await store.sql.query<{ hash: string; name: string | null; body: unknown }>(
    `SELECT hash, name, body FROM "Recipe" WHERE hash = ANY($1::text[])`,
    [unique],
  );
  if (rows.length === 1) return new Map([[rows[0]!.hash, recipeLabel(rows[0]!.name, rows[0]!.hash)]]);
  const recipes = rows.map((r) => ({ ...r, recipe: parseRecipe(r.body, `stored recipe ${r.hash.slice(0, 12)}`) as Recipe }));
  const paths = new Set<string>();
  for (let i = 0; i < recipes.length; i++) {
    for (let j = i + 1; j < recipes.length; j++) for (const d of diffRecipes(recipes[i]!.recipe, recipes[j]!.recipe)) paths.add(d.path);
  }
  const sorted = [...paths].sort();
  return new Map(
    recipes.map((r) => {
      const base = baseName(r.name, r.hash);
      const distinct = sorted.map((path) => `${path}=${show(valueAt(r.recipe, path))}`);
      // Many differing fields make a label as long as the name: then the name is clearer.
      return [r.hash, distinct.length > 0 && distinct.length <= 3 ? `${base} · ${distinct.join(" ")}` : recipeLabel(r.name, r.hash)];
    }),
  );
}

export function valueAt(recipe: Recipe, path: string): unknown {
  let node: unknown = recipe;
  for (const part of path.split(".")) {
    if (typeof node !== "object" || node === null || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}
