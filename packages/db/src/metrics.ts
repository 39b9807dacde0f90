import { z } from "zod";
import { MetricPointSchema, parseInput, UserError, type MetricPoint } from "@seedscope/core";
import type { SqlClient } from "./sql-client";
import type { Store } from "./store";

const PointsSchema = z.array(MetricPointSchema).max(5_000_000, "send at most 5,000,000 points per call");

/** Rows per INSERT statement: large enough to amortise round trips, small enough for PGlite's memory. */
const CHUNK = 20_000;

/**
 * Writes metric points of one run in one transaction. Idempotent: a retried batch (or a resumed run
 * rewriting an epoch) updates in place and never duplicates a (run, key, step); within one batch the
 * last point for a (key, step) wins. Returns the number of distinct points written.
 */
export async function logMetrics(store: Store, runId: number, points: readonly MetricPoint[]): Promise<number> {
  if (!Number.isInteger(runId) || runId <= 0) throw new UserError(`runId must be a positive integer, got ${runId}`);
  const valid = parseInput(PointsSchema, points, "metric points");
  if (valid.length === 0) return 0;
  const { keys, steps, values } = columns(valid);
  await store.sql.transaction(async (tx) => {
    const exists = await tx.query<{ id: number }>(`SELECT id FROM "Run" WHERE id = $1 FOR SHARE`, [runId]);
    if (exists.length === 0) throw new UserError(`run ${runId} does not exist: start it with startRun first`);
    for (let start = 0; start < keys.length; start += CHUNK) {
      await insertChunk(tx, runId, keys.slice(start, start + CHUNK), steps.slice(start, start + CHUNK), values.slice(start, start + CHUNK));
    }
  });
  return keys.length;
}

function columns(points: readonly MetricPoint[]): { keys: string[]; steps: number[]; values: number[] } {
  const last = new Map<string, MetricPoint>();
  for (const p of points) last.set(`${p.step}\u0000${p.key}`, p);
  const keys: string[] = [];
  const steps: number[] = [];
  const values: number[] = [];
  for (const p of last.values()) {
    keys.push(p.key);
    steps.push(p.step);
    values.push(p.value);
  }
  return { keys, steps, values };
}

async function insertChunk(tx: SqlClient, runId: number, keys: string[], steps: number[], values: number[]): Promise<void> {
  await tx.query(
    `INSERT INTO "Metric" ("runId", key, step, value)
     SELECT $1::int, k, s, v FROM unnest($2::text[], $3::int[], $4::float8[]) AS t(k, s, v)
     ON CONFLICT ("runId", key, step) DO UPDATE SET value = EXCLUDED.value
     WHERE "Metric".value IS DISTINCT FROM EXCLUDED.value`,
    [runId, keys, steps, values.map(encodeFloat)],
  );
}

/** Non-finite values travel as the text PostgreSQL accepts for float8. */
function encodeFloat(v: number): number | string {
  if (Number.isFinite(v)) return v;
  if (Number.isNaN(v)) return "NaN";
  return v > 0 ? "Infinity" : "-Infinity";
}
