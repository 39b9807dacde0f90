import type { Store } from "@seedscope/db";
import { summarize, type SampleSummary } from "@seedscope/stats";

export interface GroupSummary {
  /** The recipe's stored name (a derived recipe's may be long: label it for tables), or null. */
  readonly recipe: string | null;
  readonly recipeHash: string;
  readonly arch: string;
  readonly dataset: string;
  readonly val: SampleSummary;
  readonly v2: SampleSummary;
  /** Of the finished seeds summarized, how many collapsed (at chance): included in the statistics. */
  readonly collapsed: number;
}

/**
 * Final top-1 statistics over the finished seeds of each (recipe, arch, dataset) of a sweep. Collapsed
 * runs are finished runs: they count in the statistics, and `collapsed` says how many there are.
 */
export async function sweepSummary(store: Store, sweepId: number): Promise<GroupSummary[]> {
  const rows = await store.sql.query<{
    recipe: string | null;
    recipeHash: string;
    arch: string;
    dataset: string;
    val: number[];
    v2: number[];
    collapsed: number;
  }>(
    `SELECT rc.name AS recipe, r."recipeHash", r.arch, r.dataset,
            array_agg(r."valTop1" ORDER BY r.seed) AS val, array_agg(r."v2Top1" ORDER BY r.seed) AS v2,
            count(*) FILTER (WHERE r.collapsed)::int AS collapsed
     FROM "Run" r JOIN "Recipe" rc ON rc.hash = r."recipeHash"
     WHERE r."sweepId" = $1 AND r.status = 'finished'
     GROUP BY rc.name, r."recipeHash", r.arch, r.dataset ORDER BY min(r.id)`,
    [sweepId],
  );
  return rows.map((r) => ({
    recipe: r.recipe,
    recipeHash: r.recipeHash,
    arch: r.arch,
    dataset: r.dataset,
    val: summarize(r.val),
    v2: summarize(r.v2),
    collapsed: r.collapsed,
  }));
}
