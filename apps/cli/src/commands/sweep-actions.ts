import type { Command } from "commander";
import { defaultThreads, threadsOption } from "../threads";
import { z } from "zod";
import { parseInput } from "@seedscope/core";
import { cancelSweep, requeueEndedRuns, type RetryableStatus, sweepProgress } from "@seedscope/db";
import { BACKEND_NAMES } from "@seedscope/engine";
import { parseSeedRange, v2FileOptions } from "@seedscope/sweep";
import { DEFAULT_STALE_SECONDS } from "../sweep/defaults";
import { checkSweep, launchSweep, pendingRuns, runSweep } from "../sweep/run-sweep";
import { stopSweepOnSignals } from "../sweep/signals";
import { summaryTable } from "../sweep/summary-table";
import { workCommand } from "../sweep/work-command";
import { withStore } from "../with-store";

const list = (flag: string) =>
  z.string({ error: `${flag} is required` }).transform((s) =>
    s
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean),
  );
const int = (flag: string, example: string) =>
  z.coerce
    .number({ error: `${flag} must be a whole number (e.g. ${example})` })
    .int(`${flag} must be a whole number (e.g. ${example})`);
const backend = z.enum(BACKEND_NAMES, { error: `--backend must be one of ${BACKEND_NAMES.join(", ")}` }).optional();
const retries = int("--retries", "--retries 2")
  .min(0, "--retries must be ≥ 0")
  .max(100, "--retries is at most 100")
  .default(2);
const staleAfter = int("--stale-after", "--stale-after 60")
  .min(1, "--stale-after must be ≥ 1 second")
  .default(DEFAULT_STALE_SECONDS);
const workers = int("--workers", "--workers 2")
  .min(1, "--workers must be ≥ 1")
  .max(64, "--workers is at most 64")
  .default(1);

const SweepOptionsSchema = z.object({
  recipe: list("--recipe"),
  arch: list("--arch"),
  dataset: list("--dataset").default(["digits"]),
  seeds: z.string({ error: "--seeds is required, e.g. --seeds 0-99" }),
  epochs: int("--epochs", "--epochs 5").positive("--epochs must be ≥ 1").optional(),
  set: z.array(z.string()).default([]),
  name: z.string().max(200).optional(),
  recipeName: z.string().max(200, "--recipe-name is at most 200 characters").optional(),
  workers,
  trainSize: int("--train-size", "--train-size 2000").positive("--train-size must be ≥ 1").optional(),
  evalSize: int("--eval-size", "--eval-size 300").positive("--eval-size must be ≥ 1 (e.g. --eval-size 300)").optional(),
  dataDir: z.string().optional(),
  v2Images: z.string().optional(),
  v2Labels: z.string().optional(),
  backend,
  yes: z.boolean().default(false),
  retries,
  staleAfter,
});

const ResumeOptionsSchema = z.object({ workers, backend, retries, staleAfter });
const RetryOptionsSchema = ResumeOptionsSchema.extend({
  failed: z.boolean().default(false),
  diverged: z.boolean().default(false),
});

const WorkerOptionsSchema = z.object({
  sweep: int("--sweep", "--sweep 3").positive("--sweep must be a sweep id"),
  staleAfter,
  backend,
  threads: threadsOption,
  retries,
  ipc: z.boolean().default(false),
});

/**
 * A subcommand's options. Commander gives a flag that `sweep` defines too (`sweep resume 3 --workers 2`) to
 * `sweep`, so the values given there on the command line count as the subcommand's.
 */
function subcommandOptions(command: Command): Record<string, unknown> {
  const own = command.opts();
  const names = new Set(command.options.map((option) => option.attributeName()));
  const parent = command.parent;
  const given = (from: Command) =>
    Object.entries(from.opts()).filter(([key]) => names.has(key) && from.getOptionValueSource(key) === "cli");
  return { ...own, ...Object.fromEntries(parent ? given(parent) : []), ...Object.fromEntries(given(command)) };
}

/** `seedscope sweep`: plans a sweep (or continues the one with the same plan) and trains it. */
export async function sweepCommand(raw: Record<string, unknown>): Promise<void> {
  const stop = stopSweepOnSignals().signal;
  const opts = parseInput(SweepOptionsSchema, { ...raw, yes: raw.yes === true }, "options");
  const seeds = parseSeedRange(opts.seeds);
  const overrides = [...(opts.epochs === undefined ? [] : [`epochs=${opts.epochs}`]), ...opts.set];
  await withStore((store) =>
    launchSweep(
      store,
      {
        recipes: opts.recipe,
        archs: opts.arch,
        datasets: opts.dataset,
        seeds,
        overrides,
        datasetOptions: {
          ...(opts.trainSize === undefined ? {} : { trainSize: opts.trainSize }),
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
export async function resumeCommand(idText: string, command: Command): Promise<void> {
  const stop = stopSweepOnSignals().signal;
  const id = parseInput(int("sweep id", "`seedscope sweep resume 3`").positive(), idText, "argument");
  const opts = parseInput(ResumeOptionsSchema, subcommandOptions(command), "options");
  await withStore(async (store) => {
    const pending = await pendingRuns(store, id);
    process.stderr.write(`sweep ${id}: ${pending.length} runs to do\n`);
    const work = { workers: opts.workers, retries: opts.retries, backend: opts.backend };
    await runSweep(store, id, pending, { ...work, staleAfterSeconds: opts.staleAfter }, stop);
  });
}

/** `seedscope sweep retry <id>`. */
export async function retryCommand(idText: string, command: Command): Promise<void> {
  const stop = stopSweepOnSignals().signal;
  const id = parseInput(int("sweep id", "`seedscope sweep retry 3`").positive(), idText, "argument");
  const raw = subcommandOptions(command);
  const opts = parseInput(
    RetryOptionsSchema,
    { ...raw, failed: raw.failed === true, diverged: raw.diverged === true },
    "options",
  );
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
export async function statusCommand(idText: string): Promise<void> {
  const id = parseInput(int("sweep id", "`seedscope sweep status 3`").positive(), idText, "argument");
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
export async function cancelCommand(idText: string): Promise<void> {
  const id = parseInput(int("sweep id", "`seedscope sweep cancel 3`").positive(), idText, "argument");
  await withStore(async (store) => {
    await checkSweep(store, id);
    console.log(`sweep ${id}: ${await cancelSweep(store, id)} runs cancelled`);
  });
}

/** `seedscope worker --sweep <id>`. */
export async function workerCommand(raw: Record<string, unknown>): Promise<void> {
  const opts = parseInput(WorkerOptionsSchema, { ...raw, ipc: raw.ipc === true }, "options");
  await workCommand({
    sweepId: opts.sweep,
    staleAfterSeconds: opts.staleAfter,
    retries: opts.retries,
    backend: opts.backend,
    threads: opts.threads ?? defaultThreads(),
    ipc: opts.ipc,
  });
}
