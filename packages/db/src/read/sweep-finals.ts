import type { Store } from "../store";
import { clientsOf } from "../store-clients";

/** The finished seeds of one (recipe, arch, dataset) of a sweep: final top-1 per split, in seed order. */
export interface SweepGroupFinals {
  /** The recipe's stored name, or null. */
  readonly recipe: string | null;
  readonly recipeHash: string;
  readonly arch: string;
  readonly dataset: string;
  /** Final val top-1 per finished seed (null where the run has none). */
  readonly val: (number | null)[];
  readonly v2: (number | null)[];
  /** Of those finished seeds, how many collapsed (at chance). */
  readonly collapsed: number;
}

/** Every group of a sweep that has finished runs, in the order its first run was created. */
export async function sweepGroupFinals(store: Store, sweepId: number): Promise<SweepGroupFinals[]> {
  return clientsOf(store).sql.query<SweepGroupFinals>(
    `SELECT rc.name AS recipe, r."recipeHash", r.arch, r.dataset,
            array_agg(r."valTop1" ORDER BY r.seed) AS val, array_agg(r."v2Top1" ORDER BY r.seed) AS v2,
            count(*) FILTER (WHERE r.collapsed)::int AS collapsed
     FROM "Run" r JOIN "Recipe" rc ON rc.hash = r."recipeHash"
     WHERE r."sweepId" = $1 AND r.status = 'finished' AND r.seed IS NOT NULL AND r."rerunOf" IS NULL
     GROUP BY rc.name, r."recipeHash", r.arch, r.dataset ORDER BY min(r.id)`,
    [sweepId],
  );
}
