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

/** One band: a split of one group ("val"), or a group on one split ("A"); colour from the split unless given. */
export interface BandSeries {
  readonly split?: "val" | "v2";
  readonly label?: string;
  readonly color?: string;
  readonly points: BandPoint[];
}

/** Mean ± std (filled) and min–max (dashed) across seeds along the epochs, per series. */
export function BandChart({
  id,
  title,
  series,
  yLabel,
  note,
}: {
  id: string;
  title: string;
  series: BandSeries[];
  yLabel: string;
  note?: string;
}) {
  const datasets = series.flatMap(({ split, label, color: given, points }) => {
    const color = given ?? COLORS[split ?? "val"];
    const name = label ?? split ?? "";
    const at = (f: (p: BandPoint) => number) =>
      sortedByX(points.map((p) => ({ x: p.epoch, y: f(p) })).filter((p) => Number.isFinite(p.y)));
    return [
      {
        label: `${name} mean − std`,
        data: at((p) => p.mean - p.std),
        borderColor: "transparent",
        pointRadius: 0,
        fill: false,
      },
      {
        label: `${name} mean ± std`,
        data: at((p) => p.mean + p.std),
        borderColor: "transparent",
        backgroundColor: `${color}33`,
        pointRadius: 0,
        fill: "-1" as const,
      },
      {
        label: `${name} mean`,
        data: at((p) => p.mean),
        borderColor: color,
        backgroundColor: color,
        pointRadius: points.length > 40 ? 0 : 3,
        borderWidth: 2,
        fill: false,
      },
      {
        label: `${name} min`,
        data: at((p) => p.min),
        borderColor: color,
        borderDash: [4, 4],
        borderWidth: 1,
        pointRadius: 0,
        fill: false,
      },
      {
        label: `${name} max`,
        data: at((p) => p.max),
        borderColor: color,
        borderDash: [4, 4],
        borderWidth: 1,
        pointRadius: 0,
        fill: false,
      },
    ];
  });
  const all = series.flatMap((s) => s.points);
  const ys = all.flatMap((p) => [p.min, p.max, p.mean - p.std, p.mean + p.std]);
  return (
    <ChartBox id={id} title={title} points={all.length} note={note}>
      <Chart
        type="line"
        data={{ datasets }}
        options={{
          parsing: false,
          scales: {
            x: axis("epoch", {
              ticks: { precision: 0 },
              ...boundsOf(
                all.map((p) => p.epoch),
                0.04,
                true,
              ),
            }),
            y: axis(yLabel, boundsOf(ys) ?? {}),
          },
          plugins: { legend: { labels: { filter: (item) => !item.text.endsWith("− std") } } },
        }}
      />
    </ChartBox>
  );
}
