import type { ImportedRun } from "@seedscope/ingest";
import type { InputOutcome } from "./write-runs";

/** A split's top-1 at an epoch (0 for a table of final results). */
export interface EpochTop1 {
  readonly epoch: number;
  readonly top1: number;
}

/** The final (highest-epoch) top-1 of a split, or null when the run has none. */
export function finalTop1(run: ImportedRun, split: "val" | "v2"): EpochTop1 | null {
  let last: EpochTop1 | null = null;
  for (const p of run.points) {
    if (p.key === `${split}/top1` && (last === null || p.step > last.epoch)) last = { epoch: p.step, top1: p.value };
  }
  return last;
}

/** The best top-1 of a split over the epochs and its epoch: last is not best. */
export function bestTop1(run: ImportedRun, split: "val" | "v2"): EpochTop1 | null {
  return run.splits[split]?.best ?? null;
}

export interface ImportTotals {
  readonly inputs: number;
  readonly runs: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly skipped: number;
  readonly failed: number;
}

export function totalsOf(outcomes: readonly InputOutcome[]): ImportTotals {
  const runs = outcomes.flatMap((o) => o.runs);
  const count = (outcome: string) => runs.filter((r) => r.outcome === outcome).length;
  return {
    inputs: outcomes.length,
    runs: runs.length,
    created: count("created"),
    updated: count("updated"),
    unchanged: count("unchanged"),
    skipped: outcomes.reduce((n, o) => n + o.skipped.length, 0),
    failed: outcomes.filter((o) => o.error !== null).length,
  };
}
