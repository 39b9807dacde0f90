import { z } from "zod";
import { recipeLabelOf, type RecipeLabel } from "@seedscope/recipes";

export type { RecipeLabel };

/** Which runs a comparison looks at: one sweep, one dataset, both, or the whole store. */
export const ScopeSchema = z.object({
  sweepId: z.number().int().positive().optional(),
  dataset: z.string().min(1).optional(),
});
export type Scope = z.infer<typeof ScopeSchema>;

/** One comparison group: the runs of one recipe on one architecture and dataset, one per seed. */
export const GroupKeySchema = z.object({
  recipeHash: z.string().regex(/^[0-9a-f]{64}$/, "recipeHash must be a full 64-hex-digit recipe hash"),
  arch: z.string().min(1),
  dataset: z.string().min(1),
});
export type GroupKey = z.infer<typeof GroupKeySchema>;

export function groupId(key: GroupKey): string {
  return `${key.recipeHash}|${key.arch}|${key.dataset}`;
}

/** A recipe's compact label ("a2 · lr=0.02 +3") and, for its tooltip, the full stored name. */
export function recipeLabel(name: string | null, hash: string): RecipeLabel {
  return recipeLabelOf(name, hash);
}
