import type { Store } from "@seedscope/db";
import {
  histogramWithGaussian,
  linearFit,
  pearsonCorrelation,
  spearmanCorrelation,
  summarizeSeeds,
  type Correlation,
  type HistogramWithGaussian,
  type LinearFit,
  type SeedSummary,
} from "@seedscope/stats";
import { loadGroups, splitValues, type RunGroup } from "./finished-runs";
import { getSweepHeader } from "./sweeps";
import { groupId, SPLITS, type GroupKey, type Split } from "./scope";

export interface SeedStudyInput {
  readonly sweepId: number;
  /** Which recipe × arch × dataset of the sweep; default its first. */
  readonly group?: GroupKey;
  /** The early epoch compared with the final one; default a quarter of the way (at least 1). */
  readonly earlyEpoch?: number;
  readonly referenceSeed?: number;
}

export interface EpochBandPoint {
  readonly epoch: number;
  readonly n: number;
  readonly mean: number;
  /** Sample std across seeds; NaN with one seed. */
  readonly std: number;
  readonly min: number;
  readonly max: number;
}

export interface CloudPoint {
  readonly runId: number;
  readonly seed: number;
  readonly val: number;
  readonly v2: number;
}

export interface SeedStudy {
  readonly sweep: Awaited<ReturnType<typeof getSweepHeader>>;
  readonly groups: { key: GroupKey; label: string; finished: number }[];
  readonly group: { key: GroupKey; label: string } | null;
  readonly referenceSeed: number;
  readonly splits: { split: Split; summary: SeedSummary }[];
  readonly histogram: HistogramWithGaussian | null;
  /** Mean, std, min and max across seeds at every epoch, for top-1 of each split. */
  readonly epochs: { split: Split; points: EpochBandPoint[] }[];
  readonly lastEpoch: number;
  readonly early: {
    epoch: number;
    points: { runId: number; seed: number; early: number; final: number }[];
    pearson: Correlation;
    spearman: Correlation;
  } | null;
  readonly cloud: {
    points: CloudPoint[];
    reference: CloudPoint | null;
    bestOnVal: CloudPoint | null;
    bestOnV2: CloudPoint | null;
    fit: LinearFit;
    pearson: Correlation;
  };
}

/** The thesis' seed-study figures for one group of a sweep, aggregated in the database. */
export async function seedStudy(store: Store, input: SeedStudyInput): Promise<SeedStudy> {
  const referenceSeed = input.referenceSeed ?? 0;
  const sweep = await getSweepHeader(store, input.sweepId);
  const groups = await loadGroups(store, { sweepId: input.sweepId });
  const wanted = input.group ? groupId(input.group) : null;
  const group: RunGroup | undefined = wanted ? groups.find((g) => groupId(g.key) === wanted) : groups[0];
  const base = {
    sweep,
    referenceSeed,
    groups: groups.map((g) => ({ key: g.key, label: g.label, finished: g.runs.length })),
  };
  if (!group) {
    const empty = summarizeSeeds(new Map(), { referenceSeed });
    return {
      ...base,
      group: null,
      splits: SPLITS.map((split) => ({ split, summary: empty })),
      histogram: null,
      epochs: [],
      lastEpoch: 0,
      early: null,
      cloud: { points: [], reference: null, bestOnVal: null, bestOnV2: null, fit: linearFit([], []), pearson: pearsonCorrelation([], []) },
    };
  }
  const runs = group.runs;
  const splits = SPLITS.map((split) => ({
    split,
    summary: summarizeSeeds(new Map(runs.map((r) => [r.seed, r[split] ?? Number.NaN])), { referenceSeed }),
  }));
  const epochs = await epochBands(store, input.sweepId, group.key);
  const lastEpoch = Math.max(0, ...runs.map((r) => r.epochsDone));
  const earlyEpoch = Math.min(Math.max(1, input.earlyEpoch ?? Math.round(lastEpoch / 4)), Math.max(1, lastEpoch));
  const early = await earlyVersusFinal(store, input.sweepId, group.key, earlyEpoch);
  const points: CloudPoint[] = runs
    .filter((r) => r.val !== null && r.v2 !== null)
    .map((r) => ({ runId: r.id, seed: r.seed, val: r.val!, v2: r.v2! }));
  const best = (split: Split) => points.reduce<CloudPoint | null>((b, p) => (b === null || p[split] > b[split] ? p : b), null);
  return {
    ...base,
    group: { key: group.key, label: group.label },
    splits,
    histogram: histogramWithGaussian(splitValues(runs, "val")),
    epochs,
    lastEpoch,
    early: {
      epoch: earlyEpoch,
      points: early,
      pearson: pearsonCorrelation(early.map((p) => p.early), early.map((p) => p.final)),
      spearman: spearmanCorrelation(early.map((p) => p.early), early.map((p) => p.final)),
    },
    cloud: {
      points,
      reference: points.find((p) => p.seed === referenceSeed) ?? null,
      bestOnVal: best("val"),
      bestOnV2: best("v2"),
      fit: linearFit(points.map((p) => p.val), points.map((p) => p.v2)),
      pearson: pearsonCorrelation(points.map((p) => p.val), points.map((p) => p.v2)),
    },
  };
}

async function epochBands(store: Store, sweepId: number, key: GroupKey): Promise<{ split: Split; points: EpochBandPoint[] }[]> {
  const rows = await store.sql.query<{ key: string; epoch: number; n: number; mean: number; std: number | null; min: number; max: number }>(
    `SELECT m.key, m.step AS epoch, count(*)::int AS n, avg(m.value) AS mean, stddev_samp(m.value) AS std,
            min(m.value) AS min, max(m.value) AS max
     FROM "Run" r JOIN "Metric" m ON m."runId" = r.id
     WHERE r."sweepId" = $1 AND r."recipeHash" = $2 AND r.arch = $3 AND r.dataset = $4 AND r.status = 'finished'
       AND m.key = ANY($5::text[])
     GROUP BY m.key, m.step ORDER BY m.key, m.step`,
    [sweepId, key.recipeHash, key.arch, key.dataset, SPLITS.map((s) => `${s}/top1`)],
  );
  return SPLITS.map((split) => ({
    split,
    points: rows
      .filter((r) => r.key === `${split}/top1`)
      .map((r) => ({ epoch: r.epoch, n: r.n, mean: Number(r.mean), std: r.std === null ? Number.NaN : Number(r.std), min: r.min, max: r.max })),
  }));
}

async function earlyVersusFinal(store: Store, sweepId: number, key: GroupKey, epoch: number) {
  return store.sql.query<{ runId: number; seed: number; early: number; final: number }>(
    `SELECT r.id AS "runId", r.seed, m.value AS early, r."valTop1" AS final
     FROM "Run" r JOIN "Metric" m ON m."runId" = r.id AND m.key = 'val/top1' AND m.step = $5
     WHERE r."sweepId" = $1 AND r."recipeHash" = $2 AND r.arch = $3 AND r.dataset = $4 AND r.status = 'finished'
       AND r."valTop1" IS NOT NULL
     ORDER BY r.seed`,
    [sweepId, key.recipeHash, key.arch, key.dataset, epoch],
  );
}
