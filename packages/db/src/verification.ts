import { z } from "zod";
import { parseInput } from "@seedscope/core";
import type { Store } from "./store";
import { clientsOf } from "./store-clients";

/*
 * Reproducibility verified, not assumed: a rerun re-executes a recorded run into a new run linked to it
 * (`rerunOf`), and its verdict — bit-identical, or where and by how much the metrics differ, with the
 * fingerprint fields that differ (the likely cause) — is stored on the rerun.
 */

/** Keys measured from the clock or the process, not computed from the data: never compared. */
export const UNCOMPARED_KEY_PREFIXES = ["time/", "perf/"] as const;

export const VerificationSchema = z.object({
  verdict: z.enum(["bit-identical", "differs"]),
  original: z.number().int().positive(),
  /** Epochs re-executed (the rerun's `--epochs`, else all the original had). */
  epochs: z.number().int().nonnegative(),
  /** Metric points compared: every point the rerun logged, outside the clock keys. */
  compared: z.number().int().nonnegative(),
  differing: z.number().int().nonnegative(),
  /** The first (step, key) where the two disagree, in step order. */
  firstDivergence: z
    .object({ key: z.string(), step: z.number().int(), original: z.number().nullable(), rerun: z.number().nullable() })
    .nullable(),
  /** Largest |Δ| per key among the keys that differ; null where a point is missing or not a number on one side. */
  maxAbsDelta: z.record(z.string(), z.number().nullable()),
  /** Fingerprint fields (environment, code version) that differ between the two runs. */
  fingerprintDifferences: z.array(z.object({ field: z.string(), original: z.unknown(), rerun: z.unknown() })),
  /** Why the rerun went ahead despite a data or code mismatch (`--force`), else null. */
  forced: z.string().nullable(),
});
export type Verification = z.infer<typeof VerificationSchema>;

/** Stores a rerun's verdict on it. */
export async function recordVerification(store: Store, rerunId: number, verification: Verification): Promise<void> {
  const value = parseInput(VerificationSchema, verification, "verification");
  await clientsOf(store).sql.query(`UPDATE "Run" SET "rerunOf" = $2, verification = $3::jsonb WHERE id = $1`, [
    rerunId,
    value.original,
    JSON.stringify(value),
  ]);
}

/** A metric point of one run, by (key, step). */
interface Point {
  key: string;
  step: number;
  value: number;
}

async function comparedPoints(store: Store, runId: number): Promise<Point[]> {
  return clientsOf(store).sql.query<Point>(
    `SELECT key, step, value FROM "Metric" WHERE "runId" = $1 AND NOT (key LIKE 'time/%' OR key LIKE 'perf/%')
     ORDER BY step, key`,
    [runId],
  );
}

export interface MetricComparison {
  readonly compared: number;
  readonly differing: number;
  readonly firstDivergence: Verification["firstDivergence"];
  readonly maxAbsDelta: Record<string, number | null>;
}

/**
 * Compares every metric point `b` logged (clock keys aside) with `a`'s point at the same (key, step),
 * bit for bit (NaN equals NaN); a point `a` lacks counts as differing. Use `b` = the rerun, which may have
 * stopped earlier than its original.
 */
export async function compareRunMetrics(store: Store, a: number, b: number): Promise<MetricComparison> {
  const [left, right] = await Promise.all([comparedPoints(store, a), comparedPoints(store, b)]);
  const byKey = new Map(left.map((p) => [`${p.key}\u0000${p.step}`, p.value]));
  let differing = 0;
  let firstDivergence: Verification["firstDivergence"] = null;
  const maxAbsDelta: Record<string, number | null> = {};
  for (const p of right) {
    const other = byKey.get(`${p.key}\u0000${p.step}`);
    if (other !== undefined && Object.is(other, p.value)) continue;
    differing++;
    firstDivergence ??= { key: p.key, step: p.step, original: other ?? null, rerun: p.value };
    const delta = other === undefined ? null : Math.abs(other - p.value);
    const known = delta !== null && Number.isFinite(delta);
    const before = maxAbsDelta[p.key];
    maxAbsDelta[p.key] = before === null || !known ? null : Math.max(before ?? 0, delta);
  }
  return { compared: right.length, differing, firstDivergence, maxAbsDelta };
}

/** The fields where two JSON values differ, as dotted paths (arrays compared whole). */
export function jsonDifferences(
  a: unknown,
  b: unknown,
  path = "",
): { field: string; original: unknown; rerun: unknown }[] {
  const isRecord = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  if (isRecord(a) && isRecord(b)) {
    return [...new Set([...Object.keys(a), ...Object.keys(b)])]
      .sort()
      .flatMap((k) => jsonDifferences(a[k], b[k], path ? `${path}.${k}` : k));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [{ field: path, original: a, rerun: b }];
}

/** The reruns of a run, newest first, with their verdicts (null while one still runs). */
export async function rerunsOf(
  store: Store,
  runId: number,
): Promise<{ id: number; status: string; verification: Verification | null }[]> {
  return clientsOf(store).sql.query(
    `SELECT id, status::text AS status, verification FROM "Run" WHERE "rerunOf" = $1 ORDER BY id DESC`,
    [runId],
  );
}

/** A sweep's finished runs trained by seedscope (reruns aside), by id: what `verify` samples from. */
export async function verifiableRuns(store: Store, sweepId: number): Promise<number[]> {
  const rows = await clientsOf(store).sql.query<{ id: number }>(
    `SELECT id FROM "Run" WHERE "sweepId" = $1 AND status = 'finished' AND source = 'seedscope' AND "rerunOf" IS NULL
     ORDER BY id`,
    [sweepId],
  );
  return rows.map((r) => r.id);
}
