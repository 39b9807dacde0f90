import type { Store } from "@seedscope/db";
import { summarize, type SampleSummary } from "@seedscope/stats";

export interface GroupSummary {
  readonly recipe: string;
  readonly arch: string;
  readonly dataset: string;
  readonly val: SampleSummary;
  readonly v2: SampleSummary;
}

/** Final top-1 statistics over the finished seeds of each (recipe, arch, dataset) of a sweep. */
export async function sweepSummary(store: Store, sweepId: number): Promise<GroupSummary[]> {
  const rows = await store.sql.query<{ recipe: string; arch: string; dataset: string; val: number[]; v2: number[] }>(
    `SELECT COALESCE(rc.name, left(r."recipeHash", 12)) AS recipe, r.arch, r.dataset,
            array_agg(r."valTop1" ORDER BY r.seed) AS val, array_agg(r."v2Top1" ORDER BY r.seed) AS v2
     FROM "Run" r JOIN "Recipe" rc ON rc.hash = r."recipeHash"
     WHERE r."sweepId" = $1 AND r.status = 'finished'
     GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    [sweepId],
  );
  return rows.map((r) => ({ recipe: r.recipe, arch: r.arch, dataset: r.dataset, val: summarize(r.val), v2: summarize(r.v2) }));
}
