import { claimRun, sweepProgress, type Store } from "@seedscope/db";
import { trainClaimedRun, type RunResult, type SessionOptions, type TrainingProgress } from "@seedscope/train";
import type { RunQueue } from "./queue";
import { setTimeout as sleep } from "node:timers/promises";
import { recoverDeadWorkersRuns, requeueStaleRuns } from "./recovery";

/** How often a worker looks for runs of dead workers, busy queue or not. */
const RECOVERY_EVERY_MS = 3_000;

export interface WorkerOptions extends Pick<SessionOptions, "backend" | "wasmThreads"> {
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
  /** Called with how many runs of dead workers this worker has just queued again. */
  readonly onRecovered?: (count: number) => void;
}

export interface WorkerSummary {
  readonly trained: number;
  readonly skipped: number;
}

/**
 * Works through a sweep's queue until no run is left to do (or the signal aborts): takes a job, claims
 * its run (exactly one worker wins), trains it — from scratch, or from its checkpoint if it was
 * interrupted — and completes the job. Every few seconds, and whenever the queue is empty, runs of dead
 * workers (stale heartbeat, or a dead process of this host) are re-queued, up to `maxRetries` resumptions.
 */
export async function workSweep(store: Store, queue: RunQueue, options: WorkerOptions): Promise<WorkerSummary> {
  let trained = 0;
  let skipped = 0;
  let nextRecovery = 0;
  const { sweepId, staleMs, maxRetries } = options;
  while (!options.signal?.aborted) {
    if (Date.now() >= nextRecovery) {
      nextRecovery = Date.now() + RECOVERY_EVERY_MS;
      const recovered = await recoverDeadWorkersRuns(store, queue, sweepId, staleMs, maxRetries);
      if (recovered > 0) options.onRecovered?.(recovered);
    }
    const job = await queue.next(sweepId);
    if (!job) {
      const requeued = await requeueStaleRuns(store, queue, sweepId, staleMs, maxRetries);
      if (requeued > 0) continue;
      const { byStatus } = await sweepProgress(store, sweepId);
      if (byStatus.queued + byStatus.running + byStatus.interrupted === 0) break;
      await sleep(options.pollMs ?? 1000, undefined, options.signal ? { signal: options.signal } : {}).catch(
        () => undefined,
      );
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
        ...(options.wasmThreads === undefined ? {} : { wasmThreads: options.wasmThreads }),
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
