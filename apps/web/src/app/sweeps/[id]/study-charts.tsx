"use client";
import { linearFitEndpoints, studentTQuantile } from "@seedscope/stats";
import "../../../charts/register";
import { BandChart } from "../../../charts/band-chart";
import { HistogramChart } from "../../../charts/histogram-chart";
import { COLORS } from "../../../charts/register";
import { ScatterChart } from "../../../charts/scatter-chart";
import { pct } from "../../../client/format";
import type { SeedStudy } from "@seedscope/db";

const seedLabel = (p: { seed: number }) => `seed ${p.seed}`;

/** Thesis Fig 6.7–6.10 for one group: histogram, epoch bands, epoch k vs final, val vs v2 cloud. */
export function StudyCharts({
  data,
  setParams,
  band,
}: {
  data: SeedStudy;
  setParams: (c: Record<string, string | number | null>) => void;
  band: "std" | "ci";
}) {
  const { cloud, early } = data;
  const ref = data.referenceSeed;
  const marker = (p: SeedStudy["cloud"]["reference"]) => p && { x: p.val, y: p.v2, label: seedLabel(p) };
  return (
    <div className="charts">
      {data.histogram && (
        <HistogramChart
          id="histogram"
          title="Final val top-1 across seeds"
          data={data.histogram}
          xLabel="val top-1 (%)"
        />
      )}
      <div>
        <div className="filters">
          <label>
            Band
            <select
              data-testid="band-select"
              value={band}
              onChange={(e) => setParams({ band: e.target.value === "ci" ? "ci" : null })}
            >
              <option value="std">mean ± std</option>
              <option value="ci">95 % t-interval of the mean</option>
            </select>
          </label>
        </div>
        <BandChart
          id="epochs"
          title={`Top-1 along epochs: ${band === "ci" ? "95 % t-interval of the mean" : "mean ± std"} (band) and min–max (dashed)`}
          series={data.epochs.map((s) => ({
            split: s.split,
            points: band === "ci" ? s.points.map(toInterval) : s.points,
          }))}
          yLabel="top-1 (%)"
          note={epochNote(data.epochs)}
        />
      </div>
      {early ? (
        <div>
          <div className="filters">
            <label>
              Early epoch k
              <select
                data-testid="early-select"
                value={early.epoch}
                onChange={(e) => setParams({ early: e.target.value })}
              >
                {data.earlyEpochs.map((k) => (
                  <option key={k} value={k}>
                    {k}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <ScatterChart
            id="early"
            title={`Val top-1 at epoch ${early.epoch} vs final (epoch ${data.lastEpoch})`}
            points={early.points.map((p) => ({ x: p.early, y: p.final, label: seedLabel(p) }))}
            xLabel={`val top-1 at epoch ${early.epoch} (%)`}
            yLabel="final val top-1 (%)"
            note={
              early.pearson && early.spearman
                ? `Pearson r = ${pct(early.pearson.r, 3)}, Spearman ρ = ${pct(early.spearman.r, 3)} (n = ${early.pearson.n})`
                : (early.whyNoCorrelation ?? undefined)
            }
          />
        </div>
      ) : (
        <figure className="chart" data-testid="no-early">
          <figcaption>Early epoch vs final</figcaption>
          <p className="empty">{data.whyNoEarly}</p>
        </figure>
      )}
      <ScatterChart
        id="cloud"
        title="Val vs v2, one point per seed"
        points={cloud.points.map((p) => ({ x: p.val, y: p.v2, label: seedLabel(p), collapsed: p.collapsed }))}
        highlights={[
          { name: `reference seed ${ref}`, point: marker(cloud.reference), color: COLORS.accent, style: "rectRot" },
          { name: "best on val", point: marker(cloud.bestOnVal), color: COLORS.val, style: "triangle" },
          { name: "best on v2", point: marker(cloud.bestOnV2), color: COLORS.v2, style: "rect" },
        ]}
        fit={cloud.fit && Number.isFinite(cloud.fit.slope) ? linearFitEndpoints(cloud.fit) : null}
        xLabel="val top-1 (%)"
        yLabel="v2 top-1 (%)"
        note={
          [
            cloud.fit && cloud.pearson
              ? `Pearson r = ${pct(cloud.pearson.r, 3)}${cloud.pearsonInterval && Number.isFinite(cloud.pearsonInterval.lower) ? ` (95 % CI ${pct(cloud.pearsonInterval.lower, 3)} to ${pct(cloud.pearsonInterval.upper, 3)}, Fisher z)` : ""}` +
                `${cloud.spearman ? `, Spearman ρ = ${pct(cloud.spearman.r, 3)}` : ""}; fit v2 = ${pct(cloud.fit.intercept)} + ${pct(cloud.fit.slope, 3)} · val, R² = ${pct(cloud.fit.rSquared, 3)}`
              : (cloud.whyNoFit ?? ""),
            cloud.dropped > 0 ? `${cloud.dropped} finished seed(s) lack a val or v2 result and are not drawn.` : "",
          ]
            .filter(Boolean)
            .join(" ") || undefined
        }
      />
    </div>
  );
}

/** Mean ± the half-width of the 95 % Student-t interval of the mean over the n seeds at that epoch. */
function toInterval(p: SeedStudy["epochs"][number]["points"][number]) {
  const half = p.n >= 2 ? (studentTQuantile(0.975, p.n - 1) * p.std) / Math.sqrt(p.n) : Number.NaN;
  return { ...p, std: half };
}

function epochNote(epochs: SeedStudy["epochs"]): string {
  const counts = epochs[0]?.points.map((p) => p.n) ?? [];
  const varying = new Set(counts).size > 1;
  const nonFinite = epochs.reduce((sum, s) => sum + s.points.reduce((t, p) => t + p.nonFinite, 0), 0);
  return [
    varying
      ? `Seeds per epoch (val): ${counts.join(", ")} — each epoch's band is over the seeds that reached it.`
      : `n = ${counts[0] ?? 0} seeds at every epoch.`,
    nonFinite > 0 ? `${nonFinite} non-finite value(s) (a diverged seed) left out of the bands.` : "",
  ]
    .filter(Boolean)
    .join(" ");
}
