import { unlinkSync } from "node:fs";
import { UserError, type MetricPoint } from "@seedscope/core";
import { DB_NOW } from "./db-now";
import { checkMetricBatch, writeMetrics } from "./metrics";
import type { Store } from "./store";
import { clientsOf } from "./store-clients";

export interface EpochCommit {
  /** Epochs completed, counting this one (1 after the first epoch). */
  readonly epochsDone: number;
  /** The epoch's metric points (train curve, evaluations, timings). */
  readonly points: readonly MetricPoint[];
  /** The state to resume from: weights, optimizer state, progress (the runner's own format). */
  readonly checkpoint: Uint8Array;
  readonly throughput?: number;
  /** High-water mark of the process's resident memory (MB). */
  readonly peakMemoryMb?: number;
  /** High-water mark of the backend's tensor bytes (MB). */
  readonly peakTensorMb?: number;
}

/**
 * Records the end of an epoch in one transaction: its metrics, the checkpoint that replaces the previous
 * one, progress and heartbeat. A crash leaves either the whole epoch or none of it, so metrics and the
 * checkpoint a resume starts from always agree. Returns false (and writes nothing) when the run is no
 * longer `running` under `lease` — e.g. another process took it over — so the caller must stop.
 */
export async function commitEpoch(
  store: Store,
  runId: number,
  lease: number | null,
  epoch: EpochCommit,
): Promise<boolean> {
  checkMetricBatch(runId, epoch.points);
  if (!Number.isInteger(epoch.epochsDone) || epoch.epochsDone < 1) {
    throw new UserError(`epochsDone must be a positive integer, got ${epoch.epochsDone}`);
  }
  return clientsOf(store).sql.transaction(async (tx) => {
    const running = await tx.query<{ id: number }>(
      `SELECT id FROM "Run" WHERE id = $1 AND status = 'running' AND ($2::int IS NULL OR lease = $2) FOR UPDATE`,
      [runId, lease],
    );
    if (running.length === 0) return false;
    await writeMetrics(tx, runId, epoch.points);
    killInsideCommitIfAsked(epoch.epochsDone);
    await tx.query(
      `INSERT INTO "Checkpoint" ("runId", epoch, data, "savedAt") VALUES ($1, $2, $3, ${DB_NOW})
       ON CONFLICT ("runId") DO UPDATE SET epoch = EXCLUDED.epoch, data = EXCLUDED.data, "savedAt" = EXCLUDED."savedAt"`,
      [
        runId,
        epoch.epochsDone,
        Buffer.from(epoch.checkpoint.buffer, epoch.checkpoint.byteOffset, epoch.checkpoint.byteLength),
      ],
    );
    await tx.query(
      `UPDATE "Run" SET "epochsDone" = $2, "heartbeatAt" = ${DB_NOW},
              throughput = COALESCE($3, throughput), "peakMemoryMb" = GREATEST(COALESCE($4, "peakMemoryMb"), "peakMemoryMb"),
              "peakTensorMb" = GREATEST(COALESCE($5, "peakTensorMb"), "peakTensorMb")
       WHERE id = $1`,
      [runId, epoch.epochsDone, epoch.throughput ?? null, epoch.peakMemoryMb ?? null, epoch.peakTensorMb ?? null],
    );
    return true;
  });
}

/** The run's latest checkpoint, or null when it has none. */
export async function loadCheckpoint(
  store: Store,
  runId: number,
): Promise<{ epochsDone: number; data: Uint8Array } | null> {
  const rows = await clientsOf(store).sql.query<{ epoch: number; data: Uint8Array }>(
    `SELECT epoch, data FROM "Checkpoint" WHERE "runId" = $1`,
    [runId],
  );
  const row = rows[0];
  return row ? { epochsDone: row.epoch, data: new Uint8Array(row.data) } : null;
}

/**
 * Fault injection for the crash tests: with `SEEDSCOPE_FAULT_KILL_IN_COMMIT=<epoch>` the process kills itself
 * (SIGKILL) inside that epoch's commit, after its metrics are written and before the transaction ends. With
 * `once:<file>` (the fault battery's sweep workers, which share one environment), the first process to commit
 * any epoch while the file exists removes it and kills itself: one kill per file the test creates.
 */
function killInsideCommitIfAsked(epochsDone: number): void {
  const asked = process.env.SEEDSCOPE_FAULT_KILL_IN_COMMIT;
  if (asked === undefined) return;
  if (asked === String(epochsDone) || (asked.startsWith("once:") && claimFile(asked.slice("once:".length)))) {
    process.kill(process.pid, "SIGKILL");
  }
}

/** Removes the file; true only for the one process whose removal succeeded. */
function claimFile(path: string): boolean {
  try {
    unlinkSync(path);
    return true;
  } catch {
    return false;
  }
}
