import { abandonRun, orphanedSweepRuns, type Store } from "@seedscope/db";
import type { RunQueue } from "./queue";

/**
 * Finds the sweep's runs whose worker died (still `running` with a stale heartbeat) or that stopped
 * (`interrupted`), fails those interrupted more than `maxRetries` times, and queues the others again.
 * Returns how many were queued.
 */
export async function requeueStaleRuns(
  store: Store,
  queue: RunQueue,
  sweepId: number,
  staleMs: number,
  maxRetries: number,
): Promise<number> {
  const rows = await orphanedSweepRuns(store, sweepId, staleMs);
  const retry: number[] = [];
  for (const run of rows) {
    if (run.interruptions > maxRetries) {
      await abandonRun(
        store,
        run.id,
        `interrupted ${run.interruptions} times (retry limit ${maxRetries})${run.reason ? `; last: ${run.reason}` : ""}`,
      );
    } else {
      retry.push(run.id);
    }
  }
  await queue.enqueue(sweepId, retry);
  return retry.length;
}
