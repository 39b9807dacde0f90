import type { RunStatus } from "@seedscope/core";
import { DB_NOW } from "./db-now";
import type { SqlClient } from "./sql-client";

/** One change of `Run.status`. */
export interface RunStatusChange {
  /** The runs to move; those not currently in one of `from` are left as they are. */
  readonly runIds: readonly number[];
  readonly from: readonly RunStatus[];
  readonly to: RunStatus;
  /**
   * The event's message. A run that stops (any status but `running`) also keeps it as its
   * `statusReason`; a run that (re)starts has its `statusReason` cleared.
   */
  readonly message?: string | null;
  /** Who runs it now (only for `to: "running"`); unset keeps the stored worker. */
  readonly worker?: string;
  /**
   * The fencing token the caller holds: the change applies only while the run's lease is still this one
   * (a process whose run was taken over changes nothing). Unset: any lease.
   */
  readonly lease?: number;
}

/** A run that moved, with its lease after the move (raised by one when it moved to `running`). */
export interface MovedRun {
  readonly id: number;
  readonly lease: number;
}

/**
 * The only place that writes `Run.status`: moves the runs and records one `RunEvent` per moved run in the
 * same statement (so both are committed or neither). `running` also sets the heartbeat to now, clears the
 * end time, sets the start time if unset and raises the lease, so that whoever held the run before can no
 * longer write to it; any other status sets the end time. Returns the runs moved, by ascending id.
 */
export async function changeRunStatus(db: SqlClient, change: RunStatusChange): Promise<MovedRun[]> {
  if (change.runIds.length === 0) return [];
  const running = change.to === "running";
  const columns = running
    ? `"statusReason" = NULL, "finishedAt" = NULL, "startedAt" = COALESCE("startedAt", ${DB_NOW}),
       "heartbeatAt" = ${DB_NOW}, worker = COALESCE($6, worker), lease = lease + 1`
    : `"statusReason" = $4, "finishedAt" = ${DB_NOW}`;
  const rows = await db.query<MovedRun>(
    `WITH moved AS (
       UPDATE "Run" SET status = $2::"RunStatus", ${columns}
       WHERE id = ANY($1::int[]) AND status = ANY($3::"RunStatus"[]) AND ($5::int IS NULL OR lease = $5)
       RETURNING id, lease
     ), logged AS (
       INSERT INTO "RunEvent" ("runId", status, message, at) SELECT id, $2::"RunStatus", $4, ${DB_NOW} FROM moved
     )
     SELECT id, lease FROM moved ORDER BY id`,
    [
      change.runIds,
      change.to,
      change.from,
      change.message ?? null,
      change.lease ?? null,
      ...(running ? [change.worker ?? null] : []),
    ],
  );
  return rows;
}
