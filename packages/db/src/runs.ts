import { z } from "zod";
import {
  FinalRunStatusSchema,
  parseInput,
  RunSummarySchema,
  UserError,
  type FinalRunStatus,
  type RunSummary,
} from "@seedscope/core";
import type { Prisma } from "../generated/prisma/client";
import type { Store } from "./store";

// Prisma stores DateTime as UTC `timestamp(3)`; raw SQL must compare in UTC too, whatever the session zone.
import { DB_NOW } from "./db-now";

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
});
export type StartRunInput = z.input<typeof StartRunSchema>;

/** Records a new run as `running`, with its heartbeat set to now. */
export async function startRun(store: Store, input: StartRunInput): Promise<{ id: number }> {
  const run = parseInput(StartRunSchema, input, "run");
  const recipe = await store.prisma.recipe.findUnique({ where: { hash: run.recipeHash }, select: { hash: true } });
  if (!recipe)
    throw new UserError(`run.recipeHash: no stored recipe has hash ${run.recipeHash}; call createRecipe first`);
  return store.sql.transaction(async (tx) => {
    const rows = await tx.query<{ id: number }>(
      `INSERT INTO "Run" ("recipeHash", arch, "archSpec", dataset, seed, "sweepId", worker, "gitCommit", "gitDirty",
                          environment, params, flops, tags, note, status, "startedAt", "heartbeatAt")
       VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13::text[], $14, 'running', ${DB_NOW}, ${DB_NOW})
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
      ],
    );
    const id = rows[0]!.id;
    await tx.query(`INSERT INTO "RunEvent" ("runId", status, at) VALUES ($1, 'running', ${DB_NOW})`, [id]);
    return { id };
  });
}

/**
 * Marks the run alive. Returns false when the run is no longer `running` (e.g. another process marked
 * it interrupted after a long pause): the caller must stop writing to it.
 */
export async function heartbeat(store: Store, runId: number, progress?: { epochsDone?: number }): Promise<boolean> {
  const rows = await store.sql.query<{ id: number }>(
    `UPDATE "Run" SET "heartbeatAt" = ${DB_NOW}, "epochsDone" = COALESCE($2, "epochsDone")
     WHERE id = $1 AND status = 'running' RETURNING id`,
    [runId, progress?.epochsDone ?? null],
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

/** Ends a running run with its final status and the final metrics per split. */
export async function finishRun(store: Store, runId: number, input: FinishRunInput): Promise<void> {
  const done = parseInput(FinishRunSchema, input, "run result");
  const summary: RunSummary | undefined = done.summary;
  await store.sql.transaction(async (tx) => {
    const rows = await tx.query<{ id: number }>(
      `UPDATE "Run" SET status = $2::"RunStatus", "statusReason" = $3, summary = $4::jsonb, "valTop1" = $5, "v2Top1" = $6,
              throughput = COALESCE($7, throughput), "peakMemoryMb" = COALESCE($8, "peakMemoryMb"),
              "epochsDone" = COALESCE($9, "epochsDone"), collapsed = $10, "finishedAt" = ${DB_NOW}, "heartbeatAt" = ${DB_NOW}
       WHERE id = $1 AND status = 'running' RETURNING id`,
      [
        runId,
        done.status,
        done.reason ?? null,
        summary === undefined ? null : JSON.stringify(summary),
        summary?.val?.top1 ?? null,
        summary?.v2?.top1 ?? null,
        done.throughput ?? null,
        done.peakMemoryMb ?? null,
        done.epochsDone ?? null,
        done.collapsed ?? false,
      ],
    );
    if (rows.length === 0) {
      const current = await tx.query<{ status: string }>(`SELECT status FROM "Run" WHERE id = $1`, [runId]);
      if (current.length === 0) throw new UserError(`run ${runId} does not exist`);
      throw new UserError(`run ${runId} is ${current[0]!.status}, not running: only a running run can be finished`);
    }
    await tx.query(
      `INSERT INTO "RunEvent" ("runId", status, message, at) VALUES ($1, $2::"RunStatus", $3, ${DB_NOW})`,
      [runId, done.status satisfies FinalRunStatus, done.reason ?? null],
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
  return store.sql.transaction(async (tx) => {
    const rows = await tx.query<{ id: number }>(
      `UPDATE "Run" SET status = 'interrupted', "statusReason" = $2, "finishedAt" = ${DB_NOW}
       WHERE status = 'running' AND "heartbeatAt" < ${DB_NOW} - make_interval(secs => $1::double precision / 1000)
       RETURNING id`,
      [olderThanMs, message],
    );
    const ids = rows.map((r) => r.id).sort((a, b) => a - b);
    if (ids.length > 0) {
      await tx.query(
        `INSERT INTO "RunEvent" ("runId", status, message, at) SELECT unnest($1::int[]), 'interrupted', $2, ${DB_NOW}`,
        [ids, message],
      );
    }
    return ids;
  });
}

export type RunRecord = Prisma.RunGetPayload<{ include: { recipe: true } }>;

/**
 * Puts an `interrupted` run back to `running` (resuming it from its checkpoint) and returns the epochs it
 * had completed. Only an interrupted run can be resumed: a running one still belongs to its process.
 */
export async function resumeRun(
  store: Store,
  runId: number,
  options: { worker?: string } = {},
): Promise<{ epochsDone: number }> {
  return store.sql.transaction(async (tx) => {
    const rows = await tx.query<{ epochsDone: number }>(
      `UPDATE "Run" SET status = 'running', "statusReason" = NULL, "finishedAt" = NULL, "heartbeatAt" = ${DB_NOW},
              worker = COALESCE($2, worker)
       WHERE id = $1 AND status = 'interrupted' RETURNING "epochsDone"`,
      [runId, options.worker ?? null],
    );
    if (rows.length === 0) {
      const current = await tx.query<{ status: string }>(`SELECT status FROM "Run" WHERE id = $1`, [runId]);
      if (current.length === 0) throw new UserError(`run ${runId} does not exist`);
      throw new UserError(`run ${runId} is ${current[0]!.status}: only an interrupted run can be resumed`);
    }
    const epochsDone = rows[0]!.epochsDone;
    await tx.query(`INSERT INTO "RunEvent" ("runId", status, message, at) VALUES ($1, 'running', $2, ${DB_NOW})`, [
      runId,
      `resumed after ${epochsDone} epoch(s)`,
    ]);
    return { epochsDone };
  });
}
