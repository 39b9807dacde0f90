import { claimRun, sweepProgress, type Store } from "@seedscope/db";
import { trainClaimedRun, type RunResult, type SessionOptions, type TrainingProgress } from "@seedscope/train";
import type { RunQueue } from "./queue";
import { requeueStaleRuns } from "./recovery";

export interface WorkerOptions extends Pick<SessionOptions, "backend"> {
  readonly sweepId: number;
  readonly worker: string;
  readonly signal?: AbortSignal;
  /** A running run whose heartbeat is older than this belongs to a dead worker. */
  readonly staleMs: number;
  /** Times a run may be interrupted (crash, kill) and resumed before it is failed. */
  readonly maxRetries: number;
  readonly onProgress?: (progress: TrainingProgress) => void;
  readonly onRunDone?: (result: RunResult) => void;
  /** How long to wait between polls while other workers still hold runs. */
  readonly pollMs?: number;
}

export interface WorkerSummary {
  readonly trained: number;
  readonly skipped: number;
}

/**
 * Works through a sweep's queue until no run is left to do (or the signal aborts): takes a job, claims
 * its run (exactly one worker wins), trains it — from scratch, or from its checkpoint if it was
 * interrupted — and completes the job. Runs of dead workers are found by their stale heartbeat and
 * re-queued, up to `maxRetries` resumptions.
 */
export async function workSweep(store: Store, queue: RunQueue, options: WorkerOptions): Promise<WorkerSummary> {
  let trained = 0;
  let skipped = 0;
  while (!options.signal?.aborted) {
    const job = await queue.next(options.sweepId);
    if (!job) {
      const requeued = await requeueStaleRuns(store, queue, options.sweepId, options.staleMs, options.maxRetries);
      if (requeued > 0) continue;
      const { byStatus } = await sweepProgress(store, options.sweepId);
      if (byStatus.queued + byStatus.running + byStatus.interrupted === 0) break;
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 1000));
      continue;
    }
    const claim = await claimRun(store, job.runId, options.worker, options.staleMs);
    if (claim.kind === "skip") {
      skipped++;
      await queue.done(options.sweepId, job.id);
      continue;
    }
    try {
      const result = await trainClaimedRun(store, job.runId, {
        ...(options.backend ? { backend: options.backend } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        worker: options.worker,
        lease: claim.lease,
      });
      trained++;
      options.onRunDone?.(result);
    } catch (error) {
      // trainClaimedRun recorded the run as failed with the cause; the job is done either way.
      if (options.signal?.aborted) break;
      process.stderr.write(
        `seedscope: run ${job.runId} failed: ${error instanceof Error ? error.message : String(error)}\n`,
      );
    }
    await queue.done(options.sweepId, job.id);
  }
  return { trained, skipped };
}
