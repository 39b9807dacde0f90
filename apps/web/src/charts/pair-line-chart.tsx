"use client";
import type { ChartDataset } from "chart.js";
import { Chart } from "react-chartjs-2";
import type { Point } from "@seedscope/stats";
import { axis, COLORS } from "./register";
import { ChartBox } from "./chart-box";
import { boundsOf, sortedByX } from "./ranges";

/** A dataset tagged for readers of the chart state: "points" (a run's data) or "line" (the marker). */
type RoledDataset = ChartDataset<"line", Point[]> & { role: "points" | "line" };

export interface PairSeries {
  readonly label: string;
  readonly points: Point[];
}

/**
 * One metric of two runs on one chart ("run 3", "run 7"), with a dashed vertical line at the first step
 * where they differ (role "line"); the runs' datasets carry role "points" and their label.
 */
export function PairLineChart({
  id,
  title,
  a,
  b,
  markStep,
  xLabel,
  yLabel,
  note,
}: {
  id: string;
  title: string;
  a: PairSeries;
  b: PairSeries;
  markStep: number | null;
  xLabel: string;
  yLabel: string;
  note?: string;
}) {
  const finite = (points: Point[]) => sortedByX(points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)));
  const da = finite(a.points);
  const db = finite(b.points);
  const all = [...da, ...db];
  const yBounds = boundsOf(all.map((p) => p.y));
  const xBounds = boundsOf([...all.map((p) => p.x), ...(markStep === null ? [] : [markStep])], 0.02, true);
  const radius = (n: number) => (n > 60 ? 0 : 2.5);
  const mark: RoledDataset[] =
    markStep === null || yBounds === undefined
      ? []
      : [
          {
            label: `first difference: step ${markStep}`,
            role: "line",
            data: [
              { x: markStep, y: yBounds.min },
              { x: markStep, y: yBounds.max },
            ],
            borderColor: COLORS.accent,
            borderDash: [5, 4],
            borderWidth: 1.5,
            pointRadius: 0,
          },
        ];
  const datasets: RoledDataset[] = [
    {
      label: a.label,
      role: "points",
      data: da,
      borderColor: COLORS.val,
      backgroundColor: COLORS.val,
      pointRadius: radius(da.length),
      borderWidth: 1.5,
    },
    {
      label: b.label,
      role: "points",
      data: db,
      borderColor: COLORS.v2,
      // Hollow and larger: where the runs agree, run a's dot shows inside run b's diamond.
      backgroundColor: "#ffffff",
      pointStyle: "rectRot",
      pointRadius: db.length > 60 ? 0 : 5,
      borderWidth: 1.5,
      borderDash: [3, 3],
    },
    ...mark,
  ];
  return (
    <ChartBox id={id} title={title} points={all.length} note={note} tall>
      <Chart
        type="line"
        data={{ datasets }}
        options={{
          parsing: false,
          scales: {
            x: axis(xLabel, { ticks: { precision: 0 }, ...xBounds }),
            y: axis(yLabel, yBounds ?? {}),
          },
          plugins: { legend: { display: true } },
        }}
      />
    </ChartBox>
  );
}
