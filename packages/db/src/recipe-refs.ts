import { type AnyRecipe, parseRecipe, UserError, type Recipe } from "@seedscope/core";
import { getRecipe, isRecipeName, listRecipes, recipeIdentity } from "@seedscope/recipes";
import type { Store } from "./store";
import { clientsOf } from "./store-clients";

export interface ResolvedRecipe<R extends AnyRecipe = Recipe> {
  readonly recipe: R;
  /** How the user named it, for display. */
  readonly label: string;
  /** Its content hash: the key of its runs in the store (a built-in recipe may have none yet). */
  readonly hash: string;
}

/**
 * Reads a stored recipe body (of any older schema version) as today's recipe; `parseStoredRecipe` also
 * reads an external configuration, for views that show and diff recipes without training them.
 */
export type StoredRecipeReader<R extends AnyRecipe = Recipe> = (body: unknown, what: string) => R;

/**
 * A recipe named on the command line: a built-in name (`deit3`), a stored recipe's hash or hash prefix
 * (at least 6 hex digits), the name of a stored recipe (e.g. one named by `--recipe-name`), or
 * `run:<id>` for the recipe a recorded run used. A stored body is read by `read` (`parseRecipe`, which
 * upgrades an older body; a test passes a later schema's reader).
 */
export async function resolveRecipe(store: Store | null, ref: string): Promise<ResolvedRecipe>;
export async function resolveRecipe<R extends AnyRecipe>(
  store: Store | null,
  ref: string,
  read: StoredRecipeReader<R>,
): Promise<ResolvedRecipe<R | Recipe>>;
export async function resolveRecipe(
  store: Store | null,
  ref: string,
  read: StoredRecipeReader<AnyRecipe> = parseRecipe,
): Promise<ResolvedRecipe<AnyRecipe>> {
  if (isRecipeName(ref)) {
    const recipe = getRecipe(ref);
    return { recipe, label: ref, hash: recipeIdentity(recipe).hash };
  }
  const run = /^run:(\d+)$/.exec(ref);
  if (run) {
    if (Number(run[1]) > 2_147_483_647 || Number(run[1]) < 1)
      throw new UserError(`${ref}: a run id is a whole number from 1 to 2147483647 (see seedscope runs list)`);
    const found =
      store &&
      (await clientsOf(store).prisma.run.findUnique({ where: { id: Number(run[1]) }, include: { recipe: true } }));
    if (!found) throw new UserError(`no run has id ${run[1]}: \`seedscope runs list\` shows the stored runs`);
    return {
      recipe: read(found.recipe.body, `recipe of run ${found.id}`),
      label: `run ${found.id} (${found.recipe.name ?? found.recipeHash.slice(0, 12)})`,
      hash: found.recipeHash,
    };
  }
  if (/^[0-9a-f]{6,64}$/.test(ref) && store) {
    const matches = await clientsOf(store).prisma.recipe.findMany({ where: { hash: { startsWith: ref } }, take: 2 });
    if (matches.length > 1) throw new UserError(`recipe hash prefix ${ref} is ambiguous: give more digits`);
    if (matches.length === 1)
      return {
        recipe: read(matches[0]!.body, `stored recipe ${ref}`),
        label: matches[0]!.name ?? ref,
        hash: matches[0]!.hash,
      };
  }
  if (store) {
    const named = await clientsOf(store).prisma.recipe.findMany({
      where: { name: ref },
      take: 5,
      orderBy: { createdAt: "asc" },
    });
    if (named.length > 1) {
      throw new UserError(
        `recipe name "${ref}" names ${named.length} stored recipes (${named.map((r) => r.hash.slice(0, 12)).join(", ")}): give one of these hashes instead`,
      );
    }
    if (named.length === 1)
      return { recipe: read(named[0]!.body, `stored recipe "${ref}"`), label: ref, hash: named[0]!.hash };
  }
  throw new UserError(
    `unknown recipe "${ref}": give a built-in name (${listRecipes().join(", ")}), a stored recipe hash (prefix of ≥ 6 hex digits), a stored recipe's name or run:<id>`,
  );
}

/** The recipe `hash` and every stored recipe derived from it (its children, their children, …). */
export async function recipeFamily(store: Store, hash: string): Promise<string[]> {
  const rows = await clientsOf(store).sql.query<{ hash: string }>(
    `WITH RECURSIVE family(hash) AS (
       SELECT $1::text
       UNION SELECT r.hash FROM "Recipe" r JOIN family f ON r."parentHash" = f.hash
     ) SELECT hash FROM family`,
    [hash],
  );
  return rows.map((r) => r.hash);
}
