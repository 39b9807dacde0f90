import type { Store } from "../store";
import { clientsOf } from "../store-clients";

/**
 * One comparison group: the finished runs of one recipe on one architecture and dataset, one per seed,
 * optionally within one sweep. Where a seed was run more than once, its latest run counts.
 */
export interface GroupRef {
  readonly recipeHash: string;
  readonly arch: string;
  readonly dataset: string;
  readonly sweepId?: number;
}

export interface SeedResult {
  readonly runId: number;
  readonly seed: number;
  /** Final top-1 per split (percent); null when the run has none for that split. */
  readonly val: number | null;
  readonly v2: number | null;
  readonly collapsed: boolean;
}

export interface GroupSeeds {
  readonly ref: GroupRef;
  readonly recipeName: string | null;
  readonly seeds: SeedResult[];
}

export async function groupSeeds(store: Store, ref: GroupRef): Promise<GroupSeeds> {
  const seeds = await clientsOf(store).sql.query<SeedResult>(
    `SELECT DISTINCT ON (r.seed) r.id AS "runId", r.seed, r."valTop1" AS val, r."v2Top1" AS v2, r.collapsed
     FROM "Run" r
     WHERE r.status = 'finished' AND r.seed IS NOT NULL AND r."rerunOf" IS NULL AND r."recipeHash" = $1 AND r.arch = $2 AND r.dataset = $3 AND ($4::int IS NULL OR r."sweepId" = $4)
     ORDER BY r.seed, r.id DESC`,
    [ref.recipeHash, ref.arch, ref.dataset, ref.sweepId ?? null],
  );
  const named = await clientsOf(store).sql.query<{ name: string | null }>(`SELECT name FROM "Recipe" WHERE hash = $1`, [
    ref.recipeHash,
  ]);
  return { ref, recipeName: named[0]?.name ?? null, seeds };
}

/** Across the seeds that reached an epoch: how many, the moments of the finite values, and how many were not finite. */
export interface EpochAggregate {
  readonly epoch: number;
  /** Seeds with a finite value at this epoch. */
  readonly n: number;
  /** Seeds whose value at this epoch was NaN or ±Infinity (left out of the moments). */
  readonly nonFinite: number;
  readonly mean: number;
  /** Sample standard deviation; NaN when n < 2. */
  readonly std: number;
  readonly min: number;
  readonly max: number;
}

/**
 * Per-epoch aggregates of a metric (e.g. `val/top1`) over the group's latest finished run per seed,
 * computed in the database. Non-finite values are counted apart, so one diverged seed does not turn an
 * epoch's band into NaN.
 */
export async function groupEpochAggregates(store: Store, ref: GroupRef, key: string): Promise<EpochAggregate[]> {
  const rows = await clientsOf(store).sql.query<{
    epoch: number;
    n: number;
    nonFinite: number;
    mean: number | null;
    std: number | null;
    min: number | null;
    max: number | null;
  }>(
    `WITH latest AS (
       SELECT DISTINCT ON (r.seed) r.id FROM "Run" r
       WHERE r.status = 'finished' AND r.seed IS NOT NULL AND r."rerunOf" IS NULL AND r."recipeHash" = $1 AND r.arch = $2 AND r.dataset = $3 AND ($4::int IS NULL OR r."sweepId" = $4)
       ORDER BY r.seed, r.id DESC
     ), finite AS (
       SELECT m.step, m.value, m.value NOT IN ('NaN'::float8, 'Infinity'::float8, '-Infinity'::float8) AS ok
       FROM "Metric" m JOIN latest l ON l.id = m."runId" WHERE m.key = $5
     )
     SELECT step AS epoch, (count(*) FILTER (WHERE ok))::int AS n, (count(*) FILTER (WHERE NOT ok))::int AS "nonFinite",
            avg(value) FILTER (WHERE ok) AS mean, stddev_samp(value) FILTER (WHERE ok) AS std,
            min(value) FILTER (WHERE ok) AS min, max(value) FILTER (WHERE ok) AS max
     FROM finite GROUP BY step ORDER BY step`,
    [ref.recipeHash, ref.arch, ref.dataset, ref.sweepId ?? null, key],
  );
  const num = (v: number | null) => (v === null ? Number.NaN : Number(v));
  return rows.map((r) => ({
    epoch: r.epoch,
    n: r.n,
    nonFinite: r.nonFinite,
    mean: num(r.mean),
    std: num(r.std),
    min: num(r.min),
    max: num(r.max),
  }));
}

/** The datasets on which a recipe and architecture have finished runs (in a sweep, if given), most runs first. */
export async function groupDatasets(
  store: Store,
  recipeHash: string,
  arch: string,
  sweepId?: number,
): Promise<{ dataset: string; runs: number }[]> {
  return clientsOf(store).sql.query<{ dataset: string; runs: number }>(
    `SELECT dataset, count(*)::int AS runs FROM "Run"
     WHERE status = 'finished' AND seed IS NOT NULL AND "rerunOf" IS NULL AND "recipeHash" = $1 AND arch = $2 AND ($3::int IS NULL OR "sweepId" = $3)
     GROUP BY dataset ORDER BY runs DESC, dataset`,
    [recipeHash, arch, sweepId ?? null],
  );
}
