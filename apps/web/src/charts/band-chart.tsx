"use client";
import { Chart } from "react-chartjs-2";
import { axis, COLORS } from "./register";
import { ChartBox } from "./chart-box";
import { boundsOf, sortedByX } from "./ranges";

export interface BandPoint {
  readonly epoch: number;
  readonly mean: number;
  readonly std: number;
  readonly min: number;
  readonly max: number;
}

/** Mean ± std (filled) and min–max (dashed) across seeds along the epochs, per split. */
export function BandChart({ id, title, series, yLabel }: { id: string; title: string; series: { split: "val" | "v2"; points: BandPoint[] }[]; yLabel: string }) {
  const datasets = series.flatMap(({ split, points }) => {
    const color = COLORS[split];
    const at = (f: (p: BandPoint) => number) => sortedByX(points.map((p) => ({ x: p.epoch, y: f(p) })).filter((p) => Number.isFinite(p.y)));
    return [
      { label: `${split} mean − std`, data: at((p) => p.mean - p.std), borderColor: "transparent", pointRadius: 0, fill: false },
      { label: `${split} mean ± std`, data: at((p) => p.mean + p.std), borderColor: "transparent", backgroundColor: `${color}33`, pointRadius: 0, fill: "-1" as const },
      { label: `${split} mean`, data: at((p) => p.mean), borderColor: color, backgroundColor: color, pointRadius: points.length > 40 ? 0 : 3, borderWidth: 2, fill: false },
      { label: `${split} min`, data: at((p) => p.min), borderColor: color, borderDash: [4, 4], borderWidth: 1, pointRadius: 0, fill: false },
      { label: `${split} max`, data: at((p) => p.max), borderColor: color, borderDash: [4, 4], borderWidth: 1, pointRadius: 0, fill: false },
    ];
  });
  const all = series.flatMap((s) => s.points);
  const ys = all.flatMap((p) => [p.min, p.max, p.mean - p.std, p.mean + p.std]);
  return (
    <ChartBox id={id} title={title} points={all.length}>
      <Chart
        type="line"
        data={{ datasets }}
        options={{
          parsing: false,
          scales: { x: axis("epoch", { ticks: { precision: 0 }, ...boundsOf(all.map((p) => p.epoch), 0.04, true) }), y: axis(yLabel, boundsOf(ys) ?? {}) },
          plugins: { legend: { labels: { filter: (item) => !item.text.endsWith("− std") } } },
        }}
      />
    </ChartBox>
  );
}
