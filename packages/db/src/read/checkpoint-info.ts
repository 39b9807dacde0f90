import type { Store } from "../store";
import { clientsOf } from "../store-clients";

/** What the run page says of a run's checkpoint: only the latest end-of-epoch one is kept. */
export interface CheckpointInfo {
  readonly epoch: number;
  readonly bytes: number;
  readonly savedAt: Date;
}

/** The run's stored checkpoint (its epoch, size and when it was saved), or null when it has none. */
export async function checkpointInfo(store: Store, runId: number): Promise<CheckpointInfo | null> {
  const [row] = await clientsOf(store).sql.query<CheckpointInfo>(
    `SELECT epoch, octet_length(data)::int AS bytes, "savedAt" FROM "Checkpoint" WHERE "runId" = $1`,
    [runId],
  );
  return row ?? null;
}
