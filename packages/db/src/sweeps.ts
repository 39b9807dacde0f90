import { z } from "zod";
import { parseInput, UserError, type RunStatus } from "@seedscope/core";
import { DB_NOW } from "./db-now";
import { heartbeatOlderThan } from "./heartbeat";
import { changeRunStatus } from "./run-status";
import type { SqlClient } from "./sql-client";
import type { Store } from "./store";
import { workerProcessGone } from "./worker-process";
import { clientsOf } from "./store-clients";

/** A run in one of these still has work to do (or is being done). */
const UNFINISHED: readonly RunStatus[] = ["queued", "running", "interrupted"];

const PlannedRunSchema = z.object({
  recipeHash: z.string().regex(/^[0-9a-f]{64}$/, "must be the hash returned by createRecipe"),
  arch: z.string().min(1),
  dataset: z.string().min(1),
  seed: z.number().int().min(0).max(2_147_483_647),
  /** Loader options of the dataset (e.g. `dir`), kept in the run's environment until it starts. */
  datasetOptions: z.record(z.string(), z.unknown()).default({}),
});
export type PlannedRun = z.input<typeof PlannedRunSchema>;

/**
 * The sweep with exactly this plan, or a new one. Re-running the same `seedscope sweep` command
 * therefore continues the same sweep rather than starting a second one.
 */
export async function findOrCreateSweep(
  store: Store,
  input: { plan: Record<string, unknown>; name?: string; launchedBy: string },
): Promise<{ id: number; created: boolean }> {
  return clientsOf(store).sql.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(72707370)`);
    const existing = await tx.query<{ id: number }>(
      `SELECT id FROM "Sweep" WHERE plan = $1::jsonb ORDER BY id LIMIT 1`,
      [JSON.stringify(input.plan)],
    );
    if (existing[0]) return { id: existing[0].id, created: false };
    const rows = await tx.query<{ id: number }>(
      `INSERT INTO "Sweep" (name, plan, "launchedBy", "createdAt") VALUES ($1, $2::jsonb, $3, ${DB_NOW}) RETURNING id`,
      [input.name ?? null, JSON.stringify(input.plan), input.launchedBy],
    );
    return { id: rows[0]!.id, created: true };
  });
}

/**
 * Records every planned run of a sweep as `queued` (idempotent: a run already planned is left as it is,
 * whatever its status) and returns the ids of the sweep's runs that still need work, in plan order.
 */
export async function planSweepRuns(store: Store, sweepId: number, runs: readonly PlannedRun[]): Promise<number[]> {
  const planned = runs.map((r) => parseInput(PlannedRunSchema, r, "planned run"));
  await clientsOf(store).sql.transaction(async (tx) => {
    const chunk = 5_000;
    for (let i = 0; i < planned.length; i += chunk) {
      const part = planned.slice(i, i + chunk);
      await tx.query(
        `INSERT INTO "Run" ("sweepId", "recipeHash", arch, "archSpec", dataset, seed, environment, status, "createdAt")
         SELECT $1::int, r, a, jsonb_build_object('arch', a), d, s, jsonb_build_object('datasetOptions', o::jsonb), 'queued', ${DB_NOW}
         FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::text[]) AS t(r, a, d, s, o)
         ON CONFLICT ("sweepId", "recipeHash", arch, dataset, seed, "externalKey") DO NOTHING`,
        [
          sweepId,
          part.map((p) => p.recipeHash),
          part.map((p) => p.arch),
          part.map((p) => p.dataset),
          part.map((p) => p.seed),
          part.map((p) => JSON.stringify(p.datasetOptions)),
        ],
      );
    }
  });
  const rows = await clientsOf(store).sql.query<{ id: number }>(
    `SELECT id FROM "Run" WHERE "sweepId" = $1 AND status IN ('queued', 'interrupted') ORDER BY id`,
    [sweepId],
  );
  return rows.map((r) => r.id);
}

export type ClaimResult =
  /** The run was queued and is now `running` for this worker (under `lease`): train it from scratch. */
  | { kind: "fresh"; lease: number }
  /** The run was interrupted and is now `running` again (under `lease`): resume it from its checkpoint. */
  | { kind: "resume"; epochsDone: number; lease: number }
  /** Nothing to do: it is finished/failed/diverged, or another worker holds it (fresh heartbeat). */
  | { kind: "skip"; status: RunStatus };

/**
 * Takes a run of a sweep for one worker, atomically: of two workers claiming the same run, exactly one
 * gets it. A run still marked running whose heartbeat is older than `staleMs`, or whose recorded worker is
 * a dead process of this host, is treated as interrupted.
 */
export async function claimRun(store: Store, runId: number, worker: string, staleMs: number): Promise<ClaimResult> {
  return clientsOf(store).sql.transaction(async (tx) => {
    const rows = await tx.query<{ status: RunStatus; stale: boolean; epochsDone: number; worker: string | null }>(
      `SELECT status, COALESCE(${heartbeatOlderThan(2)}, true) AS stale,
              "epochsDone", worker
       FROM "Run" WHERE id = $1 FOR UPDATE`,
      [runId, staleMs],
    );
    const run = rows[0];
    if (!run) throw new UserError(`run ${runId} does not exist`);
    const gone = run.status === "running" && !run.stale && workerProcessGone(run.worker);
    const take = async (from: RunStatus, message: string) => {
      const [moved] = await changeRunStatus(tx, { runIds: [runId], from: [from], to: "running", message, worker });
      return moved!.lease;
    };
    if (run.status === "queued") {
      return { kind: "fresh", lease: await take("queued", `started by ${worker}`) };
    }
    if (run.status === "interrupted" || (run.status === "running" && (run.stale || gone))) {
      if (run.status === "running") {
        await changeRunStatus(tx, {
          runIds: [runId],
          from: ["running"],
          to: "interrupted",
          message: gone ? `worker ${run.worker} is gone` : "heartbeat expired",
        });
      }
      const lease = await take("interrupted", `resumed by ${worker} after ${run.epochsDone} epoch(s)`);
      return { kind: "resume", epochsDone: run.epochsDone, lease };
    }
    return { kind: "skip", status: run.status };
  });
}

export interface SweepProgress {
  readonly total: number;
  readonly byStatus: Readonly<Record<RunStatus, number>>;
  /** Finished runs that collapsed (at chance): counted in `byStatus.finished` too. */
  readonly collapsed: number;
}

export async function sweepProgress(store: Store, sweepId: number): Promise<SweepProgress> {
  const rows = await clientsOf(store).sql.query<{ status: RunStatus; n: number; collapsed: number }>(
    `SELECT status, count(*)::int AS n, count(*) FILTER (WHERE collapsed)::int AS collapsed FROM "Run" WHERE "sweepId" = $1 GROUP BY status`,
    [sweepId],
  );
  const byStatus: Record<RunStatus, number> = {
    queued: 0,
    running: 0,
    finished: 0,
    failed: 0,
    diverged: 0,
    interrupted: 0,
  };
  for (const r of rows) byStatus[r.status] = r.n;
  return { total: rows.reduce((n, r) => n + r.n, 0), byStatus, collapsed: rows.reduce((n, r) => n + r.collapsed, 0) };
}

/** Marks the sweep's queued and interrupted runs failed ("cancelled"); running ones stop at their next heartbeat. */
export async function cancelSweep(store: Store, sweepId: number): Promise<number> {
  return clientsOf(store).sql.transaction(async (tx) => {
    const open = await tx.query<{ id: number }>(
      `SELECT id FROM "Run" WHERE "sweepId" = $1 AND status = ANY($2::"RunStatus"[]) FOR UPDATE`,
      [sweepId, UNFINISHED],
    );
    const cancelled = await changeRunStatus(tx, {
      runIds: open.map((r) => r.id),
      from: UNFINISHED,
      to: "failed",
      message: "sweep cancelled",
    });
    return cancelled.length;
  });
}

/** Gives up on a run that cannot go on (e.g. interrupted too often): `failed` with the cause. */
export async function abandonRun(store: Store, runId: number, reason: string): Promise<boolean> {
  const moved = await changeRunStatus(clientsOf(store).sql, {
    runIds: [runId],
    from: UNFINISHED,
    to: "failed",
    message: reason,
  });
  return moved.length === 1;
}

/** Whether a sweep with this id is stored. */
export async function sweepExists(store: Store, sweepId: number): Promise<boolean> {
  return (await clientsOf(store).prisma.sweep.findUnique({ where: { id: sweepId }, select: { id: true } })) !== null;
}

/** Where a stored sweep comes from ("seedscope" for a planned sweep), or null when there is none. */
export async function sweepSource(store: Store, sweepId: number): Promise<string | null> {
  const sweep = await clientsOf(store).prisma.sweep.findUnique({ where: { id: sweepId }, select: { source: true } });
  return sweep?.source ?? null;
}

/** Ids of the sweep's runs not done yet (queued, running or interrupted), ascending. */
export async function unfinishedSweepRuns(store: Store, sweepId: number): Promise<number[]> {
  const runs = await clientsOf(store).prisma.run.findMany({
    where: { sweepId, status: { in: [...UNFINISHED] } },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  return runs.map((r) => r.id);
}

/** A run of a sweep that needs a worker again: interrupted, or running with a stale heartbeat. */
export interface OrphanedRun {
  readonly id: number;
  /** How many times it has been interrupted so far (its `interrupted` events). */
  readonly interruptions: number;
  /** Why it stopped last, as stored. */
  readonly reason: string | null;
}

/**
 * The sweep's runs whose worker died (still `running`, heartbeat older than `staleMs`) or that stopped
 * (`interrupted`), with how often each was interrupted before.
 */
export async function orphanedSweepRuns(store: Store, sweepId: number, staleMs: number): Promise<OrphanedRun[]> {
  return clientsOf(store).sql.query<OrphanedRun>(
    `SELECT r.id, r."statusReason" AS reason,
            (SELECT count(*)::int FROM "RunEvent" e WHERE e."runId" = r.id AND e.status = 'interrupted') AS interruptions
     FROM "Run" r
     WHERE r."sweepId" = $1 AND (r.status = 'interrupted' OR (r.status = 'running' AND ${heartbeatOlderThan(2, "r")}))
     ORDER BY r.id`,
    [sweepId, staleMs],
  );
}

/** Interruption counts of runs, as `OrphanedRun`s, by id. */
async function withInterruptions(db: SqlClient, runIds: readonly number[]): Promise<OrphanedRun[]> {
  if (runIds.length === 0) return [];
  return db.query<OrphanedRun>(
    `SELECT r.id, r."statusReason" AS reason,
            (SELECT count(*)::int FROM "RunEvent" e WHERE e."runId" = r.id AND e.status = 'interrupted') AS interruptions
     FROM "Run" r WHERE r.id = ANY($1::int[]) ORDER BY r.id`,
    [runIds],
  );
}

/**
 * Marks `interrupted` the sweep's runs still `running` whose heartbeat is older than `staleMs` or whose
 * recorded worker is a dead process of this host, so that the next worker resumes them; returns them.
 * Runs another process holds row locks on are left for the next pass.
 */
export async function takeOverOrphanedRuns(store: Store, sweepId: number, staleMs: number): Promise<OrphanedRun[]> {
  return clientsOf(store).sql.transaction(async (tx) => {
    const rows = await tx.query<{ id: number; worker: string | null; stale: boolean }>(
      `SELECT id, worker, COALESCE(${heartbeatOlderThan(2)}, true) AS stale
       FROM "Run" WHERE "sweepId" = $1 AND status = 'running' ORDER BY id FOR UPDATE SKIP LOCKED`,
      [sweepId, staleMs],
    );
    const moved: number[] = [];
    for (const run of rows) {
      const gone = !run.stale && workerProcessGone(run.worker);
      if (!run.stale && !gone) continue;
      const message = gone ? `worker ${run.worker} is gone` : "heartbeat expired";
      const [done] = await changeRunStatus(tx, { runIds: [run.id], from: ["running"], to: "interrupted", message });
      if (done) moved.push(done.id);
    }
    return withInterruptions(tx, moved);
  });
}

/**
 * Marks `interrupted` every run still `running` under this worker name (a worker process known to be
 * dead, e.g. by its parent), with `reason`; returns them.
 */
export async function interruptWorkerRuns(store: Store, worker: string, reason: string): Promise<OrphanedRun[]> {
  return clientsOf(store).sql.transaction(async (tx) => {
    const rows = await tx.query<{ id: number }>(
      `SELECT id FROM "Run" WHERE worker = $1 AND status = 'running' ORDER BY id FOR UPDATE`,
      [worker],
    );
    const moved = await changeRunStatus(tx, {
      runIds: rows.map((r) => r.id),
      from: ["running"],
      to: "interrupted",
      message: reason,
    });
    return withInterruptions(
      tx,
      moved.map((m) => m.id),
    );
  });
}

/** Which of a sweep's ended runs `requeueEndedRuns` can put back. */
export type RetryableStatus = "failed" | "diverged";

/**
 * Puts the sweep's runs in one of `statuses` back to `queued` (each with an event saying so); they go on
 * from their last checkpoint when a worker takes them. Returns their ids, ascending.
 */
export async function requeueEndedRuns(
  store: Store,
  sweepId: number,
  statuses: readonly RetryableStatus[],
): Promise<number[]> {
  return clientsOf(store).sql.transaction(async (tx) => {
    const rows = await tx.query<{ id: number }>(
      `SELECT id FROM "Run" WHERE "sweepId" = $1 AND status = ANY($2::"RunStatus"[]) ORDER BY id FOR UPDATE`,
      [sweepId, statuses],
    );
    const moved = await changeRunStatus(tx, {
      runIds: rows.map((r) => r.id),
      from: statuses,
      to: "queued",
      message: "queued again by `seedscope sweep retry`",
    });
    return moved.map((m) => m.id);
  });
}
