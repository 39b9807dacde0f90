"use client";
import { Chart } from "react-chartjs-2";
import type { Point } from "@seedscope/stats";
import { axis, COLORS } from "./register";
import { ChartBox } from "./chart-box";

/** One metric of one run against its step. */
export function LineChart({ id, title, points, xLabel, yLabel, note }: { id: string; title: string; points: Point[]; xLabel: string; yLabel: string; note?: string }) {
  return (
    <ChartBox id={id} title={title} points={points.length} note={note}>
      <Chart
        type="line"
        data={{ datasets: [{ label: title, data: points, borderColor: COLORS.val, pointRadius: points.length > 60 ? 0 : 2, borderWidth: 1.5 }] }}
        options={{ parsing: false, scales: { x: axis(xLabel, { ticks: { precision: 0 } }), y: axis(yLabel) }, plugins: { legend: { display: false } } }}
      />
    </ChartBox>
  );
}
