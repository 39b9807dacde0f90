"use client";
import type { ChartDataset, PointStyle } from "chart.js";
import { Chart } from "react-chartjs-2";
import type { Point } from "@seedscope/stats";
import { axis, COLORS } from "./register";
import { ChartBox } from "./chart-box";
import { boundsOf, sortedByX } from "./ranges";

export interface LabelledPoint extends Point {
  readonly label?: string;
  /** Drawn as a cross in its own legend entry ("collapsed: at chance"). */
  readonly collapsed?: boolean;
}

export interface Highlight {
  readonly name: string;
  readonly point: LabelledPoint | null;
  readonly color: string;
  readonly style: PointStyle;
}

/**
 * Which part of the figure a dataset is: the data points themselves, a marker repeating one of them,
 * or a fitted line. Kept on each dataset so that readers of the chart (the browser tests) can tell.
 */
export type DatasetRole = "points" | "highlight" | "line";

/** A point cloud (one point per seed) with marked points and an optional fitted line; every point is drawn. */
export function ScatterChart({
  id,
  title,
  points,
  highlights = [],
  fit,
  xLabel,
  yLabel,
  note,
}: {
  id: string;
  title: string;
  points: LabelledPoint[];
  highlights?: Highlight[];
  fit?: [Point, Point] | null;
  xLabel: string;
  yLabel: string;
  note?: string;
}) {
  const sorted = sortedByX(points);
  const healthy = sorted.filter((p) => !p.collapsed);
  const collapsed = sorted.filter((p) => p.collapsed);
  const marked = highlights.filter((h): h is Highlight & { point: LabelledPoint } => h.point !== null);
  const datasets = [
    // Markers first, so that they are drawn over the seeds they repeat; each legend entry shows its marker.
    ...marked.map((h) => ({
      type: "scatter" as const,
      role: "highlight" as const,
      label: `${h.name} (${h.point.label ?? ""})`,
      data: [h.point],
      backgroundColor: `${h.color}cc`,
      borderColor: h.color,
      borderWidth: 2,
      pointStyle: h.style,
      pointRadius: 9,
      order: 0,
    })),
    ...(healthy.length > 0 || collapsed.length === 0
      ? [
          {
            type: "scatter" as const,
            role: "points" as const,
            label: "seeds",
            data: healthy,
            backgroundColor: `${COLORS.val}aa`,
            borderColor: COLORS.val,
            pointStyle: "circle" as const,
            pointRadius: 4,
            order: 1,
          },
        ]
      : []),
    ...(collapsed.length > 0
      ? [
          {
            type: "scatter" as const,
            role: "points" as const,
            label: "collapsed seeds (at chance)",
            data: collapsed,
            borderColor: COLORS.v2,
            backgroundColor: COLORS.v2,
            borderWidth: 2,
            pointStyle: "crossRot" as const,
            pointRadius: 6,
            order: 1,
          },
        ]
      : []),
    ...(fit?.every((p) => Number.isFinite(p.y))
      ? [
          {
            type: "line" as const,
            role: "line" as const,
            label: "least-squares fit",
            data: sortedByX(fit),
            borderColor: COLORS.fit,
            pointRadius: 0,
            pointStyle: "line" as const,
            borderWidth: 2,
            order: 2,
          },
        ]
      : []),
  ];
  return (
    <ChartBox id={id} title={title} points={points.length} note={note}>
      <Chart
        type="scatter"
        data={{ datasets: datasets as ChartDataset<"scatter", LabelledPoint[]>[] }}
        options={{
          parsing: false,
          scales: {
            x: axis(xLabel, boundsOf(points.map((p) => p.x)) ?? {}),
            y: axis(yLabel, boundsOf(points.map((p) => p.y)) ?? {}),
          },
          plugins: {
            legend: { labels: { usePointStyle: true } },
            tooltip: {
              callbacks: {
                label: (item) =>
                  `${(item.raw as LabelledPoint).label ?? ""}: (${item.parsed.x?.toFixed(2)}, ${item.parsed.y?.toFixed(2)})`,
              },
            },
          },
        }}
      />
    </ChartBox>
  );
}
