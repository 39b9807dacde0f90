import { fork } from "node:child_process";
import { hostname } from "node:os";
import type { Command } from "commander";
import { z } from "zod";
import { parseInput, UserError } from "@seedscope/core";
import { cancelSweep, sweepProgress, type Store } from "@seedscope/db";
import { BACKEND_NAMES, type BackendName } from "@seedscope/engine";
import { parseSeedRange, planSweep, RunQueue, sweepSummary, workSweep, type SweepSpec } from "@seedscope/sweep";
import type { TrainingProgress } from "@seedscope/train";
import { pct, table } from "../format";
import { SweepProgressView } from "../sweep-progress";
import { withStore } from "../with-store";
import { SEEDSCOPE_BIN } from "../bin-path";

const list = (flag: string) => z.string({ error: `${flag} is required` }).transform((s) => s.split(",").map((x) => x.trim()).filter(Boolean));
const int = (flag: string, example: string) => z.coerce.number({ error: `${flag} must be a whole number (e.g. ${example})` }).int(`${flag} must be a whole number (e.g. ${example})`);

const SweepOptionsSchema = z.object({
  recipe: list("--recipe"),
  arch: list("--arch"),
  dataset: list("--dataset").default(["digits"]),
  seeds: z.string({ error: "--seeds is required, e.g. --seeds 0-99" }),
  epochs: int("--epochs", "--epochs 5").positive("--epochs must be ≥ 1").optional(),
  set: z.array(z.string()).default([]),
  name: z.string().max(200).optional(),
  workers: int("--workers", "--workers 2").min(1, "--workers must be ≥ 1").max(64).default(1),
  trainSize: int("--train-size", "--train-size 2000").positive().optional(),
  dataDir: z.string().optional(),
  backend: z.enum(BACKEND_NAMES, { error: `--backend must be one of ${BACKEND_NAMES.join(", ")}` }).optional(),
  yes: z.boolean().default(false),
  retries: int("--retries", "--retries 2").min(0).max(100).default(2),
});

const WorkerOptionsSchema = z.object({
  sweep: int("--sweep", "--sweep 3").positive("--sweep must be a sweep id"),
  staleAfter: int("--stale-after", "--stale-after 60").min(1, "--stale-after must be ≥ 1 second").default(60),
  backend: z.enum(BACKEND_NAMES, { error: `--backend must be one of ${BACKEND_NAMES.join(", ")}` }).optional(),
  retries: int("--retries", "--retries 2").min(0).max(100).default(2),
  ipc: z.boolean().default(false),
});

/** Heartbeats come every 15 s (and at each epoch end): 60 s of silence means the worker is gone. */
const DEFAULT_STALE_MS = 60_000;
const collect = (value: string, previous: string[] = []) => [...previous, value];
const workerName = (index?: number) => `${hostname()}:${process.pid}${index === undefined ? "" : `#${index}`}`;

/** Messages a worker process sends its sweep parent. */
type WorkerMessage = { type: "progress"; progress: TrainingProgress } | { type: "run-done"; runId: number };

export function registerSweepCommands(program: Command): void {
  const sweep = program
    .command("sweep")
    .description("plan N seeds × recipes × architectures × datasets, queue them and train them with local workers")
    .option("--recipe <names>", "comma-separated recipe names, e.g. deit3,a2")
    .option("--arch <names>", "comma-separated architectures, e.g. resnet20,vit-tiny")
    .option("--dataset <names>", "comma-separated datasets", "digits")
    .option("--seeds <range>", "seeds, e.g. 0-99 or 0-4,10")
    .option("--epochs <n>", "override every recipe's epochs")
    .option("--set <key=value>", "override a recipe field in every recipe (repeatable)", collect)
    .option("--name <name>", "a name for the sweep")
    .option("--workers <k>", "local worker processes (PostgreSQL store; the embedded store runs one)", "1")
    .option("--train-size <n>", "train on the first n images of each dataset's train split")
    .option("--data-dir <dir>", "where the dataset's files are (cifar10/100, fashion)")
    .option("--backend <name>", `force a TensorFlow.js backend (${BACKEND_NAMES.join(", ")})`)
    .option("--retries <n>", "times a crashed or killed run is resumed before it is failed", "2")
    .option("--yes", "confirm a sweep of more than 10,000 runs")
    .action(async (raw: Record<string, unknown>) => {
      const opts = parseInput(SweepOptionsSchema, { ...raw, yes: raw.yes === true }, "options");
      const seeds = parseSeedRange(opts.seeds);
      const overrides = [...(opts.epochs === undefined ? [] : [`epochs=${opts.epochs}`]), ...opts.set];
      const datasetOptions: Record<string, unknown> = {
        ...(opts.trainSize === undefined ? {} : { trainSize: opts.trainSize }),
        ...(opts.dataDir === undefined ? {} : { dir: opts.dataDir }),
      };
      await withStore((store) =>
        launchSweep(
          store,
          { recipes: opts.recipe, archs: opts.arch, datasets: opts.dataset, seeds, overrides, datasetOptions, ...(opts.name ? { name: opts.name } : {}) },
          { workers: opts.workers, retries: opts.retries, backend: opts.backend, confirmedLarge: opts.yes },
        ),
      );
    });

  sweep
    .command("resume")
    .description("continue a stopped sweep: finished runs are kept, interrupted ones resume from their checkpoint")
    .argument("<id>", "sweep id")
    .option("--workers <k>", "local worker processes", "1")
    .option("--backend <name>", "force a TensorFlow.js backend")
    .option("--retries <n>", "times a crashed or killed run is resumed before it is failed", "2")
    .action(async (idText: string, raw: Record<string, unknown>) => {
      const id = parseInput(int("sweep id", "`seedscope sweep resume 3`").positive(), idText, "argument");
      const workers = parseInput(int("--workers", "--workers 2").min(1).max(64), raw.workers, "options");
      const retries = parseInput(int("--retries", "--retries 2").min(0).max(100), raw.retries, "options");
      const backend = raw.backend === undefined ? undefined : parseInput(z.enum(BACKEND_NAMES), raw.backend, "--backend");
      await withStore(async (store) => {
        const pending = await pendingRuns(store, id);
        process.stderr.write(`sweep ${id}: ${pending.length} runs to do\n`);
        await runSweep(store, id, pending, workers, retries, backend);
      });
    });

  sweep
    .command("status")
    .description("runs of a sweep by status, and the seed statistics of its finished runs")
    .argument("<id>", "sweep id")
    .action(async (idText: string) => {
      const id = parseInput(int("sweep id", "`seedscope sweep status 3`").positive(), idText, "argument");
      await withStore(async (store) => {
        await checkSweep(store, id);
        const { total, byStatus } = await sweepProgress(store, id);
        console.log(`sweep ${id}: ${total} runs — ${Object.entries(byStatus).map(([s, n]) => `${n} ${s}`).join(", ")}`);
        await printSummary(store, id);
      });
    });

  sweep
    .command("cancel")
    .description("stop a sweep: its queued and interrupted runs are marked failed (cancelled)")
    .argument("<id>", "sweep id")
    .action(async (idText: string) => {
      const id = parseInput(int("sweep id", "`seedscope sweep cancel 3`").positive(), idText, "argument");
      await withStore(async (store) => {
        await checkSweep(store, id);
        console.log(`sweep ${id}: ${await cancelSweep(store, id)} runs cancelled`);
      });
    });

  program
    .command("worker")
    .description("pull runs of a sweep from the shared queue and train them (any machine that reaches the same PostgreSQL)")
    .requiredOption("--sweep <id>", "the sweep to work on")
    .option("--backend <name>", `force a TensorFlow.js backend (${BACKEND_NAMES.join(", ")})`)
    .option("--retries <n>", "times a crashed or killed run is resumed before it is failed", "2")
    .option("--stale-after <seconds>", "a run whose heartbeat is older than this is taken over from its dead worker", "60")
    .option("--ipc", "report progress to a parent `seedscope sweep` (internal)")
    .action(async (raw: Record<string, unknown>) => {
      const opts = parseInput(WorkerOptionsSchema, { ...raw, ipc: raw.ipc === true }, "options");
      await withStore(async (store) => {
        await checkSweep(store, opts.sweep);
        const send = opts.ipc && process.send ? (m: WorkerMessage) => process.send!(m) : null;
        const stop = stopOnSignals();
        const queue = await RunQueue.open(store);
        try {
          const summary = await workSweep(store, queue, {
            sweepId: opts.sweep, worker: workerName(), staleMs: opts.staleAfter * 1000, maxRetries: opts.retries, signal: stop.signal,
            ...(opts.backend ? { backend: opts.backend as BackendName } : {}),
            onProgress: (progress) => send?.({ type: "progress", progress }),
            onRunDone: (result) => (send ? send({ type: "run-done", runId: result.runId }) : console.log(`run ${result.runId}: ${result.status}, val top-1 ${pct(result.summary.val?.top1)}, v2 top-1 ${pct(result.summary.v2?.top1)}`)),
          });
          if (!send) console.log(`worker done: ${summary.trained} runs trained, ${summary.skipped} skipped (taken by others or already done)`);
        } finally {
          await queue.close();
        }
      });
    });
}

function stopOnSignals(): AbortController {
  const stop = new AbortController();
  const onSignal = () => {
    if (stop.signal.aborted) process.exit(130);
    stop.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return stop;
}

async function checkSweep(store: Store, id: number): Promise<void> {
  if (!(await store.prisma.sweep.findUnique({ where: { id }, select: { id: true } }))) {
    throw new UserError(`no sweep has id ${id}: sweeps are listed by \`seedscope runs list\` (column sweep)`);
  }
}

async function pendingRuns(store: Store, id: number): Promise<number[]> {
  await checkSweep(store, id);
  const rows = await store.sql.query<{ id: number }>(
    `SELECT id FROM "Run" WHERE "sweepId" = $1 AND status IN ('queued', 'interrupted', 'running') ORDER BY id`,
    [id],
  );
  return rows.map((r) => r.id);
}

export interface LaunchOptions {
  readonly workers: number;
  readonly retries: number;
  readonly backend: string | undefined;
  readonly confirmedLarge: boolean;
}

/** Plans a sweep (or continues the one with the same plan) and works through it with local workers. */
export async function launchSweep(store: Store, spec: SweepSpec, options: LaunchOptions): Promise<number> {
  if (store.backend === "pglite" && options.workers > 1) {
    throw new UserError(
      "the embedded store serves one process, so it runs one worker: drop --workers, or use a PostgreSQL server for parallel workers (docker compose up -d; DATABASE_URL=…)",
    );
  }
  const planned = await planSweep(store, spec, `${process.env.USER ?? "unknown"}@${hostname()}`, options.confirmedLarge);
  process.stderr.write(`sweep ${planned.sweepId}${planned.created ? "" : " (continuing)"}: ${planned.total} runs planned, ${planned.pending.length} to do\n`);
  await runSweep(store, planned.sweepId, planned.pending, options.workers, options.retries, options.backend);
  return planned.sweepId;
}

/** Queues the runs and works through them: in this process (embedded store) or with K worker processes. */
async function runSweep(store: Store, sweepId: number, pending: readonly number[], workers: number, retries: number, backend: string | undefined): Promise<void> {
  const queue = await RunQueue.open(store);
  const view = new SweepProgressView(sweepId, () => sweepProgress(store, sweepId));
  const stop = stopOnSignals();
  try {
    await queue.enqueue(sweepId, pending);
    await view.start();
    if (workers === 1 && store.backend === "pglite") {
      await workSweep(store, queue, {
        sweepId, worker: workerName(), staleMs: DEFAULT_STALE_MS, maxRetries: retries, signal: stop.signal,
        ...(backend ? { backend: backend as BackendName } : {}),
        onProgress: (p) => view.workerProgress(0, p),
        onRunDone: () => void view.refresh(),
      });
    } else {
      await Promise.all(Array.from({ length: workers }, (_, i) => runWorkerProcess(sweepId, i, retries, backend, view, stop.signal)));
    }
  } finally {
    await view.stop();
    await queue.close();
  }
  const { byStatus, total } = await sweepProgress(store, sweepId);
  console.log(`sweep ${sweepId}: ${byStatus.finished}/${total} finished, ${byStatus.failed + byStatus.diverged} failed or diverged, ${byStatus.interrupted + byStatus.queued + byStatus.running} left`);
  await printSummary(store, sweepId);
  if (stop.signal.aborted) {
    console.log(`stopped; continue with: seedscope sweep resume ${sweepId}`);
    process.exitCode = 130;
  }
}

function runWorkerProcess(sweepId: number, index: number, retries: number, backend: string | undefined, view: SweepProgressView, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const args = ["worker", "--sweep", String(sweepId), "--retries", String(retries), "--ipc", ...(backend ? ["--backend", backend] : [])];
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

async function printSummary(store: Store, sweepId: number): Promise<void> {
  const groups = await sweepSummary(store, sweepId);
  if (groups.length === 0) return;
  const cells = (s: { mean: number; std: number; min: number; max: number }) => [pct(s.mean), pct(s.std), pct(s.min), pct(s.max)];
  console.log(
    table(
      ["recipe", "arch", "dataset", "seeds", "val mean", "std", "min", "max", "v2 mean", "std", "min", "max"],
      groups.map((g) => [g.recipe, g.arch, g.dataset, g.val.n, ...cells(g.val), ...cells(g.v2)]),
    ),
  );
}
