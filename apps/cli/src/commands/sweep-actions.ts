import { cancelSweep, requeueEndedRuns, type RetryableStatus, sweepProgress } from "@seedscope/db";
import { SMALL_DIGITS_TRAIN_SIZE } from "@seedscope/recipes";
import { v2FileOptions } from "@seedscope/sweep";
import { defaultThreads } from "../threads";
import { checkSweep, launchSweep, pendingRuns, runSweep } from "../sweep/run-sweep";
import { stopSweepOnSignals } from "../sweep/signals";
import { summaryTable } from "../sweep/summary-table";
import { workCommand } from "../sweep/work-command";
import { withStore } from "../with-store";
import type { RetryOptions, SweepOptions, WorkerOptions, WorkOptions } from "./sweep-options";

/** `seedscope sweep`: plans a sweep (or continues the one with the same plan) and trains it. */
export async function sweepCommand(opts: SweepOptions): Promise<void> {
  const stop = stopSweepOnSignals().signal;
  const overrides = [...(opts.epochs === undefined ? [] : [`epochs=${opts.epochs}`]), ...opts.set];
  const trainSize = opts.trainSize ?? (opts.smallDigits ? SMALL_DIGITS_TRAIN_SIZE : undefined);
  await withStore((store) =>
    launchSweep(
      store,
      {
        recipes: opts.recipe,
        archs: opts.arch,
        datasets: opts.dataset,
        seeds: opts.seedList,
        overrides,
        ...(opts.smallDigits ? { smallDigits: true } : {}),
        datasetOptions: {
          ...(trainSize === undefined ? {} : { trainSize }),
          ...(opts.evalSize === undefined ? {} : { evalSize: opts.evalSize }),
          ...v2FileOptions(opts.dataset, opts.v2Images, opts.v2Labels),
        },
        ...(opts.dataDir === undefined ? {} : { dataDir: opts.dataDir }),
        ...(opts.name ? { name: opts.name } : {}),
        ...(opts.recipeName === undefined ? {} : { recipeName: opts.recipeName }),
      },
      {
        workers: opts.workers,
        retries: opts.retries,
        backend: opts.backend,
        staleAfterSeconds: opts.staleAfter,
        confirmedLarge: opts.yes,
      },
      stop,
    ),
  );
}

/** `seedscope sweep resume <id>`. */
export async function resumeCommand(id: number, opts: WorkOptions): Promise<void> {
  const stop = stopSweepOnSignals().signal;
  await withStore(async (store) => {
    const pending = await pendingRuns(store, id);
    process.stderr.write(`sweep ${id}: ${pending.length} runs to do\n`);
    const work = { workers: opts.workers, retries: opts.retries, backend: opts.backend };
    await runSweep(store, id, pending, { ...work, staleAfterSeconds: opts.staleAfter }, stop);
  });
}

/** `seedscope sweep retry <id>`. */
export async function retryCommand(id: number, opts: RetryOptions): Promise<void> {
  const stop = stopSweepOnSignals().signal;
  const statuses: RetryableStatus[] =
    opts.failed || opts.diverged
      ? [...(opts.failed ? ["failed" as const] : []), ...(opts.diverged ? ["diverged" as const] : [])]
      : ["failed", "diverged"];
  await withStore(async (store) => {
    await checkSweep(store, id);
    const requeued = await requeueEndedRuns(store, id, statuses);
    const pending = await pendingRuns(store, id);
    process.stderr.write(
      `sweep ${id}: ${requeued.length} ${statuses.join(" or ")} runs queued again, ${pending.length} runs to do\n`,
    );
    const work = { workers: opts.workers, retries: opts.retries, backend: opts.backend };
    await runSweep(store, id, pending, { ...work, staleAfterSeconds: opts.staleAfter }, stop);
  });
}

/** `seedscope sweep status <id>`. */
export async function statusCommand(id: number): Promise<void> {
  await withStore(async (store) => {
    await checkSweep(store, id);
    const progress = await sweepProgress(store, id);
    const counts = Object.entries(progress.byStatus).map(
      ([s, n]) => `${n} ${s}${s === "finished" && progress.collapsed ? ` (${progress.collapsed} collapsed)` : ""}`,
    );
    console.log(`sweep ${id}: ${progress.total} runs — ${counts.join(", ")}`);
    const summary = await summaryTable(store, id);
    if (summary) console.log(summary);
  });
}

/** `seedscope sweep cancel <id>`. */
export async function cancelCommand(id: number): Promise<void> {
  await withStore(async (store) => {
    await checkSweep(store, id);
    console.log(`sweep ${id}: ${await cancelSweep(store, id)} runs cancelled`);
  });
}

/** `seedscope worker --sweep <id>`. */
export async function workerCommand(opts: WorkerOptions): Promise<void> {
  await workCommand({
    sweepId: opts.sweep,
    staleAfterSeconds: opts.staleAfter,
    retries: opts.retries,
    backend: opts.backend,
    threads: opts.threads ?? defaultThreads(),
    ipc: opts.ipc,
  });
}
