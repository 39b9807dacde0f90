import type { Store } from "@seedscope/db";
import { recipeLabelOf } from "@seedscope/recipes";
import { sweepSummary, type GroupSummary } from "@seedscope/sweep";
import { pct, table } from "../format";

type SampleSummary = GroupSummary["val"];

const meanStd = (s: SampleSummary) => (s.n === 0 ? "-" : `${pct(s.mean)} ± ${pct(s.std)}`);
const range = (s: SampleSummary) => (s.n === 0 ? "-" : `${pct(s.min)}–${pct(s.max)}`);

/**
 * The seed statistics of a sweep's finished runs per recipe × arch × dataset, recipes by their short
 * label (`recipes show <hash>` has the full name). Collapsed runs count in the statistics; the
 * `collapsed` column says how many of the seeds they are.
 */
export async function summaryTable(store: Store, sweepId: number): Promise<string | null> {
  const groups = await sweepSummary(store, sweepId);
  if (groups.length === 0) return null;
  return table(
    ["recipe", "arch", "dataset", "seeds", "collapsed", "val mean ± std", "val min–max", "v2 mean ± std", "v2 min–max"],
    groups.map((g) => [
      recipeLabelOf(g.recipe, g.recipeHash).short,
      g.arch,
      g.dataset,
      g.val.n,
      g.collapsed,
      meanStd(g.val),
      range(g.val),
      meanStd(g.v2),
      range(g.v2),
    ]),
    { optional: ["val min–max", "v2 min–max", "dataset"] },
  );
}

/** "4/4 finished (1 collapsed), 0 failed or diverged, 0 left" */
export function outcomeLine(
  sweepId: number,
  p: { total: number; collapsed: number; byStatus: Readonly<Record<string, number>> },
): string {
  const b = p.byStatus;
  const left = (b.interrupted ?? 0) + (b.queued ?? 0) + (b.running ?? 0);
  return (
    `sweep ${sweepId}: ${b.finished ?? 0}/${p.total} finished${p.collapsed ? ` (${p.collapsed} collapsed: at chance, still counted below)` : ""}, ` +
    `${(b.failed ?? 0) + (b.diverged ?? 0)} failed or diverged, ${left} left`
  );
}
