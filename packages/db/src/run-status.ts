import type { RunStatus } from "@seedscope/core";
import { DB_NOW } from "./db-now";
import type { SqlClient } from "./sql-client";

/**
 * One change of `Run.status`. Passed as one object so that a lease (fencing) token that the run must
 * still hold can be added later without touching the callers' argument order.
 */
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
}

/**
 * The only place that writes `Run.status`: moves the runs and records one `RunEvent` per moved run in the
 * same statement (so both are committed or neither). `running` also sets the heartbeat to now, clears the
 * end time and sets the start time if unset; any other status sets the end time. Returns the ids moved, ascending.
 */
export async function changeRunStatus(db: SqlClient, change: RunStatusChange): Promise<number[]> {
  if (change.runIds.length === 0) return [];
  const running = change.to === "running";
  const columns = running
    ? `"statusReason" = NULL, "finishedAt" = NULL, "startedAt" = COALESCE("startedAt", ${DB_NOW}),
       "heartbeatAt" = ${DB_NOW}, worker = COALESCE($5, worker)`
    : `"statusReason" = $4, "finishedAt" = ${DB_NOW}`;
  const rows = await db.query<{ id: number }>(
    `WITH moved AS (
       UPDATE "Run" SET status = $2::"RunStatus", ${columns}
       WHERE id = ANY($1::int[]) AND status = ANY($3::"RunStatus"[])
       RETURNING id
     ), logged AS (
       INSERT INTO "RunEvent" ("runId", status, message, at) SELECT id, $2::"RunStatus", $4, ${DB_NOW} FROM moved
     )
     SELECT id FROM moved ORDER BY id`,
    [change.runIds, change.to, change.from, change.message ?? null, ...(running ? [change.worker ?? null] : [])],
  );
  return rows.map((r) => r.id);
}
