import type { Store } from "../store";
import { clientsOf } from "../store-clients";

/** How many stored runs came from one source, and how many of them logged no seed. */
export interface SourceCount {
  /** "seedscope" (trained here), "mlflow", "client", "import:deit-log", … */
  readonly source: string;
  readonly runs: number;
  readonly finished: number;
  /** Runs without a seed: shown in the runs table, left out of every seed statistic. */
  readonly withoutSeed: number;
}

/** The overview's breakdown: runs per source (seedscope's own first, then by count) and the outside studies. */
export async function sourceCounts(store: Store): Promise<{ sources: SourceCount[]; outsideStudies: number }> {
  const sql = clientsOf(store).sql;
  const [sources, studies] = await Promise.all([
    sql.query<SourceCount>(
      `SELECT source, count(*)::int AS runs, count(*) FILTER (WHERE status = 'finished')::int AS finished,
              count(*) FILTER (WHERE seed IS NULL)::int AS "withoutSeed"
       FROM "Run" GROUP BY source ORDER BY source <> 'seedscope', count(*) DESC, source`,
    ),
    sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Sweep" WHERE source <> 'seedscope'`),
  ]);
  return { sources, outsideStudies: studies[0]?.n ?? 0 };
}
