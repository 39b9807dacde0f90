import type { ExternalStudy } from "@seedscope/db";
import { bestTop1, finalTop1, totalsOf } from "./run-facts";
import type { ValV2Fit } from "./val-v2-fit";
import type { InputOutcome } from "./write-runs";

/** The import's outcome as JSON (`--json`): per input its runs with final and best top-1, skips, notes, error. */
export function reportJson(study: ExternalStudy, outcomes: readonly InputOutcome[], fit: ValV2Fit | null): unknown {
  return {
    study: { id: study.id, name: study.name },
    totals: totalsOf(outcomes),
    inputs: outcomes.map((o) => ({
      input: o.input.input,
      error: o.error,
      notes: o.input.notes,
      skipped: o.skipped,
      runs: o.runs.map(({ id, outcome, prepared }) => ({
        id,
        name: prepared.run.name,
        outcome,
        status: prepared.status,
        seed: prepared.run.seed,
        epochs: prepared.run.epochs,
        resumedFrom: prepared.run.resumedFrom,
        final: { val: finalTop1(prepared.run, "val"), v2: finalTop1(prepared.run, "v2") },
        best: { val: bestTop1(prepared.run, "val"), v2: bestTop1(prepared.run, "v2") },
      })),
    })),
    valV2Fit: fit,
  };
}
