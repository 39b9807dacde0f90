import { parseRecipe, UserError, type Recipe } from "@seedscope/core";
import { getRecipe, isRecipeName, listRecipes, recipeIdentity } from "@seedscope/recipes";
import type { Store } from "./store";

export interface ResolvedRecipe {
  readonly recipe: Recipe;
  /** How the user named it, for display. */
  readonly label: string;
  /** Its content hash: the key of its runs in the store (a built-in recipe may have none yet). */
  readonly hash: string;
}

/**
 * A recipe named on the command line: a built-in name (`deit3`), a stored recipe's hash or hash prefix
 * (at least 6 hex digits), or `run:<id>` for the recipe a recorded run used.
 */
export async function resolveRecipe(store: Store | null, ref: string): Promise<ResolvedRecipe> {
  if (isRecipeName(ref)) {
    const recipe = getRecipe(ref);
    return { recipe, label: ref, hash: recipeIdentity(recipe).hash };
  }
  const run = /^run:(\d+)$/.exec(ref);
  if (run) {
    const found = store && (await store.prisma.run.findUnique({ where: { id: Number(run[1]) }, include: { recipe: true } }));
    if (!found) throw new UserError(`no run has id ${run[1]}: \`seedscope runs list\` shows the stored runs`);
    return { recipe: parseRecipe(found.recipe.body, `recipe of run ${found.id}`), label: `run ${found.id} (${found.recipe.name ?? found.recipeHash.slice(0, 12)})`, hash: found.recipeHash };
  }
  if (/^[0-9a-f]{6,64}$/.test(ref) && store) {
    const matches = await store.prisma.recipe.findMany({ where: { hash: { startsWith: ref } }, take: 2 });
    if (matches.length > 1) throw new UserError(`recipe hash prefix ${ref} is ambiguous: give more digits`);
    if (matches.length === 1) return { recipe: parseRecipe(matches[0]!.body, `stored recipe ${ref}`), label: matches[0]!.name ?? ref, hash: matches[0]!.hash };
  }
  throw new UserError(`unknown recipe "${ref}": give a built-in name (${listRecipes().join(", ")}), a stored recipe hash (prefix of ≥ 6 hex digits) or run:<id>`);
}
