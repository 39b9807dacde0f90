import { abandonRun, orphanedSweepRuns, type OrphanedRun, type Store, takeOverOrphanedRuns } from "@seedscope/db";
import type { RunQueue } from "./queue";

/**
 * Queues orphaned runs again: those interrupted more than `maxRetries` times are failed with the cause,
 * the others get a new job. Returns how many were queued.
 */
export async function requeueOrphans(
  store: Store,
  queue: RunQueue,
  sweepId: number,
  runs: readonly OrphanedRun[],
  maxRetries: number,
): Promise<number> {
  const retry: number[] = [];
  for (const run of runs) {
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
  await queue.enqueue(sweepId, retry, { first: true });
  return retry.length;
}

/**
 * Takes over the sweep's runs whose worker died (still `running` with a stale heartbeat, or whose worker
 * is a dead process of this host): marks them `interrupted` and queues them again. Cheap enough to run
 * every few seconds, so a dead worker's run is resumed promptly even while the queue is busy.
 */
export async function recoverDeadWorkersRuns(
  store: Store,
  queue: RunQueue,
  sweepId: number,
  staleMs: number,
  maxRetries: number,
): Promise<number> {
  const taken = await takeOverOrphanedRuns(store, sweepId, staleMs);
  return requeueOrphans(store, queue, sweepId, taken, maxRetries);
}

/**
 * Finds every run of the sweep that needs a worker again — `interrupted` ones too, which may have lost
 * their job (e.g. a sweep stopped by Ctrl-C) — and queues it. For when the queue has run dry.
 */
export async function requeueStaleRuns(
  store: Store,
  queue: RunQueue,
  sweepId: number,
  staleMs: number,
  maxRetries: number,
): Promise<number> {
  await takeOverOrphanedRuns(store, sweepId, staleMs);
  const rows = await orphanedSweepRuns(store, sweepId, staleMs);
  return requeueOrphans(store, queue, sweepId, rows, maxRetries);
}
