import type { ExternalStudy } from "@seedscope/db";
import { pct, table } from "../format";
import { bestTop1, type EpochTop1, finalTop1, totalsOf } from "./run-facts";
import type { ValV2Fit } from "./val-v2-fit";
import type { InputOutcome } from "./write-runs";

/** Runs listed one per line; a larger import (a results table of hundreds of models) lists the first ones. */
const MAX_RUNS_LISTED = 30;
const MAX_SKIPS_LISTED = 10;

const at = (v: EpochTop1 | null): string =>
  v === null ? "-" : v.epoch === 0 ? pct(v.top1) : `${pct(v.top1)} @${v.epoch}`;

function runsTable(outcomes: readonly InputOutcome[]): string[] {
  const runs = outcomes.flatMap((o) => o.runs);
  if (runs.length === 0) return [];
  const listed = runs.slice(0, MAX_RUNS_LISTED);
  const lines = [
    table(
      ["run", "name", "seed", "epochs", "val top-1 final", "val top-1 best", "v2 top-1 final", "status", "import"],
      listed.map(({ id, outcome, prepared: { run, status } }) => [
        id,
        run.name,
        run.seed ?? "-",
        run.epochs === 0 ? "-" : run.resumedFrom === null ? run.epochs : `${run.resumedFrom}–${run.epochs}`,
        at(finalTop1(run, "val")),
        at(bestTop1(run, "val")),
        at(finalTop1(run, "v2")),
        status,
        outcome,
      ]),
      { optional: ["status", "epochs", "seed"] },
    ),
  ];
  if (runs.length > listed.length) lines.push(`… and ${runs.length - listed.length} more runs (--json lists them all)`);
  return lines;
}

function inputsTable(outcomes: readonly InputOutcome[]): string {
  return table(
    ["input", "runs", "created", "updated", "unchanged", "skipped", "result"],
    outcomes.map((o) => {
      const n = (outcome: string) => o.runs.filter((r) => r.outcome === outcome).length;
      return [
        o.input.input,
        o.runs.length,
        n("created"),
        n("updated"),
        n("unchanged"),
        o.skipped.length,
        o.error === null ? "ok" : "failed",
      ];
    }),
  );
}

function detailLines(outcomes: readonly InputOutcome[]): string[] {
  const lines: string[] = [];
  for (const o of outcomes) {
    for (const note of o.input.notes) lines.push(`note: ${o.input.input}: ${note}`);
    for (const s of o.skipped.slice(0, MAX_SKIPS_LISTED))
      lines.push(`skipped: ${s.what === o.input.input ? s.what : `${o.input.input}: ${s.what}`}: ${s.reason}`);
    if (o.skipped.length > MAX_SKIPS_LISTED)
      lines.push(
        `skipped: ${o.input.input}: … and ${o.skipped.length - MAX_SKIPS_LISTED} more (--json lists them all)`,
      );
  }
  return lines;
}

/** The import's summary for a terminal: its runs, its inputs, notes and skips with reasons, the totals. */
export function reportText(study: ExternalStudy, outcomes: readonly InputOutcome[], fit: ValV2Fit | null): string {
  const t = totalsOf(outcomes);
  const lines = [...runsTable(outcomes), inputsTable(outcomes), ...detailLines(outcomes)];
  lines.push(
    `study "${study.name}" (sweep ${study.id}): ${t.runs} run(s) from ${t.inputs} input(s): ${t.created} created, ${t.updated} updated, ${t.unchanged} unchanged, ${t.skipped} skipped, ${t.failed} input(s) failed`,
  );
  if (fit)
    lines.push(
      `val vs v2 across the study's ${fit.groups} groups: v2 = ${fit.slope.toFixed(3)} × val ${fit.intercept < 0 ? "−" : "+"} ${Math.abs(fit.intercept).toFixed(2)} (r = ${fit.r.toFixed(3)})`,
    );
  return lines.join("\n");
}
