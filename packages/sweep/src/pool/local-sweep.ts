import { interruptWorkerRuns, type Store } from "@seedscope/db";
import { RunQueue } from "../queue";
import { requeueOrphans } from "../recovery";
import { type PoolEvent, type PoolOutcome, runWorkerPool } from "./supervisor";

export interface LocalSweepOptions {
  readonly sweepId: number;
  /** Runs to queue before the workers start. */
  readonly pending: readonly number[];
  readonly workers: number;
  /** Times a run may be interrupted and resumed before it is failed. */
  readonly maxRetries: number;
  /** The worker program and its command line (e.g. the CLI's `worker --sweep <id> --ipc`). */
  readonly entry: string;
  readonly args: readonly string[];
  readonly signal: AbortSignal;
  readonly onEvent: (event: LocalSweepEvent) => void;
}

/** A pool event, or the runs of a dead worker marked `interrupted` (and queued again unless stopping). */
export type LocalSweepEvent =
  | PoolEvent
  | {
      readonly type: "taken-over";
      readonly worker: string;
      readonly runIds: readonly number[];
      /** False while the sweep stops: the runs stay `interrupted` for `sweep resume`. */
      readonly requeued: boolean;
    };

/**
 * Queues a sweep's pending runs and works through them with a supervised pool of local worker processes.
 * A worker that dies has the runs it held marked `interrupted` and queued again at once (up to
 * `maxRetries` resumptions each); on stop, a worker that did not record its run in time is killed and its
 * run recorded as interrupted for it, so no run is left `running`.
 */
export async function runLocalSweep(store: Store, options: LocalSweepOptions): Promise<PoolOutcome> {
  const queue = await RunQueue.open(store);
  try {
    await queue.enqueue(options.sweepId, options.pending);
    return await runWorkerPool({
      size: options.workers,
      entry: options.entry,
      args: options.args,
      signal: options.signal,
      onEvent: options.onEvent,
      onWorkerLost: async (worker, why) => {
        const runs = await interruptWorkerRuns(store, worker, why);
        if (runs.length === 0) return;
        const requeued = !options.signal.aborted;
        if (requeued) await requeueOrphans(store, queue, options.sweepId, runs, options.maxRetries);
        options.onEvent({ type: "taken-over", worker, runIds: runs.map((r) => r.id), requeued });
      },
    });
  } finally {
    await queue.close();
  }
}
