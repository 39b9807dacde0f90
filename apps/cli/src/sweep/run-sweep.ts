import { hostname } from "node:os";
import { UserError } from "@seedscope/core";
import { type Store, sweepProgress, sweepSource, unfinishedSweepRuns } from "@seedscope/db";
import type { BackendName } from "@seedscope/engine";
import { type LocalSweepEvent, planSweep, runLocalSweep, type SweepSpec } from "@seedscope/sweep";
import { SEEDSCOPE_BIN } from "../bin-path";
import { threadsPerWorker } from "../threads";
import { SweepProgressView } from "../sweep-progress";
import { sayWhenStopped } from "./signals";
import { outcomeLine, summaryTable } from "./summary-table";

// Kept in a module of its own so that registering `sweep` (its --stale-after default) loads nothing heavy.
export { DEFAULT_STALE_SECONDS } from "./defaults";

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

export async function checkSweep(store: Store, id: number): Promise<void> {
  const source = await sweepSource(store, id);
  if (source === null) {
    throw new UserError(`no sweep has id ${id}: \`seedscope sweeps list\` shows the stored sweeps`);
  }
  if (source !== "seedscope") {
    throw new UserError(`sweep ${id} is a study logged from outside seedscope (${source}): it has nothing to train`);
  }
}

export async function pendingRuns(store: Store, id: number): Promise<number[]> {
  await checkSweep(store, id);
  return unfinishedSweepRuns(store, id);
}

/** Plans a sweep (or continues the one with the same plan) and works through it with local workers. */
export async function launchSweep(
  store: Store,
  spec: SweepSpec,
  options: LaunchOptions,
  stop: AbortSignal,
): Promise<number> {
  const planned = await planSweep(
    store,
    spec,
    `${process.env.USER ?? "unknown"}@${hostname()}`,
    options.confirmedLarge,
  );
  process.stderr.write(
    `sweep ${planned.sweepId}${planned.created ? "" : " (continuing)"}: ${planned.total} runs planned, ${planned.pending.length} to do\n`,
  );
  await runSweep(store, planned.sweepId, planned.pending, options, stop);
  return planned.sweepId;
}

/** The `seedscope worker` command line of a pool worker. */
function workerArgs(sweepId: number, options: WorkOptions): string[] {
  return [
    "worker",
    "--sweep",
    String(sweepId),
    "--retries",
    String(options.retries),
    "--stale-after",
    String(options.staleAfterSeconds),
    "--ipc",
    // The cores shared out among the pool (a lone worker gets them all).
    "--threads",
    String(threadsPerWorker(options.workers)),
    ...(options.backend ? ["--backend", options.backend] : []),
  ];
}

/**
 * Queues the runs and works through them with a supervised pool of worker processes, then prints the
 * outcome. Exit code 130 when stopped by a signal, 1 when a run failed or diverged.
 */
export async function runSweep(
  store: Store,
  sweepId: number,
  pending: readonly number[],
  options: WorkOptions,
  stop: AbortSignal,
): Promise<void> {
  const { workers, staleAfterSeconds, retries } = options;
  const resumeHint = `stopped; continue with: seedscope sweep resume ${sweepId}`;
  sayWhenStopped(resumeHint);
  process.stderr.write(
    `sweep ${sweepId}: ${workers} worker${workers === 1 ? "" : "s"} (stale after ${staleAfterSeconds} s, ${retries} retries)\n`,
  );
  if (!stop.aborted && pending.length > 0) {
    const view = new SweepProgressView(sweepId, () => sweepProgress(store, sweepId));
    await view.start();
    try {
      await runLocalSweep(store, {
        sweepId,
        pending,
        workers: options.workers,
        maxRetries: options.retries,
        entry: SEEDSCOPE_BIN,
        args: workerArgs(sweepId, options),
        signal: stop,
        onEvent: (event) => show(view, event),
      });
    } finally {
      await view.stop();
    }
  }
  const progress = await sweepProgress(store, sweepId);
  console.log(outcomeLine(sweepId, progress));
  const summary = await summaryTable(store, sweepId);
  if (summary) console.log(summary);
  const bad = progress.byStatus.failed + progress.byStatus.diverged;
  if (stop.aborted) {
    console.log(resumeHint);
    sayWhenStopped(undefined);
    process.exitCode = 130;
  } else if (bad > 0) {
    console.log(
      `sweep ${sweepId}: ${bad} run${bad === 1 ? "" : "s"} failed or diverged (see \`seedscope runs list --sweep ${sweepId} --status failed\`); train them again with: seedscope sweep retry ${sweepId}`,
    );
    process.exitCode = 1;
  }
}

function show(view: SweepProgressView, event: LocalSweepEvent): void {
  switch (event.type) {
    case "progress":
      view.workerProgress(event.slot, event.progress);
      return;
    case "run-done":
    case "recovered":
      void view.refresh();
      return;
    case "worker-died":
      view.note(`worker ${event.slot} (${event.worker}) ${event.how}`);
      return;
    case "worker-restarted":
      view.note(`worker ${event.slot} restarted as ${event.worker}`);
      return;
    case "taken-over":
      view.note(
        `run ${event.runIds.join(", ")} of ${event.worker} marked interrupted${event.requeued ? " and queued again" : ""}`,
      );
      return;
    case "slot-down":
      view.note(
        `worker ${event.slot} died ${event.restarts + 1} times within ${event.windowMs / 1000} s: left down, the other workers go on`,
      );
      return;
  }
}
