"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { linearFitEndpoints } from "@seedscope/stats";
import "../../charts/register";
import { ErrorBarChart } from "../../charts/error-bar-chart";
import { meanStd, pct } from "../../client/format";
import { useScope } from "../../client/scope-picker";
import { Empty, QueryState } from "../../client/state";
import { useTRPC } from "../../client/trpc";

export function GeneralizationView() {
  const trpc = useTRPC();
  const [scope, picker] = useScope();
  const result = useQuery(trpc.compare.generalization.queryOptions(scope, { placeholderData: (prev) => prev }));
  const data = result.data;
  return (
    <>
      <h1>Generalization: val vs v2 across recipes and architectures</h1>
      <p className="lead">
        Each point is one recipe × architecture × dataset: its mean final top-1 on val and on the held-out v2 split, with ±1 std over seeds.
        The line is the least-squares fit across groups; a group above it generalizes better than its val accuracy predicts.
      </p>
      {picker}
      <QueryState isPending={result.isPending} error={result.error}>
        {data && (data.points.length === 0 ? <Empty>No finished runs in this scope.</Empty> : (
          <>
            <div className="charts">
              <ErrorBarChart
                id="generalization"
                title="Mean val vs mean v2 top-1 per group"
                points={data.points.map((p) => ({ label: p.label, x: p.stats.val.mean, xStd: p.stats.val.std, y: p.stats.v2.mean, yStd: p.stats.v2.std }))}
                fit={Number.isFinite(data.fit.slope) ? linearFitEndpoints(data.fit) : null}
                xLabel="val top-1 (%)"
                yLabel="v2 top-1 (%)"
                note={Number.isFinite(data.fit.slope)
                  ? `v2 = ${pct(data.fit.intercept)} + ${pct(data.fit.slope, 3)} · val, R² = ${pct(data.fit.rSquared, 3)}, Pearson r = ${pct(data.pearson.r, 3)} over ${data.fit.n} groups`
                  : "A line needs at least two groups with different val accuracy."}
              />
            </div>
            <table data-testid="generalization-table">
              <thead><tr><th>Group</th><th className="num">n</th><th className="num">val top-1 (%)</th><th className="num">v2 top-1 (%)</th><th className="num">v2 − fit</th></tr></thead>
              <tbody>
                {data.points.map((p) => {
                  const residual = p.stats.v2.mean - (data.fit.intercept + data.fit.slope * p.stats.val.mean);
                  return (
                    <tr key={p.label}>
                      <td><Link href={`/runs?recipe=${p.key.recipeHash}&arch=${p.key.arch}&dataset=${p.key.dataset}`}>{p.label}</Link></td>
                      <td className="num">{p.stats.val.n}</td>
                      <td className="num" data-stat="val">{meanStd(p.stats.val.mean, p.stats.val.std)}</td>
                      <td className="num" data-stat="v2">{meanStd(p.stats.v2.mean, p.stats.v2.std)}</td>
                      <td className="num">{pct(residual)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </>
        ))}
      </QueryState>
    </>
  );
}
