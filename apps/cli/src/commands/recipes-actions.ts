import type { Store } from "@seedscope/db";
import {
  diffRecipes,
  describeRecipe,
  effectiveLr,
  getRecipe,
  isRecipeName,
  listRecipes,
  recipeIdentity,
} from "@seedscope/recipes";
import { table } from "../format";
import { withStore } from "../with-store";
import { builtInNameFor, paperReport } from "./recipes-paper";

const show = (value: unknown) => (value === undefined ? "(absent)" : JSON.stringify(value));

/** `seedscope recipes list`: the built-in recipes, without opening (or loading) the store. */
export function listRecipesCommand(): void {
  const rows = listRecipes().map((name) => {
    const r = getRecipe(name);
    return [
      name,
      r.method.kind,
      r.optimizer.kind,
      effectiveLr(r).toPrecision(3),
      r.batchSize,
      r.epochs,
      r.loss,
      recipeIdentity(r).hash.slice(0, 12),
      describeRecipe(name),
    ];
  });
  console.log(
    table(["name", "method", "optimizer", "lr", "batch", "epochs", "loss", "hash", "description"], rows, {
      optional: ["hash", "loss", "batch"],
    }),
  );
}

/** `seedscope recipes show <recipe>`. */
export async function showRecipeCommand(ref: string, opts: { paper?: boolean; json?: boolean }): Promise<void> {
  const { resolveRecipe } = await import("@seedscope/db");
  const resolved = await withRecipeStore(ref, (store) => resolveRecipe(store, ref));
  if (opts.paper) {
    console.log(paperReport(builtInNameFor(ref, resolved), { json: opts.json }));
    return;
  }
  const { recipe, label } = resolved;
  const { hash } = recipeIdentity(recipe);
  console.log(`# ${label}  sha256 ${hash}  effective lr ${effectiveLr(recipe).toPrecision(4)}`);
  console.log(JSON.stringify(recipe, null, 2));
}

/** `seedscope recipes diff <a> <b>`. */
export async function diffRecipesCommand(a: string, b: string, opts: { json?: boolean }): Promise<void> {
  const { resolveRecipe } = await import("@seedscope/db");
  const [ra, rb] = await withRecipeStore(
    `${a} ${b}`,
    async (store) => [await resolveRecipe(store, a), await resolveRecipe(store, b)] as const,
  );
  const changes = diffRecipes(ra.recipe, rb.recipe);
  if (opts.json) {
    console.log(JSON.stringify(changes, null, 2));
  } else if (changes.length === 0) {
    console.log(`${ra.label} and ${rb.label} are the same recipe (${recipeIdentity(ra.recipe).hash.slice(0, 12)})`);
  } else {
    console.log(
      table(
        ["field", ra.label, rb.label],
        changes.map((c) => [c.path, show(c.a), show(c.b)]),
      ),
    );
  }
}

/** Opens the store only when a reference needs it (hashes, run:<id>), so built-in names work anywhere. */
async function withRecipeStore<T>(refs: string, fn: (store: Store | null) => Promise<T>): Promise<T> {
  const needsStore = refs.split(" ").some((r) => !isRecipeName(r));
  return needsStore ? withStore((store) => fn(store)) : fn(null);
}
