"use client";
import { Chart } from "react-chartjs-2";
import type { Point } from "@seedscope/stats";
import { axis, COLORS } from "./register";
import { ChartBox } from "./chart-box";
import { boundsOf, sortedByX } from "./ranges";

/** One metric of one run against its step. */
export function LineChart({
  id,
  title,
  points,
  xLabel,
  yLabel,
  note,
}: {
  id: string;
  title: string;
  points: Point[];
  xLabel: string;
  yLabel: string;
  note?: string;
}) {
  const data = sortedByX(points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)));
  return (
    <ChartBox id={id} title={title} points={data.length} note={note}>
      <Chart
        type="line"
        data={{
          datasets: [
            { label: title, data, borderColor: COLORS.val, pointRadius: data.length > 60 ? 0 : 2, borderWidth: 1.5 },
          ],
        }}
        options={{
          parsing: false,
          scales: {
            x: axis(xLabel, {
              ticks: { precision: 0 },
              ...boundsOf(
                data.map((p) => p.x),
                0.02,
                true,
              ),
            }),
            y: axis(yLabel, boundsOf(data.map((p) => p.y)) ?? {}),
          },
          plugins: { legend: { display: false } },
        }}
      />
    </ChartBox>
  );
}
