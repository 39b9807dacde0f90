"use client";
import { Chart } from "react-chartjs-2";
import type { Point } from "@seedscope/stats";
import { axis, COLORS } from "./register";
import { ChartBox } from "./chart-box";

export interface LabelledPoint extends Point {
  readonly label?: string;
}

export interface Highlight {
  readonly name: string;
  readonly point: LabelledPoint | null;
  readonly color: string;
  readonly style: "circle" | "triangle" | "rectRot" | "star";
}

/** A point cloud (one point per seed) with marked points and an optional fitted line. */
export function ScatterChart({
  id, title, points, highlights = [], fit, xLabel, yLabel, note,
}: {
  id: string; title: string; points: LabelledPoint[]; highlights?: Highlight[]; fit?: [Point, Point] | null; xLabel: string; yLabel: string; note?: string;
}) {
  const datasets = [
    ...highlights
      .filter((h) => h.point !== null)
      .map((h) => ({
        type: "scatter" as const, label: `${h.name} (${h.point!.label})`, data: [h.point!], backgroundColor: h.color, borderColor: "#000",
        pointStyle: h.style, pointRadius: 9, order: 0,
      })),
    { type: "scatter" as const, label: "seeds", data: points, backgroundColor: `${COLORS.val}aa`, pointRadius: 4, order: 1 },
    ...(fit && fit.every((p) => Number.isFinite(p.y))
      ? [{ type: "line" as const, label: "least-squares fit", data: fit, borderColor: COLORS.fit, pointRadius: 0, borderWidth: 2, order: 2 }]
      : []),
  ];
  return (
    <ChartBox id={id} title={title} points={points.length} note={note}>
      <Chart
        type="scatter"
        data={{ datasets }}
        options={{
          parsing: false,
          scales: { x: axis(xLabel), y: axis(yLabel) },
          plugins: {
            tooltip: { callbacks: { label: (item) => `${(item.raw as LabelledPoint).label ?? ""}: (${item.parsed.x?.toFixed(2)}, ${item.parsed.y?.toFixed(2)})` } },
          },
        }}
      />
    </ChartBox>
  );
}
