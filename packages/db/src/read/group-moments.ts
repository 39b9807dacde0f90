import type { EvalSplit } from "@seedscope/core";
import { DEFAULT_CONFIDENCE_LEVEL, studentTInterval, type SampleSummary } from "@seedscope/stats";
import type { Store } from "../store";
import type { GroupKey, Scope } from "./scope";
import { clientsOf } from "../store-clients";

/**
 * What the comparison views need of one split of one group, aggregated in the database over the finite
 * final values: enough for a {@link SampleSummary}, Welch's test and Hedges' g, without the values.
 */
export interface SplitMoments {
  /** Finite values. */
  readonly n: number;
  /** Runs whose value is missing or not finite (left out of every moment). */
  readonly nonFinite: number;
  /** NaN when n = 0; the value itself when all values are equal. */
  readonly mean: number;
  /** Sample variance (divisor n − 1): NaN when n < 2, exactly 0 when all values are equal. */
  readonly variance: number;
  readonly min: number;
  readonly max: number;
  readonly median: number;
}

/** One (recipe, arch, dataset) group of finished runs, latest run per seed, reduced to its moments. */
export interface GroupMoments {
  readonly key: GroupKey;
  readonly recipeName: string | null;
  readonly runs: number;
  readonly collapsed: number;
  readonly val: SplitMoments;
  readonly v2: SplitMoments;
  /** Of the lowest seed that has one. */
  readonly params: number | null;
  readonly flops: number | null;
  /** Means over the seeds' finite values; NaN when none has one. */
  readonly meanThroughput: number;
  readonly meanPeakMemoryMb: number;
  readonly meanPeakTensorMb: number;
}

export type GroupMomentsFilter = Scope & { readonly recipeHash?: string; readonly arch?: string };

type Num = number | null;
interface Row {
  recipeHash: string;
  arch: string;
  dataset: string;
  recipeName: string | null;
  runs: number;
  collapsed: number;
  valN: number;
  valNonFinite: number;
  valMean: Num;
  valVariance: Num;
  valMin: Num;
  valMax: Num;
  valMedian: Num;
  v2N: number;
  v2NonFinite: number;
  v2Mean: Num;
  v2Variance: Num;
  v2Min: Num;
  v2Max: Num;
  v2Median: Num;
  params: Num;
  flops: Num;
  meanThroughput: Num;
  meanPeakMemoryMb: Num;
  meanPeakTensorMb: Num;
}

/** NULL for a non-finite value, so that the aggregates skip it as `@seedscope/stats` does (NaN sorts above Infinity). */
const finite = (column: string) =>
  `CASE WHEN ${column} < 'Infinity'::float8 AND ${column} > '-Infinity'::float8 THEN ${column} END`;

/** A mean that is exactly the value when all values are equal (as `summarize` gives it). */
const exactMean = (column: string) =>
  `CASE WHEN min(${column}) = max(${column}) THEN min(${column}) ELSE avg(${column}) END`;

const splitColumns = (split: EvalSplit) => `
  count(${split})::int AS "${split}N", (count(*) - count(${split}))::int AS "${split}NonFinite",
  ${exactMean(split)} AS "${split}Mean",
  CASE WHEN min(${split}) = max(${split}) AND count(${split}) > 1 THEN 0 ELSE var_samp(${split}) END AS "${split}Variance",
  min(${split}) AS "${split}Min", max(${split}) AS "${split}Max",
  percentile_cont(0.5) WITHIN GROUP (ORDER BY ${split}) AS "${split}Median"`;

const SCOPE = `($1::int IS NULL OR r."sweepId" = $1) AND ($2::text IS NULL OR r.dataset = $2)
  AND ($3::text IS NULL OR r."recipeHash" = $3) AND ($4::text IS NULL OR r.arch = $4)`;

// The groups first (few), then each group's latest run per seed read in the order of the index on
// (recipeHash, arch, dataset, seed, id DESC): no sort of the whole scope, which at 100,000 runs cost
// seconds on the embedded store.
const GROUP_MOMENTS_SQL = `
  WITH groups AS (
    SELECT DISTINCT r."recipeHash", r.arch, r.dataset FROM "Run" r WHERE r.status = 'finished' AND r.seed IS NOT NULL AND r."rerunOf" IS NULL AND ${SCOPE}
  )
  SELECT g."recipeHash", g.arch, g.dataset, rc.name AS "recipeName", m.*
  FROM groups g
  JOIN "Recipe" rc ON rc.hash = g."recipeHash"
  CROSS JOIN LATERAL (
    SELECT count(*)::int AS runs, (count(*) FILTER (WHERE collapsed))::int AS collapsed,
           ${splitColumns("val")}, ${splitColumns("v2")},
           (array_agg(params ORDER BY seed) FILTER (WHERE params IS NOT NULL))[1] AS params,
           (array_agg(flops ORDER BY seed) FILTER (WHERE flops IS NOT NULL))[1] AS flops,
           ${exactMean("throughput")} AS "meanThroughput", ${exactMean(`"peakMemoryMb"`)} AS "meanPeakMemoryMb",
           ${exactMean(`"peakTensorMb"`)} AS "meanPeakTensorMb"
    FROM (
      SELECT DISTINCT ON (r.seed) r.seed, r.collapsed, r.params, r.flops,
             ${finite(`r."valTop1"`)} AS val, ${finite(`r."v2Top1"`)} AS v2,
             ${finite("r.throughput")} AS throughput, ${finite(`r."peakMemoryMb"`)} AS "peakMemoryMb",
             ${finite(`r."peakTensorMb"`)} AS "peakTensorMb"
      FROM "Run" r
      WHERE r."recipeHash" = g."recipeHash" AND r.arch = g.arch AND r.dataset = g.dataset
        AND r.status = 'finished' AND r.seed IS NOT NULL AND r."rerunOf" IS NULL AND ${SCOPE}
      ORDER BY r.seed, r.id DESC
    ) latest
  ) m
  ORDER BY g.arch, rc.name, g."recipeHash", g.dataset`;

/**
 * Finished runs in the filter grouped by (recipe, arch, dataset) and reduced to their moments in the
 * database, one run per seed (the latest, as {@link finishedRuns} counts them), in the order the views list
 * the groups: arch, recipe name, recipe hash, dataset.
 */
export async function finishedGroupMoments(store: Store, filter: GroupMomentsFilter): Promise<GroupMoments[]> {
  const rows = await clientsOf(store).sql.query<Row>(GROUP_MOMENTS_SQL, [
    filter.sweepId ?? null,
    filter.dataset ?? null,
    filter.recipeHash ?? null,
    filter.arch ?? null,
  ]);
  return rows.map((r) => ({
    key: { recipeHash: r.recipeHash, arch: r.arch, dataset: r.dataset },
    recipeName: r.recipeName,
    runs: r.runs,
    collapsed: r.collapsed,
    val: splitMoments(r.valN, r.valNonFinite, r.valMean, r.valVariance, r.valMin, r.valMax, r.valMedian),
    v2: splitMoments(r.v2N, r.v2NonFinite, r.v2Mean, r.v2Variance, r.v2Min, r.v2Max, r.v2Median),
    params: r.params,
    flops: r.flops,
    meanThroughput: orNaN(r.meanThroughput),
    meanPeakMemoryMb: orNaN(r.meanPeakMemoryMb),
    meanPeakTensorMb: orNaN(r.meanPeakTensorMb),
  }));
}

const orNaN = (value: Num): number => (value === null ? Number.NaN : Number(value));

function splitMoments(n: number, nonFinite: number, ...rest: [Num, Num, Num, Num, Num]): SplitMoments {
  const [mean, variance, min, max, median] = rest.map(orNaN) as [number, number, number, number, number];
  return { n, nonFinite, mean, variance, min, max, median };
}

/** The {@link SampleSummary} that `summarize` gives for the values these moments were taken of. */
export function summaryOfMoments(m: SplitMoments, level = DEFAULT_CONFIDENCE_LEVEL): SampleSummary {
  const nan = Number.NaN;
  if (m.n === 0) {
    const meanInterval = { level, lower: nan, upper: nan };
    return { n: 0, nonFiniteCount: m.nonFinite, mean: nan, std: nan, min: nan, max: nan, median: nan, meanInterval };
  }
  const std = m.n < 2 ? nan : Math.sqrt(m.variance);
  return {
    n: m.n,
    nonFiniteCount: m.nonFinite,
    mean: m.mean,
    std,
    min: m.min,
    max: m.max,
    median: m.median,
    meanInterval: studentTInterval(m.mean, std / Math.sqrt(m.n), m.n - 1, level),
  };
}
