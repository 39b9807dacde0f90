"use client";
import { useQuery } from "@tanstack/react-query";
import type { Comparison } from "@seedscope/db";
import "../../charts/register";
import { BandChart } from "../../charts/band-chart";
import { OverlayHistogramChart } from "../../charts/overlay-histogram-chart";
import { paletteColor } from "../../charts/register";
import { pValue, signed } from "../../client/format";
import { useUrlState } from "../../client/search-params";
import { BadLink, Empty, QueryState } from "../../client/state";
import { TableWrap } from "../../client/truncated";
import { useTRPC } from "../../client/trpc";
import { intFromParam } from "../../client/url-params";
import { comparedGroupFromParam, groupParam } from "./group-param";

const COLOR_A = paletteColor(0);
const COLOR_B = paletteColor(1);
const num = (v: number, digits = 2) => (Number.isFinite(v) ? v.toFixed(digits) : "–");

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

export function CompareView() {
  const [params, setParams] = useUrlState();
  const trpc = useTRPC();
  const a = comparedGroupFromParam(params.get("a"), "a");
  const b = comparedGroupFromParam(params.get("b"), "b");
  const seed = intFromParam(params.get("seed"), "bootstrap seed", 0);
  const groups = useQuery(trpc.compare.groupList.queryOptions({}));
  const bad = [a, b, seed].find((p) => !p.ok);
  const ready = a.ok && b.ok && seed.ok && a.value && b.value;
  const input = ready ? { a: a.value!, b: b.value!, seed: seed.value ?? 0 } : null;
  const comparison = useQuery({
    ...trpc.compare.groups.queryOptions(
      input ?? {
        a: { recipeHash: "0".repeat(64), arch: "-", dataset: "-" },
        b: { recipeHash: "0".repeat(64), arch: "-", dataset: "-" },
      },
    ),
    enabled: input !== null,
  });
  const csv = useQuery({
    ...trpc.compare.groupsCsv.queryOptions(
      input ?? {
        a: { recipeHash: "0".repeat(64), arch: "-", dataset: "-" },
        b: { recipeHash: "0".repeat(64), arch: "-", dataset: "-" },
      },
    ),
    enabled: false,
  });
  const options = groups.data ?? [];
  const picker = (which: "a" | "b") => {
    const current = which === "a" ? a : b;
    const value =
      current.ok && current.value
        ? groupParam({ recipeHash: current.value.recipeHash, arch: current.value.arch, dataset: current.value.dataset })
        : "";
    return (
      <label>
        Group {which.toUpperCase()}
        <select
          data-testid={`pick-${which}`}
          value={value}
          onChange={(e) => setParams({ [which]: e.target.value || null })}
        >
          <option value="">(pick a group)</option>
          {options.map((g) => {
            const v = groupParam(g.key);
            return (
              <option key={v} value={v}>
                {g.label} ({g.seeds} seeds)
              </option>
            );
          })}
        </select>
      </label>
    );
  };
  return (
    <>
      <h1>Compare two groups of seeds</h1>
      <p className="lead">
        Two recipe × architecture × dataset groups, each over its seeds (the latest finished run per seed), compared on
        every split: the difference of means with its Welch interval, the test, the effect size, the probability that a
        seed of A beats a seed of B, and how many seeds a clear answer would need.
      </p>
      <div className="filters">
        {picker("a")}
        {picker("b")}
      </div>
      {bad && !bad.ok ? (
        <BadLink message={bad.message} />
      ) : !input ? (
        <Empty>Pick two groups (or follow “compare” from the Arch × recipe page).</Empty>
      ) : (
        <QueryState isPending={comparison.isPending} error={comparison.error}>
          {comparison.data && (
            <ComparisonBody
              data={comparison.data}
              labelOf={(g) =>
                options.find(
                  (o) =>
                    o.key.recipeHash === g.ref.recipeHash &&
                    o.key.arch === g.ref.arch &&
                    o.key.dataset === g.ref.dataset,
                )?.label ?? g.label
              }
              onJson={() =>
                download(
                  "seedscope-comparison.json",
                  "application/json",
                  JSON.stringify(
                    comparison.data,
                    (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v),
                    2,
                  ),
                )
              }
              onCsv={async () => {
                const result = await csv.refetch();
                if (result.data) download("seedscope-comparison.csv", "text/csv", result.data);
              }}
            />
          )}
        </QueryState>
      )}
    </>
  );
}

function ComparisonBody({
  data,
  labelOf,
  onJson,
  onCsv,
}: {
  data: Comparison;
  labelOf: (g: Comparison["a"]) => string;
  onJson: () => void;
  onCsv: () => void;
}) {
  const groupLine = (name: string, g: Comparison["a"], color: string) => (
    <li data-testid={`group-${name.toLowerCase()}`}>
      <span className="swatch" style={{ background: color }} /> <strong>{name}</strong> ={" "}
      <span title={g.fullLabel}>{labelOf(g)}</span>
      {g.ref.sweepId === undefined ? "" : ` · sweep #${g.ref.sweepId}`}: {g.seeds.length} seeds
      {g.collapsed > 0 ? `, ${g.collapsed} collapsed (counted)` : ""}
    </li>
  );
  return (
    <>
      <ul className="groups">
        {groupLine("A", data.a, COLOR_A)}
        {groupLine("B", data.b, COLOR_B)}
      </ul>
      <p className="verdict" data-testid="verdict">
        {data.verdict}
      </p>
      {data.splits.map(({ split, comparison: c }) => (
        <section key={split} data-testid={`split-${split}`}>
          <h2>{split} top-1 (%)</h2>
          <TableWrap>
            <table data-testid={`groups-${split}`}>
              <thead>
                <tr>
                  <th>group</th>
                  <th className="num">n</th>
                  <th className="num">mean</th>
                  <th className="num">std</th>
                  <th className="num">IQM</th>
                  <th>normality (Shapiro–Wilk)</th>
                  <th>outlier seeds</th>
                </tr>
              </thead>
              <tbody>
                {(["a", "b"] as const).map((g) => {
                  const d = c[g];
                  const seeds = data[g].seeds;
                  const normal = Number.isFinite(d.normality.pValue)
                    ? `p = ${pValue(d.normality.pValue)}${d.normality.pValue < 0.05 ? ": not normal — trust the rank-based P(A > B) more than the t-test" : ""}`
                    : `not tested (${d.normality.reason})`;
                  return (
                    <tr key={g} data-group={g}>
                      <td>{g.toUpperCase()}</td>
                      <td className="num" data-stat="n">
                        {d.summary.n}
                      </td>
                      <td className="num" data-stat="mean">
                        {num(d.summary.mean)}
                      </td>
                      <td className="num" data-stat="std">
                        {num(d.summary.std)}
                      </td>
                      <td className="num" data-stat="iqm">
                        {num(d.iqm)}
                      </td>
                      <td data-stat="normality">{normal}</td>
                      <td data-stat="outliers">
                        {d.outliers.outliers.length === 0
                          ? "none"
                          : d.outliers.outliers.map((i) => `seed ${seeds[i]?.seed ?? i}`).join(", ")}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableWrap>
          <TableWrap>
            <table data-testid={`tests-${split}`}>
              <thead>
                <tr>
                  <th className="num">A − B</th>
                  <th className="num">{Math.round((1 - c.alpha) * 100)} % CI (Welch)</th>
                  <th className="num">t</th>
                  <th className="num">df</th>
                  <th className="num">p</th>
                  <th className="num">Hedges' g</th>
                  <th className="num">P(A &gt; B)</th>
                  <th className="num">95 % CI (bootstrap)</th>
                  <th className="num">Mann–Whitney p</th>
                  <th className="num">seeds per arm for this Δ</th>
                  <th className="num">smallest Δ detectable now</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <td className="num" data-stat="delta">
                    {signed(c.welch.meanDifference)}
                  </td>
                  <td className="num" data-stat="ci">
                    [{num(c.welch.differenceInterval.lower)}, {num(c.welch.differenceInterval.upper)}]
                  </td>
                  <td className="num" data-stat="t">
                    {num(c.welch.t, 3)}
                  </td>
                  <td className="num" data-stat="df">
                    {num(c.welch.df, 1)}
                  </td>
                  <td className={`num${c.welch.pValue < c.alpha ? " sig" : ""}`} data-stat="p">
                    {pValue(c.welch.pValue)}
                  </td>
                  <td className="num" data-stat="g">
                    {signed(c.effect.hedgesG)}
                  </td>
                  <td className="num" data-stat="poi">
                    {num(c.probability.estimate)}
                  </td>
                  <td className="num" data-stat="poi-ci">
                    [{num(c.probability.interval.lower)}, {num(c.probability.interval.upper)}]
                  </td>
                  <td className="num" data-stat="mw-p">
                    {pValue(c.probability.test.pValue)}
                  </td>
                  <td className="num" data-stat="seeds-needed">
                    {Number.isFinite(c.seedsForObserved.perArm)
                      ? c.seedsForObserved.perArm
                      : c.seedsForObserved.perArm === Infinity
                        ? "> 100,000"
                        : "–"}
                  </td>
                  <td className="num" data-stat="mdd">
                    {num(c.minimumDetectable)}
                  </td>
                </tr>
              </tbody>
            </table>
          </TableWrap>
        </section>
      ))}
      <div className="charts">
        {data.splits.map(({ split, histogram }) =>
          histogram ? (
            <OverlayHistogramChart
              key={`h-${split}`}
              id={`compare-histogram-${split}`}
              title={`Final ${split} top-1 over seeds`}
              edges={histogram.edges}
              groups={[
                { label: "A", color: COLOR_A, counts: histogram.a },
                { label: "B", color: COLOR_B, counts: histogram.b },
              ]}
              xLabel={`${split} top-1 (%)`}
            />
          ) : null,
        )}
        {data.splits.map(({ split, bands }) => (
          <BandChart
            key={`b-${split}`}
            id={`compare-epochs-${split}`}
            title={`${split} top-1 along epochs: mean ± std and min–max over the seeds that reached each epoch`}
            series={[
              { label: "A", color: COLOR_A, points: bands.a },
              { label: "B", color: COLOR_B, points: bands.b },
            ]}
            yLabel={`${split} top-1 (%)`}
            note={`Seeds per epoch — A: ${bands.a.map((p) => p.n).join(", ") || "none"}; B: ${bands.b.map((p) => p.n).join(", ") || "none"}${[...bands.a, ...bands.b].some((p) => p.nonFinite > 0) ? `; non-finite values left out: ${[...bands.a, ...bands.b].reduce((s, p) => s + p.nonFinite, 0)}` : ""}.`}
          />
        ))}
      </div>
      <h2>Methods</h2>
      <p data-testid="methods">{data.methods}</p>
      <p>
        <button type="button" onClick={onJson} data-testid="export-json">
          Export JSON
        </button>{" "}
        <button type="button" onClick={onCsv} data-testid="export-csv">
          Export CSV
        </button>
      </p>
    </>
  );
}
