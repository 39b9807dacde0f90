import { listRuns, type RunFilter } from "../queries";
import type { Store } from "../store";
import { allRecipeLabels } from "./recipe-labels";
import { recipeLabel, type RecipeLabel } from "./scope";
import { clientsOf } from "../store-clients";
import { type VerifiedBadge, verifiedBadges } from "./verification-view";

export type RunListRow = Awaited<ReturnType<typeof listRuns>>["rows"][number] & {
  /** Finished at chance (flagged by the trainer); shown beside the status, never hidden. */
  readonly collapsed: boolean;
  readonly recipe: RecipeLabel;
  /** Its newest rerun verdict, or its own verdict when it is a rerun; null when never rerun. */
  readonly verified: VerifiedBadge | null;
};

/**
 * The runs table: the db package's filtered, sorted page, with each run's collapse flag and recipe label
 * (the same label for a recipe on every page and in the recipe filter).
 */
export async function runList(store: Store, filter: RunFilter): Promise<{ total: number; rows: RunListRow[] }> {
  const { total, rows } = await listRuns(store, filter);
  const flags =
    rows.length === 0
      ? []
      : await clientsOf(store).sql.query<{ id: number; collapsed: boolean }>(
          `SELECT id, collapsed FROM "Run" WHERE id = ANY($1::int[])`,
          [rows.map((r) => r.id)],
        );
  const collapsed = new Set(flags.filter((f) => f.collapsed).map((f) => f.id));
  const labels = rows.length === 0 ? new Map<string, RecipeLabel>() : await allRecipeLabels(store);
  const badges = await verifiedBadges(
    store,
    rows.map((r) => r.id),
  );
  return {
    total,
    rows: rows.map((r) => ({
      ...r,
      collapsed: collapsed.has(r.id),
      recipe: labels.get(r.recipeHash) ?? recipeLabel(r.recipeName, r.recipeHash),
      verified: badges.get(r.id) ?? null,
    })),
  };
}
