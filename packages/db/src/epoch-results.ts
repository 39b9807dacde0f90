import type { Store } from "./store";
import { clientsOf } from "./store-clients";

export interface EpochTop1 {
  readonly val: number | null;
  readonly v2: number | null;
}

/** Val and v2 top-1 of one committed epoch of a run (null where not logged). */
export async function epochTop1(store: Store, runId: number, epoch: number): Promise<EpochTop1> {
  const rows = await clientsOf(store).sql.query<{ key: string; value: number }>(
    `SELECT key, value FROM "Metric" WHERE "runId" = $1 AND step = $2 AND key IN ('val/top1', 'v2/top1')`,
    [runId, epoch],
  );
  const value = (key: string) => rows.find((r) => r.key === key)?.value ?? null;
  return { val: value("val/top1"), v2: value("v2/top1") };
}
