import { z } from "zod";
import { EVAL_SPLITS, parseInput, type EvalSplit } from "@seedscope/core";
import type { Store } from "../store";
import { groupEpochAggregates, groupSeeds, type EpochAggregate, type GroupRef, type SeedResult } from "./group-seeds";
import { recipeLabelOf } from "@seedscope/recipes";
import { compareGroups, histogram, methodsSentence, verdict, type GroupComparison } from "@seedscope/stats";

export const GroupRefSchema = z.object({
  recipeHash: z.string().regex(/^[0-9a-f]{64}$/, "recipeHash must be a full 64-hex-digit recipe hash"),
  arch: z.string().min(1).max(100),
  dataset: z.string().min(1).max(100),
  sweepId: z.number().int().positive().max(2_147_483_647).optional(),
});

export const ComparisonInputSchema = z.object({
  a: GroupRefSchema,
  b: GroupRefSchema,
  /** Seed of the bootstrap of P(A > B); recorded in the methods sentence. */
  seed: z.number().int().min(0).max(2_147_483_647).default(0),
  resamples: z.number().int().min(100).max(100_000).default(10_000),
  /** A difference (points of top-1) the user wants to be able to detect. */
  targetDelta: z.number().positive().max(100).optional(),
});
export type ComparisonInput = z.input<typeof ComparisonInputSchema>;

export interface ComparedGroup {
  readonly ref: GroupRef;
  readonly label: string;
  readonly fullLabel: string;
  readonly seeds: SeedResult[];
  readonly collapsed: number;
}

export interface SplitComparison {
  readonly split: EvalSplit;
  readonly comparison: GroupComparison;
  /** Both groups' seeds on one set of bins, so the two histograms overlay bin for bin. */
  readonly histogram: { readonly edges: number[]; readonly a: number[]; readonly b: number[] } | null;
  readonly bands: { readonly a: EpochAggregate[]; readonly b: EpochAggregate[] };
}

export interface Comparison {
  readonly a: ComparedGroup;
  readonly b: ComparedGroup;
  readonly splits: SplitComparison[];
  readonly verdict: string;
  readonly methods: string;
  readonly seed: number;
  readonly resamples: number;
}

function describeGroup(ref: GroupRef, name: string | null, seeds: SeedResult[]): ComparedGroup {
  const recipe = recipeLabelOf(name, ref.recipeHash);
  const where = `${ref.arch} · ${ref.dataset}${ref.sweepId === undefined ? "" : ` · sweep #${ref.sweepId}`}`;
  return {
    ref,
    label: `${recipe.short} · ${where}`,
    fullLabel: `${recipe.full} · ${where}`,
    seeds,
    collapsed: seeds.filter((s) => s.collapsed).length,
  };
}

function sharedHistogram(a: number[], b: number[]): SplitComparison["histogram"] {
  const all = [...a, ...b].filter(Number.isFinite);
  if (all.length === 0) return null;
  const pooled = histogram(all);
  const range = [pooled.edges[0]!, pooled.edges[pooled.edges.length - 1]!] as const;
  const bins = pooled.counts.length;
  return { edges: pooled.edges, a: histogram(a, { bins, range }).counts, b: histogram(b, { bins, range }).counts };
}

/** Two groups of seeds side by side on every split: the statistics, overlaid histograms and epoch bands. */
export async function compareTwoGroups(store: Store, raw: ComparisonInput): Promise<Comparison> {
  const input = parseInput(ComparisonInputSchema, raw, "comparison");
  const [seedsA, seedsB] = await Promise.all([groupSeeds(store, input.a), groupSeeds(store, input.b)]);
  const a = describeGroup(input.a, seedsA.recipeName, seedsA.seeds);
  const b = describeGroup(input.b, seedsB.recipeName, seedsB.seeds);
  const splits: SplitComparison[] = [];
  for (const split of EVAL_SPLITS) {
    const valuesA = a.seeds.map((s) => s[split] ?? Number.NaN);
    const valuesB = b.seeds.map((s) => s[split] ?? Number.NaN);
    const [bandA, bandB] = await Promise.all([
      groupEpochAggregates(store, input.a, `${split}/top1`),
      groupEpochAggregates(store, input.b, `${split}/top1`),
    ]);
    splits.push({
      split,
      comparison: compareGroups(valuesA, valuesB, {
        seed: input.seed,
        resamples: input.resamples,
        ...(input.targetDelta === undefined ? {} : { targetDelta: input.targetDelta }),
      }),
      histogram: sharedHistogram(valuesA, valuesB),
      bands: { a: bandA, b: bandB },
    });
  }
  const sentences = splits.map((s) => ({ split: s.split, comparison: s.comparison }));
  return {
    a,
    b,
    splits,
    verdict: verdict("A", "B", sentences),
    methods: methodsSentence(sentences),
    seed: input.seed,
    resamples: input.resamples,
  };
}

/** The comparison as CSV: one row per split and statistic, for a spreadsheet or a paper's table. */
export function comparisonCsv(c: Comparison): string {
  const rows: (string | number)[][] = [["split", "statistic", "A", "B", "A − B"]];
  for (const { split, comparison: x } of c.splits) {
    rows.push([split, "n", x.welch.a.n, x.welch.b.n, ""]);
    rows.push([split, "mean", x.welch.a.mean, x.welch.b.mean, x.welch.meanDifference]);
    rows.push([split, "std", x.a.summary.std, x.b.summary.std, ""]);
    rows.push([split, "iqm", x.a.iqm, x.b.iqm, ""]);
    rows.push([split, "welch_ci_lower", "", "", x.welch.differenceInterval.lower]);
    rows.push([split, "welch_ci_upper", "", "", x.welch.differenceInterval.upper]);
    rows.push([split, "welch_t", "", "", x.welch.t]);
    rows.push([split, "welch_df", "", "", x.welch.df]);
    rows.push([split, "welch_p", "", "", x.welch.pValue]);
    rows.push([split, "hedges_g", "", "", x.effect.hedgesG]);
    rows.push([split, "cohens_d", "", "", x.effect.cohensD]);
    rows.push([split, "p_a_beats_b", "", "", x.probability.estimate]);
    rows.push([split, "p_a_beats_b_ci_lower", "", "", x.probability.interval.lower]);
    rows.push([split, "p_a_beats_b_ci_upper", "", "", x.probability.interval.upper]);
    rows.push([split, "mann_whitney_p", "", "", x.probability.test.pValue]);
    rows.push([split, "seeds_per_arm_for_observed_delta", "", "", x.seedsForObserved.perArm]);
    rows.push([split, "minimum_detectable_delta", "", "", x.minimumDetectable]);
  }
  const cell = (v: string | number) =>
    typeof v === "number"
      ? Number.isFinite(v)
        ? String(v)
        : Number.isNaN(v)
          ? "NaN"
          : String(v)
      : /[",\n]/.test(v)
        ? `"${v.replace(/"/g, '""')}"`
        : v;
  return `${rows.map((r) => r.map(cell).join(",")).join("\n")}\n`;
}
