import { z } from "zod";
import { METRIC_KEY_PATTERN, MetricPointSchema, parseInput, UserError, type MetricPoint } from "@seedscope/core";
import type { SqlClient } from "./sql-client";
import type { Store } from "./store";
import { clientsOf } from "./store-clients";

const MAX_POINTS = 5_000_000;
const PointsSchema = z.array(MetricPointSchema).max(MAX_POINTS, `send at most ${MAX_POINTS} points per call`);

/** Rows per upsert statement: large enough to amortise round trips, small enough for PGlite's memory. */
const UPSERT_CHUNK = 20_000;
const UNIQUE_VIOLATION = "23505";

/**
 * Writes metric points of one run in one transaction: all of them or none. Idempotent: a retried
 * batch (or a resumed run rewriting an epoch) updates in place and never duplicates a (run, key, step);
 * within one batch the last point for a (key, step) wins. Returns the number of points received.
 *
 * Fresh points go in with COPY (PostgreSQL's fastest path); if any (run, key, step) already exists the
 * COPY fails as a whole, is rolled back to a savepoint and the batch is upserted instead.
 */
export async function logMetrics(store: Store, runId: number, points: readonly MetricPoint[]): Promise<number> {
  checkMetricBatch(runId, points);
  if (points.length === 0) return 0;
  await clientsOf(store).sql.transaction(async (tx) => {
    const exists = await tx.query<{ id: number }>(`SELECT id FROM "Run" WHERE id = $1 FOR SHARE`, [runId]);
    if (exists.length === 0) throw new UserError(`run ${runId} does not exist: start it with startRun first`);
    await writeMetrics(tx, runId, points);
  });
  return points.length;
}

/** Validates a batch for logMetrics / writeMetrics; throws a UserError naming each bad field. */
export function checkMetricBatch(runId: number, points: readonly MetricPoint[]): void {
  if (!Number.isInteger(runId) || runId <= 0) throw new UserError(`runId must be a positive integer, got ${runId}`);
  if (!looksValid(points)) parseInput(PointsSchema, points, "metric points");
}

/** The write itself, inside the caller's transaction; the batch must have passed checkMetricBatch. */
export async function writeMetrics(tx: SqlClient, runId: number, points: readonly MetricPoint[]): Promise<void> {
  if (points.length === 0) return;
  if (!tx.canCopy) return upsert(tx, runId, points);
  await tx.query("SAVEPOINT metric_copy");
  try {
    await tx.copyFrom(`COPY "Metric" ("runId", key, step, value)`, copyText(runId, points));
    await tx.query("RELEASE SAVEPOINT metric_copy");
  } catch (error) {
    if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
    await tx.query("ROLLBACK TO SAVEPOINT metric_copy");
    await upsert(tx, runId, points);
  }
}

/**
 * The same rules as MetricPointSchema, checked in a plain loop: zod is only run to word the error when
 * something is wrong, because validating millions of points through it dominates the write time.
 */
function looksValid(points: readonly MetricPoint[]): boolean {
  if (!Array.isArray(points) || points.length > MAX_POINTS) return false;
  const goodKeys = new Set<string>();
  for (const p of points) {
    if (typeof p !== "object" || p === null || typeof p.value !== "number") return false;
    if (!Number.isInteger(p.step) || p.step < 0 || p.step > 2_147_483_647) return false;
    if (!goodKeys.has(p.key)) {
      if (typeof p.key !== "string" || p.key.length > 200 || !METRIC_KEY_PATTERN.test(p.key)) return false;
      goodKeys.add(p.key);
    }
  }
  return true;
}

/** Rows in COPY's text format. Keys match METRIC_KEY_PATTERN, so they need no escaping. */
function copyText(runId: number, points: readonly MetricPoint[]): string {
  const prefix = `${runId}\t`;
  let text = "";
  for (const p of points) text += `${prefix}${p.key}\t${p.step}\t${p.value}\n`;
  return text;
}

async function upsert(tx: SqlClient, runId: number, points: readonly MetricPoint[]): Promise<void> {
  const last = new Map<string, MetricPoint>();
  for (const p of points) last.set(`${p.step}\u0000${p.key}`, p);
  const unique = [...last.values()];
  for (let start = 0; start < unique.length; start += UPSERT_CHUNK) {
    const chunk = unique.slice(start, start + UPSERT_CHUNK);
    await tx.query(
      `INSERT INTO "Metric" ("runId", key, step, value)
       SELECT $1::int, k, s, v FROM unnest($2::text[], $3::int[], $4::float8[]) AS t(k, s, v)
       ON CONFLICT ("runId", key, step) DO UPDATE SET value = EXCLUDED.value
       WHERE "Metric".value IS DISTINCT FROM EXCLUDED.value`,
      [runId, chunk.map((p) => p.key), chunk.map((p) => p.step), chunk.map((p) => encodeFloat(p.value))],
    );
  }
}

/** Non-finite values travel as the text PostgreSQL accepts for float8. */
function encodeFloat(v: number): number | string {
  if (Number.isFinite(v)) return v;
  if (Number.isNaN(v)) return "NaN";
  return v > 0 ? "Infinity" : "-Infinity";
}
