"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { linearFitEndpoints } from "@seedscope/stats";
import "../../charts/register";
import { ErrorBarChart, groupColor, MIN_SEEDS } from "../../charts/error-bar-chart";
import { meanStd, pct } from "../../client/format";
import { useScope } from "../../client/scope-picker";
import { CollapsedBadge, Empty, QueryState } from "../../client/state";
import { TableWrap, Truncated } from "../../client/truncated";
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
        Each point is one recipe × architecture × dataset: its mean final top-1 on val and on the held-out v2 split,
        with ±1 std over seeds. The green line is the least-squares fit across groups (a group above it generalizes
        better than its val accuracy predicts); the dashed diagonal is y = x. Groups with fewer than {MIN_SEEDS} seeds
        are drawn hollow: their spread is not an estimate.
      </p>
      {picker}
      <QueryState isPending={result.isPending} error={result.error}>
        {data &&
          (data.points.length === 0 ? (
            <Empty>No finished runs in this scope.</Empty>
          ) : (
            <>
              <div className="charts">
                <ErrorBarChart
                  id="generalization"
                  title="Mean val vs mean v2 top-1 per group"
                  points={data.points.map((p) => ({
                    label: p.label,
                    n: p.stats.val.n,
                    x: p.stats.val.mean,
                    xStd: p.stats.val.std,
                    y: p.stats.v2.mean,
                    yStd: p.stats.v2.std,
                  }))}
                  fit={data.fit && Number.isFinite(data.fit.slope) ? linearFitEndpoints(data.fit) : null}
                  xLabel="val top-1 (%)"
                  yLabel="v2 top-1 (%)"
                  note={
                    data.fit && data.pearson && Number.isFinite(data.fit.slope)
                      ? `v2 = ${pct(data.fit.intercept)} + ${pct(data.fit.slope, 3)} · val, R² = ${pct(data.fit.rSquared, 3)}, Pearson r = ${pct(data.pearson.r, 3)}${data.pearsonInterval && Number.isFinite(data.pearsonInterval.lower) ? ` (95 % CI ${pct(data.pearsonInterval.lower, 3)} to ${pct(data.pearsonInterval.upper, 3)}, Fisher z)` : ""}${data.spearman ? `, Spearman ρ = ${pct(data.spearman.r, 3)}` : ""} over ${data.fit.n} groups`
                      : (data.whyNoFit ?? "A line needs groups with different val accuracy.")
                  }
                />
              </div>
              <TableWrap>
                <table data-testid="generalization-table">
                  <thead>
                    <tr>
                      <th>Group</th>
                      <th className="num">n</th>
                      <th className="num">val top-1 (%)</th>
                      <th className="num">v2 top-1 (%)</th>
                      <th className="num">v2 − fit</th>
                      <th>Flags</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.points.map((p, i) => {
                      const residual = data.fit
                        ? p.stats.v2.mean - (data.fit.intercept + data.fit.slope * p.stats.val.mean)
                        : Number.NaN;
                      return (
                        <tr
                          key={`${p.key.recipeHash}|${p.key.arch}|${p.key.dataset}`}
                          data-group={`${p.key.recipeHash}|${p.key.arch}|${p.key.dataset}`}
                        >
                          <td>
                            <span
                              className="swatch"
                              style={{
                                borderColor: groupColor(i),
                                background: p.stats.val.n < MIN_SEEDS ? "#fff" : groupColor(i),
                              }}
                              aria-hidden
                            />
                            <Link href={`/runs?recipe=${p.key.recipeHash}&arch=${p.key.arch}&dataset=${p.key.dataset}`}>
                              <Truncated text={p.label} full={p.title} wide />
                            </Link>
                          </td>
                          <td className="num" data-stat="n">
                            {p.stats.val.n}
                          </td>
                          <td className="num" data-stat="val">
                            {meanStd(p.stats.val.mean, p.stats.val.std)}
                          </td>
                          <td className="num" data-stat="v2">
                            {meanStd(p.stats.v2.mean, p.stats.v2.std)}
                          </td>
                          <td className="num">{pct(residual)}</td>
                          <td data-stat="flags">
                            {p.stats.val.n < MIN_SEEDS ? (
                              <span
                                className="badge few"
                                title={`fewer than ${MIN_SEEDS} seeds: mean ± std is not an estimate`}
                              >
                                n &lt; {MIN_SEEDS}
                              </span>
                            ) : null}
                            {p.collapsed > 0 ? (
                              <>
                                <CollapsedBadge /> {p.collapsed} of {p.stats.val.n}
                              </>
                            ) : null}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </TableWrap>
            </>
          ))}
      </QueryState>
    </>
  );
}
