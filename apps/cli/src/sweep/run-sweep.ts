import { fork } from "node:child_process";
import { hostname } from "node:os";
import { UserError } from "@seedscope/core";
import { sweepExists, sweepProgress, unfinishedSweepRuns, type Store } from "@seedscope/db";
import type { BackendName } from "@seedscope/engine";
import { planSweep, RunQueue, workSweep, type SweepSpec } from "@seedscope/sweep";
import type { TrainingProgress } from "@seedscope/train";
import { SEEDSCOPE_BIN } from "../bin-path";
import { SweepProgressView } from "../sweep-progress";
import { outcomeLine, summaryTable } from "./summary-table";

/** Messages a worker process sends its sweep parent. */
export type WorkerMessage = { type: "progress"; progress: TrainingProgress } | { type: "run-done"; runId: number };

/** Heartbeats come every 15 s (and at each epoch end): 60 s of silence means the worker is gone. */
export const DEFAULT_STALE_SECONDS = 60;

export const workerName = (index?: number) => `${hostname()}:${process.pid}${index === undefined ? "" : `#${index}`}`;

export interface WorkOptions {
  readonly workers: number;
  readonly retries: number;
  readonly backend: BackendName | undefined;
  /** A running run whose heartbeat is older than this many seconds is taken over from its dead worker. */
  readonly staleAfterSeconds: number;
}

export interface LaunchOptions extends WorkOptions {
  readonly confirmedLarge: boolean;
}

export function stopOnSignals(): AbortController {
  const stop = new AbortController();
  const onSignal = () => {
    if (stop.signal.aborted) process.exit(130);
    stop.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return stop;
}

export async function checkSweep(store: Store, id: number): Promise<void> {
  if (!(await sweepExists(store, id))) {
    throw new UserError(`no sweep has id ${id}: \`seedscope sweeps list\` shows the stored sweeps`);
  }
}

export async function pendingRuns(store: Store, id: number): Promise<number[]> {
  await checkSweep(store, id);
  return unfinishedSweepRuns(store, id);
}

/** Plans a sweep (or continues the one with the same plan) and works through it with local workers. */
export async function launchSweep(store: Store, spec: SweepSpec, options: LaunchOptions): Promise<number> {
  const planned = await planSweep(
    store,
    spec,
    `${process.env.USER ?? "unknown"}@${hostname()}`,
    options.confirmedLarge,
  );
  process.stderr.write(
    `sweep ${planned.sweepId}${planned.created ? "" : " (continuing)"}: ${planned.total} runs planned, ${planned.pending.length} to do\n`,
  );
  await runSweep(store, planned.sweepId, planned.pending, options);
  return planned.sweepId;
}

/** Queues the runs and works through them: in this process (embedded store) or with K worker processes. */
export async function runSweep(
  store: Store,
  sweepId: number,
  pending: readonly number[],
  options: WorkOptions,
): Promise<void> {
  const queue = await RunQueue.open(store);
  const view = new SweepProgressView(sweepId, () => sweepProgress(store, sweepId));
  const stop = stopOnSignals();
  try {
    await queue.enqueue(sweepId, pending);
    await view.start();
    if (options.workers === 1 && store.backend === "pglite") {
      await workSweep(store, queue, {
        sweepId,
        worker: workerName(),
        staleMs: options.staleAfterSeconds * 1000,
        maxRetries: options.retries,
        signal: stop.signal,
        ...(options.backend ? { backend: options.backend } : {}),
        onProgress: (p) => view.workerProgress(0, p),
        onRunDone: () => void view.refresh(),
      });
    } else {
      await Promise.all(
        Array.from({ length: options.workers }, (_, i) => runWorkerProcess(sweepId, i, options, view, stop.signal)),
      );
    }
  } finally {
    await view.stop();
    await queue.close();
  }
  console.log(outcomeLine(sweepId, await sweepProgress(store, sweepId)));
  const summary = await summaryTable(store, sweepId);
  if (summary) console.log(summary);
  if (stop.signal.aborted) {
    console.log(`stopped; continue with: seedscope sweep resume ${sweepId}`);
    process.exitCode = 130;
  }
}

function runWorkerProcess(
  sweepId: number,
  index: number,
  options: WorkOptions,
  view: SweepProgressView,
  signal: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const args = [
      "worker",
      "--sweep",
      String(sweepId),
      "--retries",
      String(options.retries),
      "--stale-after",
      String(options.staleAfterSeconds),
      "--ipc",
      ...(options.backend ? ["--backend", options.backend] : []),
    ];
    const child = fork(SEEDSCOPE_BIN, args, { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    const onAbort = () => child.kill("SIGINT");
    signal.addEventListener("abort", onAbort);
    child.on("message", (m: WorkerMessage) => {
      if (m.type === "progress") view.workerProgress(index, m.progress);
      else void view.refresh();
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      signal.removeEventListener("abort", onAbort);
      if (code === 0 || signal.aborted) resolve();
      else reject(new Error(`worker ${index} exited with code ${code}`));
    });
  });
}
