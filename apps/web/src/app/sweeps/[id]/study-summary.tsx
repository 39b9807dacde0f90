"use client";
import { pct, pValue, signed } from "../../../client/format";
import { TableWrap } from "../../../client/truncated";
import type { SeedStudy } from "@seedscope/db";

export const groupValue = (key: { recipeHash: string; arch: string; dataset: string }) =>
  `${key.recipeHash}|${key.arch}|${key.dataset}`;

/** The group picker, the reference seed, and per split n, mean, std, max, min, the reference seed, median, CI. */
export function StudySummary({
  data,
  setParams,
}: {
  data: SeedStudy;
  setParams: (c: Record<string, string | number | null>) => void;
}) {
  const current = data.group!;
  const ref = data.referenceSeed;
  const cloud = data.cloud;
  const vRank = (seed: number) => [...cloud.points].sort((a, b) => b.v2 - a.v2).findIndex((p) => p.seed === seed) + 1;
  return (
    <>
      <div className="filters">
        <label>
          Group (recipe · arch · dataset)
          <select
            data-testid="group-select"
            value={groupValue(current.key)}
            title={current.title}
            onChange={(e) => setParams({ group: e.target.value, early: null })}
          >
            {data.groups.map((g) => (
              <option key={groupValue(g.key)} value={groupValue(g.key)} title={g.title}>
                {g.label} ({g.finished} seeds{g.collapsed > 0 ? `, ${g.collapsed} collapsed` : ""})
              </option>
            ))}
          </select>
        </label>
        <label>
          Reference seed
          <input
            type="number"
            min={0}
            value={ref}
            style={{ width: 80 }}
            onChange={(e) => setParams({ ref: e.target.value })}
          />
        </label>
        <label>
          <input
            type="checkbox"
            data-testid="include-reference"
            checked={!data.referenceExcluded}
            onChange={(e) => setParams({ withref: e.target.checked ? 1 : null })}
          />{" "}
          count seed {ref} in the statistics
        </label>
      </div>
      {current.collapsed > 0 && (
        <p className="warn" data-testid="group-collapsed">
          {current.collapsed} of {current.finished} finished runs of this group collapsed (final val top-1 at chance).
          They are included in every number and chart below, marked ✕ in the val-vs-v2 cloud.
        </p>
      )}
      <h2>Final top-1 over seeds (%)</h2>
      <TableWrap>
        <table data-testid="seed-summary">
          <thead>
            <tr>
              <th>split</th>
              <th className="num">n</th>
              <th className="num">mean</th>
              <th className="num">std</th>
              <th className="num">max</th>
              <th className="num">min</th>
              <th className="num">seed {ref}</th>
              <th className="num">seed {ref} − mean</th>
              <th className="num">median</th>
              <th className="num">IQM</th>
              <th className="num">95% CI of mean</th>
              <th>best seed</th>
              <th>normality (Shapiro–Wilk)</th>
              <th>outlier seeds</th>
            </tr>
          </thead>
          <tbody>
            {data.splits.map(({ split, summary: s, robust }) => (
              <tr key={split} data-testid={`summary-${split}`}>
                <td className={`split-${split}`}>{split}</td>
                <td className="num" data-stat="n">
                  {s.n}
                </td>
                <td className="num" data-stat="mean">
                  {pct(s.mean)}
                </td>
                <td className="num" data-stat="std">
                  {pct(s.std)}
                </td>
                <td className="num" data-stat="max">
                  {pct(s.max)}
                </td>
                <td className="num" data-stat="min">
                  {pct(s.min)}
                </td>
                <td className="num" data-stat="reference">
                  {pct(s.referenceValue)}
                </td>
                <td className="num">{s.referenceDelta === null ? "–" : signed(s.referenceDelta)}</td>
                <td className="num">{pct(s.median)}</td>
                <td
                  className="num"
                  data-stat="iqm"
                  title="interquartile mean: the mean of the middle half of the seeds"
                >
                  {pct(robust.iqm)}
                </td>
                <td className="num">
                  {Number.isFinite(s.meanInterval.lower)
                    ? `[${pct(s.meanInterval.lower)}, ${pct(s.meanInterval.upper)}]`
                    : "–"}
                </td>
                <td>{s.seedOfMax === null ? "–" : `seed ${s.seedOfMax}`}</td>
                <td data-stat="normality">
                  {Number.isFinite(robust.normality.pValue)
                    ? `p = ${pValue(robust.normality.pValue)}${robust.normality.pValue < 0.05 ? " — not normal: read the Gaussian fit and t-interval with care" : ""}`
                    : `not tested (${robust.normality.reason})`}
                </td>
                <td data-stat="outliers">
                  {robust.outlierSeeds.length === 0
                    ? "none"
                    : robust.outlierSeeds.map((seed) => `seed ${seed}`).join(", ")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <p className="muted" data-testid="reference-note">
        {data.referenceExcluded
          ? `Seed ${ref} is held out: n, mean, std, extremes, best seeds and the val-vs-v2 fit describe the other seeds, and seed ${ref} is compared with them (as the thesis compares seed 0, used everywhere else, with seeds 1–100).`
          : `Seed ${ref} is counted in the statistics it is compared with, which pulls the mean toward it by 1/n.`}
      </p>
      {cloud.bestOnVal && cloud.bestOnV2 && cloud.points.length > 1 && (
        <p data-testid="best-seeds">
          Best on val: seed {cloud.bestOnVal.seed} ({pct(cloud.bestOnVal.val)} val, {pct(cloud.bestOnVal.v2)} v2, rank{" "}
          {vRank(cloud.bestOnVal.seed)} of {cloud.points.length} on v2). Best on v2: seed {cloud.bestOnV2.seed} (
          {pct(cloud.bestOnV2.v2)} v2).
          {cloud.bestOnVal.seed === cloud.bestOnV2.seed
            ? " The same seed wins both."
            : " Selecting the seed on val does not pick the best seed on v2."}
        </p>
      )}
    </>
  );
}
