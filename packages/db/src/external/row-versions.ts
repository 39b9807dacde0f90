import type { Store } from "../store";
import { clientsOf } from "../store-clients";

/** One imported run's rows as PostgreSQL last wrote them: any UPDATE, DELETE or INSERT shows as a changed xmin. */
export interface ImportedRowVersions {
  readonly runId: number;
  readonly externalKey: string;
  /** The transaction that last wrote the Run row. */
  readonly runXmin: string;
  /** The transactions that last wrote its Metric rows, in (key, step) order, and their number. */
  readonly metricXmins: string;
  readonly metrics: number;
  readonly events: number;
}

/**
 * The row versions of every run of the given source ("import:deit-log", …), by run id: what a test compares
 * before and after a second import to see that it changed no row at all.
 */
export async function importedRowVersions(store: Store, source: string): Promise<ImportedRowVersions[]> {
  return clientsOf(store).sql.query<ImportedRowVersions>(
    `SELECT r.id AS "runId", r."externalKey", r.xmin::text AS "runXmin",
            COALESCE((SELECT string_agg(m.xmin::text, ',' ORDER BY m.key, m.step) FROM "Metric" m WHERE m."runId" = r.id), '') AS "metricXmins",
            (SELECT count(*)::int FROM "Metric" m WHERE m."runId" = r.id) AS metrics,
            (SELECT count(*)::int FROM "RunEvent" e WHERE e."runId" = r.id) AS events
     FROM "Run" r WHERE r.source = $1 ORDER BY r.id`,
    [source],
  );
}
