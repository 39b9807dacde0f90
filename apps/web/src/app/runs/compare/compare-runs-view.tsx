"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import type { CompareCurve, RunCompare } from "@seedscope/db";
import "../../../charts/register";
import { PairLineChart } from "../../../charts/pair-line-chart";
import { BadLink, QueryState } from "../../../client/state";
import { useTRPC } from "../../../client/trpc";
import { idFromPath } from "../../../client/url-params";
import { describeKey, keyId } from "../metric-axes";
import { FieldTable } from "./field-table";

/** `/runs/compare?a=3&b=7`: what differs between two runs, and their metric curves side by side. */
export function CompareRunsView() {
  const params = useSearchParams();
  const a = idFromPath(params.get("a") ?? "", "run");
  const b = idFromPath(params.get("b") ?? "", "run");
  return (
    <>
      <h1>
        Compare runs {a.ok ? <Link href={`/runs/${a.value}`}>{a.value}</Link> : "?"} and{" "}
        {b.ok ? <Link href={`/runs/${b.value}`}>{b.value}</Link> : "?"}
      </h1>
      {!a.ok ? (
        <BadLink message={`a: ${a.message}`} />
      ) : !b.ok ? (
        <BadLink message={`b: ${b.message}`} />
      ) : (
        <Comparison a={a.value} b={b.value} />
      )}
    </>
  );
}

function Comparison({ a, b }: { a: number; b: number }) {
  const trpc = useTRPC();
  const compare = useQuery(trpc.runs.compare.queryOptions({ a, b }));
  const data = compare.data;
  return (
    <QueryState isPending={compare.isPending} error={compare.error}>
      {data && (
        <>
          <MetricsSummary data={data} />
          <h2>Run fields</h2>
          <FieldTable id="diff-run" rows={data.diff.run} a={a} b={b} what="What the runs are" />
          <h2>Recipe fields</h2>
          <FieldTable id="diff-recipe" rows={data.diff.recipe} a={a} b={b} what="The recipes" />
          <h2>Fingerprint fields</h2>
          <FieldTable
            id="diff-fingerprint"
            rows={data.diff.fingerprint}
            a={a}
            b={b}
            what="Environment, data and code version"
          />
          <h2>Metric curves</h2>
          <div className="charts" data-testid="compare-curves">
            {data.curves.map((c) => (
              <CurvePair key={c.key} curve={c} a={a} b={b} />
            ))}
          </div>
        </>
      )}
    </QueryState>
  );
}

function MetricsSummary({ data }: { data: RunCompare }) {
  const m = data.diff.metrics;
  const first = m.firstDivergence;
  return (
    <p data-testid="compare-summary" data-first-key={first?.key} data-first-step={first?.step}>
      {m.differing === 0
        ? `All ${m.compared} metric points of run ${data.diff.b} are bit-identical to run ${data.diff.a}'s`
        : `${m.differing} of ${m.compared} metric points of run ${data.diff.b} differ from run ${data.diff.a}; the first at ${first?.key} step ${first?.step} (${first?.original ?? "absent"} vs ${first?.rerun})`}
      {m.onlyInA > 0 ? `; ${m.onlyInA} points only run ${data.diff.a} logged` : ""} (clock keys time/, perf/ not
      compared).
    </p>
  );
}

function curveNote(c: CompareCurve, a: number, b: number): string {
  if (c.clock) return "Measured from the clock or the process: drawn, not compared.";
  if (c.totalB === 0) return `Run ${b} logged no ${c.key}.`;
  const f = c.firstDifference;
  if (f === null) return `Identical at every step run ${b} logged (${c.totalB} points).`;
  return `First differs at step ${f.step}: run ${a} ${f.a ?? "absent"}, run ${b} ${f.b}.`;
}

function CurvePair({ curve: c, a, b }: { curve: CompareCurve; a: number; b: number }) {
  const axes = describeKey(c.key);
  return (
    <PairLineChart
      id={`compare-${keyId(c.key)}`}
      title={c.key}
      a={{ label: `run ${a}`, points: c.a }}
      b={{ label: `run ${b}`, points: c.b }}
      markStep={c.firstDifference?.step ?? null}
      xLabel={axes.x}
      yLabel={axes.y}
      note={curveNote(c, a, b)}
    />
  );
}
