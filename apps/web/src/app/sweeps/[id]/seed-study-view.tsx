"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useParams } from "next/navigation";
import { linearFitEndpoints } from "@seedscope/stats";
import "../../../charts/register";
import { BandChart } from "../../../charts/band-chart";
import { HistogramChart } from "../../../charts/histogram-chart";
import { ScatterChart } from "../../../charts/scatter-chart";
import { COLORS } from "../../../charts/register";
import { pct, signed } from "../../../client/format";
import { intParam, useUrlState } from "../../../client/search-params";
import { Empty, QueryState } from "../../../client/state";
import { useTRPC } from "../../../client/trpc";
import type { SeedStudy } from "../../../server/queries/seed-study";

export function SeedStudyView() {
  const { id } = useParams<{ id: string }>();
  const sweepId = Number(id);
  const [params, setParams] = useUrlState();
  const groupParam = params.get("group");
  const [recipeHash, arch, dataset] = groupParam?.split("|") ?? [];
  const group = recipeHash && arch && dataset ? { recipeHash, arch, dataset } : undefined;
  const trpc = useTRPC();
  const study = useQuery(trpc.sweeps.study.queryOptions({ sweepId, group, earlyEpoch: intParam(params, "early"), referenceSeed: intParam(params, "ref") }, { placeholderData: (prev) => prev }));
  const data = study.data;
  return (
    <>
      <h1>Seed study {data ? `— sweep #${data.sweep.id}${data.sweep.name ? ` ${data.sweep.name}` : ""}` : ""}</h1>
      <QueryState isPending={study.isPending} error={study.error}>
        {data && (
          <>
            <p className="muted" data-testid="sweep-status">
              {data.sweep.total} runs: {data.sweep.byStatus.finished} finished, {data.sweep.byStatus.running} running, {data.sweep.byStatus.queued} queued
              {data.sweep.byStatus.failed + data.sweep.byStatus.diverged + data.sweep.byStatus.interrupted > 0
                ? `, ${data.sweep.byStatus.failed} failed, ${data.sweep.byStatus.diverged} diverged, ${data.sweep.byStatus.interrupted} interrupted`
                : ""}
              . <Link href={`/runs?sweep=${data.sweep.id}`}>Its runs</Link>
            </p>
            {data.groups.length === 0 ? (
              <Empty>No finished run in this sweep yet: the statistics appear as seeds finish.</Empty>
            ) : (
              <StudyBody data={data} setParams={setParams} />
            )}
          </>
        )}
      </QueryState>
    </>
  );
}

function StudyBody({ data, setParams }: { data: SeedStudy; setParams: (c: Record<string, string | number | null>) => void }) {
  const current = data.group!;
  const groupValue = `${current.key.recipeHash}|${current.key.arch}|${current.key.dataset}`;
  const ref = data.referenceSeed;
  const cloud = data.cloud;
  const label = (p: { seed: number }) => `seed ${p.seed}`;
  const vRank = (seed: number | undefined) => (seed === undefined ? null : [...cloud.points].sort((a, b) => b.v2 - a.v2).findIndex((p) => p.seed === seed) + 1);
  return (
    <>
      <div className="filters">
        <label>
          Group (recipe · arch · dataset)
          <select data-testid="group-select" value={groupValue} onChange={(e) => setParams({ group: e.target.value, early: null })}>
            {data.groups.map((g) => (
              <option key={`${g.key.recipeHash}|${g.key.arch}|${g.key.dataset}`} value={`${g.key.recipeHash}|${g.key.arch}|${g.key.dataset}`}>
                {g.label} ({g.finished} seeds)
              </option>
            ))}
          </select>
        </label>
        <label>
          Reference seed
          <input type="number" min={0} value={ref} style={{ width: 80 }} onChange={(e) => setParams({ ref: e.target.value })} />
        </label>
      </div>
      <h2>Final top-1 over seeds (%)</h2>
      <table data-testid="seed-summary">
        <thead>
          <tr>
            <th>split</th><th className="num">n</th><th className="num">mean</th><th className="num">std</th><th className="num">max</th><th className="num">min</th>
            <th className="num">seed {ref}</th><th className="num">seed {ref} − mean</th><th className="num">median</th><th className="num">95% CI of mean</th><th>best seed</th>
          </tr>
        </thead>
        <tbody>
          {data.splits.map(({ split, summary: s }) => (
            <tr key={split} data-testid={`summary-${split}`}>
              <td className={`split-${split}`}>{split}</td>
              <td className="num" data-stat="n">{s.n}</td>
              <td className="num" data-stat="mean">{pct(s.mean)}</td>
              <td className="num" data-stat="std">{pct(s.std)}</td>
              <td className="num" data-stat="max">{pct(s.max)}</td>
              <td className="num" data-stat="min">{pct(s.min)}</td>
              <td className="num" data-stat="reference">{pct(s.referenceValue)}</td>
              <td className="num">{s.referenceDelta === null ? "–" : signed(s.referenceDelta)}</td>
              <td className="num">{pct(s.median)}</td>
              <td className="num">{Number.isFinite(s.meanInterval.lower) ? `[${pct(s.meanInterval.lower)}, ${pct(s.meanInterval.upper)}]` : "–"}</td>
              <td>{s.seedOfMax === null ? "–" : `seed ${s.seedOfMax}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {cloud.bestOnVal && cloud.bestOnV2 && (
        <p data-testid="best-seeds">
          Best on val: seed {cloud.bestOnVal.seed} ({pct(cloud.bestOnVal.val)} val, {pct(cloud.bestOnVal.v2)} v2, rank {vRank(cloud.bestOnVal.seed)} of {cloud.points.length} on v2).
          Best on v2: seed {cloud.bestOnV2.seed} ({pct(cloud.bestOnV2.v2)} v2).
          {cloud.bestOnVal.seed === cloud.bestOnV2.seed ? " The same seed wins both." : " Selecting the seed on val does not pick the best seed on v2."}
        </p>
      )}
      <div className="charts">
        {data.histogram && <HistogramChart id="histogram" title="Final val top-1 across seeds" data={data.histogram} xLabel="val top-1 (%)" />}
        <BandChart id="epochs" title="Top-1 along epochs: mean ± std (band) and min–max (dashed)" series={data.epochs} yLabel="top-1 (%)" />
        {data.early && (
          <div>
            <div className="filters">
              <label>
                Early epoch k
                <select data-testid="early-select" value={data.early.epoch} onChange={(e) => setParams({ early: e.target.value })}>
                  {Array.from({ length: data.lastEpoch }, (_, i) => i + 1).map((k) => <option key={k} value={k}>{k}</option>)}
                </select>
              </label>
            </div>
            <ScatterChart
              id="early"
              title={`Val top-1 at epoch ${data.early.epoch} vs final (epoch ${data.lastEpoch})`}
              points={data.early.points.map((p) => ({ x: p.early, y: p.final, label: label(p) }))}
              xLabel={`val top-1 at epoch ${data.early.epoch} (%)`}
              yLabel="final val top-1 (%)"
              note={`Pearson r = ${pct(data.early.pearson.r, 3)}, Spearman ρ = ${pct(data.early.spearman.r, 3)} (n = ${data.early.pearson.n})`}
            />
          </div>
        )}
        <ScatterChart
          id="cloud"
          title="Val vs v2, one point per seed"
          points={cloud.points.map((p) => ({ x: p.val, y: p.v2, label: label(p) }))}
          highlights={[
            { name: `reference seed ${ref}`, point: cloud.reference && { x: cloud.reference.val, y: cloud.reference.v2, label: label(cloud.reference) }, color: COLORS.accent, style: "rectRot" },
            { name: "best on val", point: cloud.bestOnVal && { x: cloud.bestOnVal.val, y: cloud.bestOnVal.v2, label: label(cloud.bestOnVal) }, color: COLORS.val, style: "triangle" },
            { name: "best on v2", point: cloud.bestOnV2 && { x: cloud.bestOnV2.val, y: cloud.bestOnV2.v2, label: label(cloud.bestOnV2) }, color: COLORS.v2, style: "star" },
          ]}
          fit={Number.isFinite(cloud.fit.slope) ? linearFitEndpoints(cloud.fit) : null}
          xLabel="val top-1 (%)"
          yLabel="v2 top-1 (%)"
          note={`Pearson r = ${pct(cloud.pearson.r, 3)}; fit v2 = ${pct(cloud.fit.intercept)} + ${pct(cloud.fit.slope, 3)} · val, R² = ${pct(cloud.fit.rSquared, 3)}`}
        />
      </div>
    </>
  );
}
