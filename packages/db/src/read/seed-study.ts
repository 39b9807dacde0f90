import { EVAL_SPLITS, type EvalSplit } from "@seedscope/core";
import type { Store } from "../store";
import { groupEpochAggregates, type EpochAggregate } from "./group-seeds";
import {
  histogramWithGaussian,
  interquartileMean,
  pearsonInterval,
  robustOutliers,
  shapiroWilk,
  type ConfidenceInterval,
  type ShapiroWilk,
  linearFit,
  pearsonCorrelation,
  spearmanCorrelation,
  summarizeSeeds,
  type Correlation,
  type GaussianFit,
  type Histogram,
  type LinearFit,
  type Point,
  type SeedSummary,
} from "@seedscope/stats";
import { whyNoEarlyEpoch, whyNoGaussian, whyNoLine } from "./estimability";
import { loadGroups, splitValues, type RunGroup } from "./finished-runs";
import { getSweepHeader } from "./sweep-pages";
import { groupId, type GroupKey } from "./scope";
import { clientsOf } from "../store-clients";

export interface SeedStudyInput {
  readonly sweepId: number;
  /** Which recipe × arch × dataset of the sweep; default its first. */
  readonly group?: GroupKey;
  /** The early epoch compared with the final one; default a quarter of the way (at least 1). */
  readonly earlyEpoch?: number;
  readonly referenceSeed?: number;
  /**
   * Count the reference seed in the statistics it is compared with; default false: it is held out, as the
   * thesis' study holds seed 0 against seeds 1–100.
   */
  readonly includeReference?: boolean;
}

/** One epoch of a band: over the seeds that reached it, non-finite values counted apart (see `groupEpochAggregates`). */
export type EpochBandPoint = EpochAggregate;

export interface CloudPoint {
  readonly runId: number;
  readonly seed: number;
  readonly val: number;
  readonly v2: number;
  readonly collapsed: boolean;
}

export interface GroupInfo {
  readonly key: GroupKey;
  /** Short label (recipe's compact label · arch · dataset) and the full one for tooltips. */
  readonly label: string;
  readonly title: string;
  readonly finished: number;
  /** Finished runs that collapsed (at chance); they count in every statistic below. */
  readonly collapsed: number;
}

export interface SeedHistogram {
  readonly histogram: Histogram;
  /** Null when too few seeds to estimate a spread; `whyNoFit` says so. */
  readonly fit: GaussianFit | null;
  /** The fit scaled to the counts; empty without a fit. */
  readonly curve: Point[];
  readonly whyNoFit: string | null;
}

/** Beside the mean: the interquartile mean, a normality check of the seeds, and seeds far from the rest. */
export interface RobustSummary {
  readonly iqm: number;
  readonly normality: ShapiroWilk;
  /** Seeds more than 3 robust standard deviations (1.4826 × MAD) from the median. */
  readonly outlierSeeds: number[];
}

export interface SeedStudy {
  /** Its header; `withoutSeed` counts the runs left out of every figure below because they logged no seed. */
  readonly sweep: Awaited<ReturnType<typeof getSweepHeader>>;
  readonly groups: GroupInfo[];
  readonly group: GroupInfo | null;
  readonly referenceSeed: number;
  /** Whether the statistics hold the reference seed out (the default, as the thesis' study does). */
  readonly referenceExcluded: boolean;
  readonly splits: { split: EvalSplit; summary: SeedSummary; robust: RobustSummary }[];
  readonly histogram: SeedHistogram | null;
  /** Mean, std, min and max across seeds at every epoch, for top-1 of each split. */
  readonly epochs: { split: EvalSplit; points: EpochBandPoint[] }[];
  readonly lastEpoch: number;
  /** The epochs one may set against the final one (1 … lastEpoch − 1). */
  readonly earlyEpochs: number[];
  readonly early: {
    epoch: number;
    points: { runId: number; seed: number; early: number; final: number }[];
    /** Null with fewer than 3 seeds (`whyNoCorrelation`). */
    pearson: Correlation | null;
    spearman: Correlation | null;
    whyNoCorrelation: string | null;
  } | null;
  /** Why there is no early-vs-final comparison (a single epoch); null when there is one. */
  readonly whyNoEarly: string | null;
  readonly cloud: {
    points: CloudPoint[];
    reference: CloudPoint | null;
    bestOnVal: CloudPoint | null;
    bestOnV2: CloudPoint | null;
    /** Null with fewer than 3 seeds (`whyNoFit`). */
    fit: LinearFit | null;
    pearson: Correlation | null;
    /** Fisher-z 95 % interval of Pearson's r (needs n > 3). */
    pearsonInterval: ConfidenceInterval | null;
    spearman: Correlation | null;
    /** Finished seeds left out of the cloud because they lack a val or a v2 result. */
    dropped: number;
    whyNoFit: string | null;
  };
}

/** The thesis' seed-study figures for one group of a sweep, aggregated in the database. */
export async function seedStudy(store: Store, input: SeedStudyInput): Promise<SeedStudy> {
  const referenceSeed = input.referenceSeed ?? 0;
  const excludeReference = input.includeReference !== true;
  const sweep = await getSweepHeader(store, input.sweepId);
  const groups = await loadGroups(store, { sweepId: input.sweepId });
  const wanted = input.group ? groupId(input.group) : null;
  const group: RunGroup | undefined = wanted ? groups.find((g) => groupId(g.key) === wanted) : groups[0];
  const base = {
    sweep,
    referenceSeed,
    referenceExcluded: excludeReference,
    groups: groups.map(groupInfo),
  };
  if (!group) {
    const empty = summarizeSeeds(new Map(), { referenceSeed, excludeReference });
    return {
      ...base,
      group: null,
      splits: EVAL_SPLITS.map((split) => ({ split, summary: empty, robust: robustSummary([], []) })),
      histogram: null,
      epochs: [],
      lastEpoch: 0,
      earlyEpochs: [],
      early: null,
      whyNoEarly: null,
      cloud: {
        points: [],
        reference: null,
        bestOnVal: null,
        bestOnV2: null,
        fit: null,
        pearson: null,
        pearsonInterval: null,
        spearman: null,
        dropped: 0,
        whyNoFit: null,
      },
    };
  }
  const runs = group.runs;
  // The seeds the statistics describe: all but the held-out reference (see includeReference).
  const studied = excludeReference ? runs.filter((r) => r.seed !== referenceSeed) : runs;
  const splits = EVAL_SPLITS.map((split) => ({
    split,
    summary: summarizeSeeds(new Map(runs.map((r) => [r.seed, r[split] ?? Number.NaN])), {
      referenceSeed,
      excludeReference,
    }),
    robust: robustSummary(
      studied.map((r) => r[split] ?? Number.NaN),
      studied.map((r) => r.seed),
    ),
  }));
  const epochs = await epochBands(store, input.sweepId, group.key);
  const lastEpoch = Math.max(0, ...runs.map((r) => r.epochsDone));
  const whyNoEarly = whyNoEarlyEpoch(lastEpoch);
  const earlyEpochs = Array.from({ length: Math.max(0, lastEpoch - 1) }, (_, i) => i + 1);
  const points: CloudPoint[] = runs
    .filter((r) => r.val !== null && r.v2 !== null)
    .map((r) => ({ runId: r.id, seed: r.seed, val: r.val!, v2: r.v2!, collapsed: r.collapsed }));
  const studiedPoints = excludeReference ? points.filter((p) => p.seed !== referenceSeed) : points;
  const best = (split: EvalSplit) =>
    studiedPoints.reduce<CloudPoint | null>((b, p) => (b === null || p[split] > b[split] ? p : b), null);
  const whyNoFit = whyNoLine(studiedPoints.length);
  return {
    ...base,
    group: groupInfo(group),
    splits,
    histogram: seedHistogram(splitValues(studied, "val")),
    epochs,
    lastEpoch,
    earlyEpochs,
    early: whyNoEarly
      ? null
      : await earlyComparison(
          store,
          input.sweepId,
          group.key,
          clamp(input.earlyEpoch ?? Math.round(lastEpoch / 4), 1, lastEpoch - 1),
        ),
    whyNoEarly,
    cloud: {
      points,
      reference: points.find((p) => p.seed === referenceSeed) ?? null,
      bestOnVal: best("val"),
      bestOnV2: best("v2"),
      fit: whyNoFit
        ? null
        : linearFit(
            studiedPoints.map((p) => p.val),
            studiedPoints.map((p) => p.v2),
          ),
      ...cloudCorrelations(whyNoFit ? [] : studiedPoints),
      dropped: runs.length - points.length,
      whyNoFit,
    },
  };
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}

function groupInfo(g: RunGroup): GroupInfo {
  return { key: g.key, label: g.label, title: g.title, finished: g.runs.length, collapsed: g.collapsed };
}

function seedHistogram(values: number[]): SeedHistogram {
  const { histogram, fit, curve } = histogramWithGaussian(values);
  const whyNoFit = whyNoGaussian(fit.n);
  return whyNoFit ? { histogram, fit: null, curve: [], whyNoFit } : { histogram, fit, curve, whyNoFit: null };
}

async function earlyComparison(
  store: Store,
  sweepId: number,
  key: GroupKey,
  epoch: number,
): Promise<NonNullable<SeedStudy["early"]>> {
  const points = await earlyVersusFinal(store, sweepId, key, epoch);
  const whyNoCorrelation = whyNoLine(points.length);
  const xs = points.map((p) => p.early);
  const ys = points.map((p) => p.final);
  return {
    epoch,
    points,
    pearson: whyNoCorrelation ? null : pearsonCorrelation(xs, ys),
    spearman: whyNoCorrelation ? null : spearmanCorrelation(xs, ys),
    whyNoCorrelation,
  };
}

async function epochBands(
  store: Store,
  sweepId: number,
  key: GroupKey,
): Promise<{ split: EvalSplit; points: EpochBandPoint[] }[]> {
  const ref = { ...key, sweepId };
  return Promise.all(
    EVAL_SPLITS.map(async (split) => ({ split, points: await groupEpochAggregates(store, ref, `${split}/top1`) })),
  );
}

function robustSummary(values: number[], seeds: number[]): RobustSummary {
  return {
    iqm: interquartileMean(values),
    normality: shapiroWilk(values),
    outlierSeeds: robustOutliers(values).outliers.map((i) => seeds[i]!),
  };
}

function cloudCorrelations(
  points: readonly CloudPoint[],
): Pick<SeedStudy["cloud"], "pearson" | "pearsonInterval" | "spearman"> {
  if (points.length === 0) return { pearson: null, pearsonInterval: null, spearman: null };
  const val = points.map((p) => p.val);
  const v2 = points.map((p) => p.v2);
  const pearson = pearsonCorrelation(val, v2);
  return { pearson, pearsonInterval: pearsonInterval(pearson), spearman: spearmanCorrelation(val, v2) };
}

async function earlyVersusFinal(store: Store, sweepId: number, key: GroupKey, epoch: number) {
  return clientsOf(store).sql.query<{ runId: number; seed: number; early: number; final: number }>(
    `SELECT r.id AS "runId", r.seed, m.value AS early, r."valTop1" AS final
     FROM "Run" r JOIN "Metric" m ON m."runId" = r.id AND m.key = 'val/top1' AND m.step = $5
     WHERE r."sweepId" = $1 AND r."recipeHash" = $2 AND r.arch = $3 AND r.dataset = $4 AND r.status = 'finished' AND r.seed IS NOT NULL AND r."rerunOf" IS NULL
       AND r."valTop1" IS NOT NULL
     ORDER BY r.seed`,
    [sweepId, key.recipeHash, key.arch, key.dataset, epoch],
  );
}
