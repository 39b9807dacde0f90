import { sweepProgress } from "@seedscope/db";
import type { BackendName } from "@seedscope/engine";
import { linkToParent, RunQueue, stopOnSignals, workerName, workSweep } from "@seedscope/sweep";
import { pct } from "../format";
import { statusText } from "../status-text";
import { withStore } from "../with-store";
import { checkSweep } from "./run-sweep";
import { outcomeLine } from "./summary-table";

export interface WorkCommandOptions {
  readonly sweepId: number;
  readonly staleAfterSeconds: number;
  readonly retries: number;
  readonly backend: BackendName | undefined;
  /** Threads of the wasm backend in this worker. */
  readonly threads: number;
  /** Forked by a `seedscope sweep` pool: report to it, and stop when it says so or goes away. */
  readonly ipc: boolean;
}

/**
 * `seedscope worker`: trains runs of a sweep from its queue until none is left. A signal (or, in a pool,
 * the parent's stop or death) stops it after recording its run as interrupted; further signals are
 * ignored so that it never exits holding a run.
 */
export async function workCommand(options: WorkCommandOptions): Promise<void> {
  const signals = stopOnSignals();
  const parent = options.ipc ? linkToParent() : null;
  const stop = parent ? AbortSignal.any([signals.signal, parent.stop]) : signals.signal;
  try {
    await withStore(async (store) => {
      await checkSweep(store, options.sweepId);
      const queue = await RunQueue.open(store);
      try {
        const summary = await workSweep(store, queue, {
          sweepId: options.sweepId,
          worker: workerName(),
          staleMs: options.staleAfterSeconds * 1000,
          maxRetries: options.retries,
          signal: stop,
          ...(options.backend ? { backend: options.backend } : {}),
          wasmThreads: options.threads,
          onProgress: (progress) => parent?.send({ type: "progress", progress }),
          onRecovered: (runs) => parent?.send({ type: "recovered", runs }),
          onRunDone: (result) =>
            parent
              ? parent.send({ type: "run-done", runId: result.runId, status: result.status })
              : console.log(
                  `run ${result.runId}: ${statusText(result.status, result.collapsed === true, true)}, val top-1 ${pct(result.summary.val?.top1)}, v2 top-1 ${pct(result.summary.v2?.top1)}`,
                ),
        });
        if (!parent) {
          console.log(
            `worker done: ${summary.trained} runs trained, ${summary.skipped} skipped (taken by others or already done)`,
          );
          console.log(outcomeLine(options.sweepId, await sweepProgress(store, options.sweepId)));
        }
      } finally {
        await queue.close();
      }
    });
  } finally {
    signals.dispose();
    parent?.close();
  }
  if (stop.aborted && !parent) process.exitCode = 130;
}
