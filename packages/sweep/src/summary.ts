import { sweepGroupFinals, type Store } from "@seedscope/db";
import { summarize, type SampleSummary } from "@seedscope/stats";

export interface GroupSummary {
  /** The recipe's stored name (a derived recipe's may be long: label it for tables), or null. */
  readonly recipe: string | null;
  readonly recipeHash: string;
  readonly arch: string;
  readonly dataset: string;
  readonly val: SampleSummary;
  readonly v2: SampleSummary;
  /** Of the finished seeds summarized, how many collapsed (at chance): included in the statistics. */
  readonly collapsed: number;
}

/**
 * Final top-1 statistics over the finished seeds of each (recipe, arch, dataset) of a sweep. Collapsed
 * runs are finished runs: they count in the statistics, and `collapsed` says how many there are.
 */
export async function sweepSummary(store: Store, sweepId: number): Promise<GroupSummary[]> {
  const rows = await sweepGroupFinals(store, sweepId);
  return rows.map((r) => ({
    recipe: r.recipe,
    recipeHash: r.recipeHash,
    arch: r.arch,
    dataset: r.dataset,
    val: summarize(r.val.map(orNaN)),
    v2: summarize(r.v2.map(orNaN)),
    collapsed: r.collapsed,
  }));
}

/** A missing final value counts as NaN: the statistics drop and count it. */
function orNaN(value: number | null): number {
  return value ?? Number.NaN;
}
