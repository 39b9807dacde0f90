import { downsampleMinMax, type Point } from "@seedscope/stats";
import type { Store } from "../store";
import { clientsOf } from "../store-clients";
import { UNCOMPARED_KEY_PREFIXES } from "../verification";
import { MAX_SERIES_POINTS } from "./run-page";
import { type RunDiff, runDiff } from "./run-diff";

/** One metric key of two runs, side by side, with the first step where b's value is not a's bit for bit. */
export interface CompareCurve {
  readonly key: string;
  /** Each run's points (at most {@link MAX_SERIES_POINTS}; longer series keep each bucket's min and max). */
  readonly a: Point[];
  readonly b: Point[];
  /** Points stored per run, before any downsampling. */
  readonly totalA: number;
  readonly totalB: number;
  /** Measured from the clock or the process (time/, perf/): drawn, never compared. */
  readonly clock: boolean;
  /** The first step where b logged a value that a lacks or that differs, or null (identical, or clock). */
  readonly firstDifference: { readonly step: number; readonly a: number | null; readonly b: number } | null;
}

export interface RunCompare {
  readonly diff: RunDiff;
  readonly curves: CompareCurve[];
}

interface Series {
  readonly steps: number[];
  readonly values: number[];
}

async function seriesOf(store: Store, id: number): Promise<Map<string, Series>> {
  const rows = await clientsOf(store).sql.query<{ key: string; steps: number[]; values: number[] }>(
    `SELECT key, array_agg(step ORDER BY step) AS steps, array_agg(value ORDER BY step) AS values
     FROM "Metric" WHERE "runId" = $1 GROUP BY key ORDER BY key`,
    [id],
  );
  return new Map(rows.map((r) => [r.key, { steps: r.steps, values: r.values.map(Number) }]));
}

function firstDifference(a: Series | undefined, b: Series | undefined): CompareCurve["firstDifference"] {
  if (!b) return null;
  const byStep = new Map(a?.steps.map((s, i) => [s, a.values[i]!]) ?? []);
  for (let i = 0; i < b.steps.length; i++) {
    const other = byStep.get(b.steps[i]!);
    if (other === undefined || !Object.is(other, b.values[i]))
      return { step: b.steps[i]!, a: other ?? null, b: b.values[i]! };
  }
  return null;
}

function drawn(series: Series | undefined): Point[] {
  if (!series) return [];
  const total = series.steps.length;
  return total > MAX_SERIES_POINTS
    ? downsampleMinMax({ x: series.steps, y: series.values }, MAX_SERIES_POINTS).points
    : series.steps.map((x, i) => ({ x, y: series.values[i]! }));
}

/**
 * Two runs compared for the dashboard: {@link runDiff} (run, recipe and fingerprint fields, metric totals)
 * and every metric key of either run as two curves, with the first step where they differ, compared the way
 * a rerun's verdict is (b's points against a's, bit for bit).
 */
export async function runCompare(store: Store, a: number, b: number): Promise<RunCompare> {
  const diff = await runDiff(store, a, b);
  const [left, right] = await Promise.all([seriesOf(store, a), seriesOf(store, b)]);
  const keys = [...new Set([...left.keys(), ...right.keys()])].sort();
  const curves = keys.map((key) => {
    const clock = UNCOMPARED_KEY_PREFIXES.some((p) => key.startsWith(p));
    return {
      key,
      a: drawn(left.get(key)),
      b: drawn(right.get(key)),
      totalA: left.get(key)?.steps.length ?? 0,
      totalB: right.get(key)?.steps.length ?? 0,
      clock,
      firstDifference: clock ? null : firstDifference(left.get(key), right.get(key)),
    };
  });
  return { diff, curves };
}
