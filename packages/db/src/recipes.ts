import { z } from "zod";
import { parseInput, UserError } from "@seedscope/core";
import { canonicalJson, parseDerivedName, storedRecipeHash } from "@seedscope/recipes";
import type { Store } from "./store";
import type { Prisma } from "../generated/prisma/client";
import { clientsOf } from "./store-clients";

const CreateRecipeSchema = z.object({
  body: z.record(z.string(), z.unknown(), "the recipe body must be a JSON object"),
  name: z.string().min(1).max(200).optional(),
  parentHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/, "must be the 64-hex-digit hash of a stored recipe")
    .optional(),
});
export type CreateRecipeInput = z.input<typeof CreateRecipeSchema>;

/**
 * Stores a recipe's canonical JSON under its identity hash (`storedRecipeHash`: a body of an older schema
 * version, or one without a version, is filed under the same hash as its upgraded twin). Storing the same
 * recipe again is a no-op: the first stored body stays (readers upgrade it), a missing name or parent is
 * filled in, nothing else ever changes.
 */
export async function createRecipe(
  store: Store,
  input: CreateRecipeInput,
): Promise<{ hash: string; created: boolean }> {
  const { body, name, parentHash } = parseInput(CreateRecipeSchema, input, "recipe");
  const canonical = JSON.parse(canonicalJson(body)) as Prisma.InputJsonObject;
  const hash = storedRecipeHash(body);
  if (parentHash === hash) throw new UserError("recipe.parentHash: a recipe cannot be its own parent");
  if (parentHash) {
    const parent = await clientsOf(store).prisma.recipe.findUnique({
      where: { hash: parentHash },
      select: { hash: true },
    });
    if (!parent)
      throw new UserError(`recipe.parentHash: no stored recipe has hash ${parentHash}; store the parent first`);
  }
  const rows = await clientsOf(store).sql.query<{ hash: string }>(
    `INSERT INTO "Recipe" (hash, name, "parentHash", body) VALUES ($1, $2, $3, $4::jsonb)
     ON CONFLICT (hash) DO NOTHING RETURNING hash`,
    [hash, name ?? null, parentHash ?? null, JSON.stringify(canonical)],
  );
  if (rows.length > 0) return { hash, created: true };
  await clientsOf(store).sql.query(
    `UPDATE "Recipe" SET name = COALESCE(name, $2), "parentHash" = COALESCE("parentHash", $3) WHERE hash = $1`,
    [hash, name ?? null, parentHash ?? null],
  );
  return { hash, created: false };
}

/**
 * Gives a stored recipe an explicit name (e.g. `--recipe-name`). It replaces no name or a generated one
 * (the base name and override list, see `parseDerivedName`); a recipe already named otherwise by hand,
 * or another recipe already carrying this name, is a UserError — names must find one recipe.
 */
export async function nameRecipe(store: Store, hash: string, name: string): Promise<void> {
  const wanted = parseInput(CreateRecipeSchema.shape.name.unwrap(), name, "recipe name");
  const rows = await clientsOf(store).sql.query<{ hash: string; name: string | null }>(
    `SELECT hash, name FROM "Recipe" WHERE hash = $1 OR name = $2`,
    [hash, wanted],
  );
  const self = rows.find((r) => r.hash === hash);
  if (!self) throw new UserError(`no stored recipe has hash ${hash}; store it first`);
  const other = rows.find((r) => r.hash !== hash);
  if (other)
    throw new UserError(
      `the name "${wanted}" is taken by another recipe (${other.hash.slice(0, 12)}, different settings): choose another name`,
    );
  if (self.name === wanted) return;
  if (self.name !== null && parseDerivedName(self.name) === null) {
    throw new UserError(`this recipe (${hash.slice(0, 12)}) is already named "${self.name}": give that name, or none`);
  }
  await clientsOf(store).sql.query(`UPDATE "Recipe" SET name = $2 WHERE hash = $1`, [hash, wanted]);
}
