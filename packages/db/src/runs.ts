import { z } from "zod";
import {
  FinalRunStatusSchema,
  parseInput,
  RunSummarySchema,
  UserError,
  type FinalRunStatus,
  type RunStatus,
  type RunSummary,
} from "@seedscope/core";
import type { Prisma } from "../generated/prisma/client";
import { heartbeatOlderThan } from "./heartbeat";
import { workerProcessGone } from "./worker-process";
import { changeRunStatus } from "./run-status";
import type { Store } from "./store";

// Prisma stores DateTime as UTC `timestamp(3)`; raw SQL must compare in UTC too, whatever the session zone.
import { DB_NOW } from "./db-now";
import { clientsOf } from "./store-clients";

const jsonObject = z.record(z.string(), z.unknown());

const StartRunSchema = z.object({
  recipeHash: z.string().regex(/^[0-9a-f]{64}$/, "must be the hash returned by createRecipe"),
  arch: z.string().min(1, "name the architecture, e.g. resnet20"),
  archSpec: jsonObject.default({}),
  dataset: z.string().min(1, "name the dataset, e.g. digits"),
  seed: z.number().int("seeds are integers").min(0, "seeds are ≥ 0").max(2_147_483_647),
  sweepId: z.number().int().positive().optional(),
  worker: z.string().max(200).optional(),
  gitCommit: z.string().max(64).optional(),
  gitDirty: z.boolean().optional(),
  environment: jsonObject.optional(),
  params: z.number().int().nonnegative().optional(),
  flops: z.number().nonnegative().optional(),
  tags: z.array(z.string().min(1).max(100)).max(50).default([]),
  note: z.string().max(10_000).optional(),
  /** The run this one re-executes (`seedscope rerun`). */
  rerunOf: z.number().int().positive().optional(),
});
export type StartRunInput = z.input<typeof StartRunSchema>;

/** Records a new run as `running`, with its heartbeat set to now. */
/** Starts a run: its id, and the lease (fencing token) that this process's writes to it must carry. */
export async function startRun(store: Store, input: StartRunInput): Promise<{ id: number; lease: number }> {
  const run = parseInput(StartRunSchema, input, "run");
  const recipe = await clientsOf(store).prisma.recipe.findUnique({
    where: { hash: run.recipeHash },
    select: { hash: true },
  });
  if (!recipe)
    throw new UserError(`run.recipeHash: no stored recipe has hash ${run.recipeHash}; call createRecipe first`);
  return clientsOf(store).sql.transaction(async (tx) => {
    const rows = await tx.query<{ id: number }>(
      `INSERT INTO "Run" ("recipeHash", arch, "archSpec", dataset, seed, "sweepId", worker, "gitCommit", "gitDirty",
                          environment, params, flops, tags, note, "rerunOf", status)
       VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13::text[], $14, $15, 'queued')
       RETURNING id`,
      [
        run.recipeHash,
        run.arch,
        JSON.stringify(run.archSpec),
        run.dataset,
        run.seed,
        run.sweepId ?? null,
        run.worker ?? null,
        run.gitCommit ?? null,
        run.gitDirty ?? null,
        run.environment === undefined ? null : JSON.stringify(run.environment),
        run.params ?? null,
        run.flops ?? null,
        run.tags,
        run.note ?? null,
        run.rerunOf ?? null,
      ],
    );
    const id = rows[0]!.id;
    const [moved] = await changeRunStatus(tx, { runIds: [id], from: ["queued"], to: "running" });
    return { id, lease: moved!.lease };
  });
}

/**
 * Marks the run alive. Returns false when the run is no longer `running` under this lease (e.g. another
 * process took it over after a long pause): the caller must stop writing to it.
 */
export async function heartbeat(
  store: Store,
  runId: number,
  lease: number | null,
  progress?: { epochsDone?: number },
): Promise<boolean> {
  const rows = await clientsOf(store).sql.query<{ id: number }>(
    `UPDATE "Run" SET "heartbeatAt" = ${DB_NOW}, "epochsDone" = COALESCE($2, "epochsDone")
     WHERE id = $1 AND status = 'running' AND ($3::int IS NULL OR lease = $3) RETURNING id`,
    [runId, progress?.epochsDone ?? null, lease],
  );
  return rows.length === 1;
}

const FinishRunSchema = z.object({
  status: FinalRunStatusSchema,
  reason: z.string().max(10_000).optional(),
  summary: RunSummarySchema.optional(),
  throughput: z.number().nonnegative().optional(),
  peakMemoryMb: z.number().nonnegative().optional(),
  epochsDone: z.number().int().nonnegative().optional(),
  /** Finished at chance: the run learned nothing (see `isCollapsed` in core). */
  collapsed: z.boolean().optional(),
});
export type FinishRunInput = z.input<typeof FinishRunSchema>;

/**
 * Ends a running run with its final status and the final metrics per split. With `lease`, only while the
 * run is still held under it: a process whose run was taken over gets a clear error and writes nothing.
 */
export async function finishRun(
  store: Store,
  runId: number,
  input: FinishRunInput,
  lease: number | null = null,
): Promise<void> {
  const done = parseInput(FinishRunSchema, input, "run result");
  const summary: RunSummary | undefined = done.summary;
  await clientsOf(store).sql.transaction(async (tx) => {
    const moved = await changeRunStatus(tx, {
      runIds: [runId],
      from: ["running"],
      to: done.status satisfies FinalRunStatus,
      message: done.reason ?? null,
      ...(lease === null ? {} : { lease }),
    });
    if (moved.length === 0) {
      const current = await tx.query<{ status: string; lease: number }>(
        `SELECT status, lease FROM "Run" WHERE id = $1`,
        [runId],
      );
      if (current.length === 0) throw new UserError(`run ${runId} does not exist`);
      if (lease !== null && current[0]!.status === "running" && current[0]!.lease !== lease) throw leaseLost(runId);
      throw new UserError(`run ${runId} is ${current[0]!.status}, not running: only a running run can be finished`);
    }
    await tx.query(
      `UPDATE "Run" SET summary = $2::jsonb, "valTop1" = $3, "v2Top1" = $4,
              throughput = COALESCE($5, throughput), "peakMemoryMb" = COALESCE($6, "peakMemoryMb"),
              "epochsDone" = COALESCE($7, "epochsDone"), collapsed = $8, "heartbeatAt" = ${DB_NOW}
       WHERE id = $1`,
      [
        runId,
        summary === undefined ? null : JSON.stringify(summary),
        summary?.val?.top1 ?? null,
        summary?.v2?.top1 ?? null,
        done.throughput ?? null,
        done.peakMemoryMb ?? null,
        done.epochsDone ?? null,
        done.collapsed ?? false,
      ],
    );
  });
}

/**
 * Marks every `running` run whose last heartbeat is older than `olderThanMs` as `interrupted`
 * (its process died). Uses the database clock, so workers on other machines agree. Returns the ids.
 */
export async function markStaleRunsInterrupted(store: Store, olderThanMs: number): Promise<number[]> {
  if (!(olderThanMs >= 0))
    throw new UserError(`olderThanMs must be a non-negative number of milliseconds, got ${olderThanMs}`);
  const message = `no heartbeat for ${Math.round(olderThanMs / 1000)} s: the process running it stopped`;
  return clientsOf(store).sql.transaction(async (tx) => {
    const stale = await tx.query<{ id: number }>(
      `SELECT id FROM "Run" WHERE status = 'running' AND source = 'seedscope' AND ${heartbeatOlderThan(1)} FOR UPDATE`,
      [olderThanMs],
    );
    const moved = await changeRunStatus(tx, {
      runIds: stale.map((r) => r.id),
      from: ["running"],
      to: "interrupted",
      message,
    });
    return moved.map((r) => r.id);
  });
}

export type RunRecord = Prisma.RunGetPayload<{ include: { recipe: true } }>;

/** How long a `running` run's heartbeat may be silent before `resumeRun` takes it over (its process died). */
export const RESUME_STALE_MS = 60_000;

/**
 * Puts an `interrupted` run back to `running` (resuming it from its checkpoint) and returns the epochs it
 * had completed and this process's new lease. A run still marked `running` whose heartbeat is older than
 * `staleMs` (its process was killed) is taken over the same way; one with a fresh heartbeat still belongs
 * to its process and is refused.
 */
export async function resumeRun(
  store: Store,
  runId: number,
  options: { worker?: string; staleMs?: number } = {},
): Promise<{ epochsDone: number; lease: number }> {
  const staleMs = options.staleMs ?? RESUME_STALE_MS;
  return clientsOf(store).sql.transaction(async (tx) => {
    const [current] = await tx.query<{
      status: RunStatus;
      epochsDone: number;
      stale: boolean;
      silentS: number | null;
      worker: string | null;
      source: string;
    }>(
      `SELECT status, "epochsDone", worker, source, COALESCE(${heartbeatOlderThan(2)}, true) AS stale,
              extract(epoch FROM ${DB_NOW} - "heartbeatAt")::float8 AS "silentS"
       FROM "Run" WHERE id = $1 FOR UPDATE`,
      [runId, staleMs],
    );
    if (!current) throw new UserError(`run ${runId} does not exist`);
    if (current.source !== "seedscope")
      throw new UserError(
        `run ${runId} was logged from outside seedscope (${current.source}): it cannot be resumed here`,
      );
    const gone = current.status === "running" && workerProcessGone(current.worker);
    if (current.status === "running" && !current.stale && !gone) {
      throw new UserError(
        `run ${runId} is running in another process (its last heartbeat was ${Math.round(current.silentS ?? 0)} s ago): ` +
          `wait for it, or stop that process; a run whose heartbeat is silent for ${Math.round(staleMs / 1000)} s can be resumed`,
      );
    }
    if (current.status !== "interrupted" && current.status !== "running")
      throw new UserError(`run ${runId} is ${current.status}: only an interrupted run can be resumed`);
    if (current.status === "running") {
      await changeRunStatus(tx, {
        runIds: [runId],
        from: ["running"],
        to: "interrupted",
        message: gone
          ? `its process (${current.worker}) is gone`
          : `no heartbeat for ${Math.round(current.silentS ?? 0)} s: the process running it stopped`,
      });
    }
    const [moved] = await changeRunStatus(tx, {
      runIds: [runId],
      from: ["interrupted"],
      to: "running",
      message: `resumed after ${current.epochsDone} epoch(s)`,
      ...(options.worker === undefined ? {} : { worker: options.worker }),
    });
    return { epochsDone: current.epochsDone, lease: moved!.lease };
  });
}

/** The error a process gets when its run was taken over by another (its lease was raised). */
export function leaseLost(runId: number): UserError {
  return new UserError(
    `run ${runId} was taken over by another process (its heartbeat had gone silent): this process stops without writing to it`,
  );
}

/** One run with its stored recipe, or null when no run has this id. */
export async function getRunWithRecipe(store: Store, runId: number): Promise<RunRecord | null> {
  return clientsOf(store).prisma.run.findUnique({ where: { id: runId }, include: { recipe: true } });
}

/** The epochs a run has committed (its checkpoint's epoch). */
export async function runEpochsDone(store: Store, runId: number): Promise<number> {
  const run = await clientsOf(store).prisma.run.findUnique({ where: { id: runId }, select: { epochsDone: true } });
  if (!run) throw new UserError(`run ${runId} does not exist (see seedscope runs list)`);
  return run.epochsDone;
}

/** Where and on what a planned run trains, recorded when it starts from scratch. */
export interface RunSetup {
  readonly archSpec: Record<string, unknown>;
  readonly environment: Record<string, unknown>;
  readonly params: number;
  readonly flops: number;
  readonly gitCommit: string | null;
  readonly gitDirty: boolean | null;
  /** Unset keeps the stored worker. */
  readonly worker?: string;
}

export async function recordRunSetup(store: Store, runId: number, setup: RunSetup): Promise<void> {
  await clientsOf(store).prisma.run.update({
    where: { id: runId },
    data: {
      archSpec: setup.archSpec as Prisma.InputJsonObject,
      environment: setup.environment as Prisma.InputJsonObject,
      params: setup.params,
      flops: setup.flops,
      gitCommit: setup.gitCommit,
      gitDirty: setup.gitDirty,
      ...(setup.worker === undefined ? {} : { worker: setup.worker }),
    },
  });
}
