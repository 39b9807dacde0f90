"use client";
import { Chart } from "react-chartjs-2";
import type { Point } from "@seedscope/stats";
import { axis, COLORS } from "./register";
import { ChartBox } from "./chart-box";

export interface GroupPoint {
  readonly label: string;
  readonly x: number;
  readonly xStd: number;
  readonly y: number;
  readonly yStd: number;
}

/** One point per group at its (val mean, v2 mean) with ±1 std bars over seeds, and the line across groups. */
export function ErrorBarChart({ id, title, points, fit, xLabel, yLabel, note }: { id: string; title: string; points: GroupPoint[]; fit: [Point, Point] | null; xLabel: string; yLabel: string; note?: string }) {
  const data = points.map((p) => {
    const xs = Number.isFinite(p.xStd) ? p.xStd : 0;
    const ys = Number.isFinite(p.yStd) ? p.yStd : 0;
    return { x: p.x, y: p.y, xMin: p.x - xs, xMax: p.x + xs, yMin: p.y - ys, yMax: p.y + ys, label: p.label };
  });
  return (
    <ChartBox id={id} title={title} points={points.length} note={note}>
      <Chart
        type="scatterWithErrorBars"
        data={{
          datasets: [
            { type: "scatterWithErrorBars", label: "recipe × arch (mean ± std over seeds)", data, backgroundColor: COLORS.accent, pointRadius: 5 },
            ...(fit && fit.every((q) => Number.isFinite(q.y))
              ? [{ type: "line" as const, label: "least-squares fit across groups", data: fit, borderColor: COLORS.fit, pointRadius: 0, borderWidth: 2 }]
              : []),
          ],
        } as never}
        options={{
          parsing: false,
          scales: { x: axis(xLabel), y: axis(yLabel) },
          plugins: { tooltip: { callbacks: { label: (item: { raw: unknown; parsed: { x?: number; y?: number } }) => `${(item.raw as { label?: string }).label ?? ""}: (${item.parsed.x?.toFixed(2)}, ${item.parsed.y?.toFixed(2)})` } } },
        } as never}
      />
    </ChartBox>
  );
}
