import { type ChildProcess, fork } from "node:child_process";
import type { TrainingProgress } from "@seedscope/train";
import { isWorkerMessage, type ParentMessage, workerName } from "./messages";
import { RestartBudget } from "./restart-budget";

/** What happens in a pool, for the caller to show. */
export type PoolEvent =
  | { readonly type: "progress"; readonly slot: number; readonly progress: TrainingProgress }
  | { readonly type: "run-done"; readonly slot: number; readonly runId: number; readonly status: string }
  | { readonly type: "recovered"; readonly slot: number; readonly runs: number }
  | { readonly type: "worker-died"; readonly slot: number; readonly worker: string; readonly how: string }
  | { readonly type: "worker-restarted"; readonly slot: number; readonly worker: string }
  | { readonly type: "slot-down"; readonly slot: number; readonly restarts: number; readonly windowMs: number };

export interface PoolOptions {
  /** How many worker processes run at once. */
  readonly size: number;
  /** The script each worker runs, forked with an IPC channel into this process group. */
  readonly entry: string;
  /** Its command line (after the script). */
  readonly args: readonly string[];
  /** Aborting it stops the pool: each worker is asked to stop, and killed after `stopGraceMs`. */
  readonly signal: AbortSignal;
  readonly onEvent: (event: PoolEvent) => void;
  /**
   * A worker died without recording the runs it held (crash, kill, or killed by the pool on stop): take
   * them over. Awaited before the worker's slot restarts; an error here is reported, not thrown.
   */
  readonly onWorkerLost: (worker: string, why: string) => Promise<void>;
  /** Restarts allowed per slot within `restartWindowMs` (default 3 per minute). */
  readonly maxRestarts?: number;
  readonly restartWindowMs?: number;
  /** How long a stopping worker has to record its run before it is killed (default 500 ms). */
  readonly stopGraceMs?: number;
}

export interface PoolOutcome {
  /** Slots left down after too many restarts. */
  readonly slotsDown: number;
  /** Worker deaths, stop kills included. */
  readonly deaths: number;
}

/**
 * Runs `size` worker processes until each one exits on its own (no work left) or the signal aborts,
 * replacing a worker that dies (kill -9, crash, out of memory) within a restart budget; the others keep
 * running. Never rejects because of a worker.
 */
export async function runWorkerPool(options: PoolOptions): Promise<PoolOutcome> {
  if (!Number.isInteger(options.size) || options.size < 1) {
    throw new RangeError(`worker pool size must be a whole number ≥ 1, got ${options.size}`);
  }
  const maxRestarts = options.maxRestarts ?? 3;
  const windowMs = options.restartWindowMs ?? 60_000;
  const live = new Set<ChildProcess>();
  const takeovers: Promise<void>[] = [];
  let deaths = 0;
  let slotsDown = 0;

  const stopAll = () => {
    for (const child of live) send(child, { type: "stop" });
    const killer = setTimeout(() => {
      for (const child of live) child.kill("SIGKILL");
    }, options.stopGraceMs ?? 500);
    killer.unref();
  };
  options.signal.addEventListener("abort", stopAll, { once: true });

  const lose = async (worker: string, why: string) => {
    deaths++;
    await options.onWorkerLost(worker, why).catch((error: unknown) => {
      process.stderr.write(
        `seedscope: could not take over the runs of ${worker}: ${error instanceof Error ? error.message : String(error)}\n`,
      );
    });
  };

  const runSlot = async (slot: number): Promise<void> => {
    const budget = new RestartBudget(maxRestarts, windowMs);
    for (let first = true; !options.signal.aborted; first = false) {
      const child = fork(options.entry, [...options.args], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
      live.add(child);
      const worker = workerName(child.pid ?? 0);
      if (!first) options.onEvent({ type: "worker-restarted", slot, worker });
      child.on("message", (message: unknown) => {
        if (!isWorkerMessage(message)) return;
        if (message.type === "progress") options.onEvent({ type: "progress", slot, progress: message.progress });
        else if (message.type === "run-done")
          options.onEvent({ type: "run-done", slot, runId: message.runId, status: message.status });
        else options.onEvent({ type: "recovered", slot, runs: message.runs });
      });
      const exit = await exited(child);
      live.delete(child);
      if (exit.code === 0) return;
      const how = exit.signal ? `killed by ${exit.signal}` : `exited with code ${exit.code}`;
      if (options.signal.aborted) {
        // Stopped: a worker killed at the end of its grace (or dying meanwhile) may not have recorded its run.
        await lose(worker, `worker ${worker} ${how} while the sweep stopped`);
        return;
      }
      options.onEvent({ type: "worker-died", slot, worker, how });
      // The replacement starts while the dead worker's runs are taken over: its start-up takes seconds.
      takeovers.push(lose(worker, `worker ${worker} ${how}`));
      if (!budget.take()) {
        slotsDown++;
        options.onEvent({ type: "slot-down", slot, restarts: maxRestarts, windowMs });
        return;
      }
    }
  };

  try {
    await Promise.all(Array.from({ length: options.size }, (_, slot) => runSlot(slot)));
    await Promise.all(takeovers);
  } finally {
    options.signal.removeEventListener("abort", stopAll);
  }
  return { slotsDown, deaths };
}

function send(child: ChildProcess, message: ParentMessage): void {
  if (child.connected) child.send(message, undefined, {}, () => undefined);
}

/** Resolves when the process has exited (a failed spawn counts as an exit with code null). */
function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      if (done) return;
      done = true;
      resolve({ code, signal });
    };
    child.once("exit", finish);
    child.once("error", () => finish(null, null));
  });
}
