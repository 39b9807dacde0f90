"use client";
import { Chart } from "react-chartjs-2";
import type { Point } from "@seedscope/stats";
import { axis, COLORS, paletteColor } from "./register";
import { ChartBox } from "./chart-box";
import { boundsOf, sortedByX, unionOf } from "./ranges";

export interface GroupPoint {
  readonly label: string;
  /** Seeds behind the point; below {@link MIN_SEEDS} it is drawn hollow and its legend entry says so. */
  readonly n: number;
  readonly x: number;
  readonly xStd: number;
  readonly y: number;
  readonly yStd: number;
}

/** Fewer seeds than this and a group's mean ± std is not an estimate (see the server's estimability). */
export const MIN_SEEDS = 3;

/** The colour of group i, for tables that list the same groups beside the chart. */
export const groupColor = paletteColor;

/** Past this many groups the legend would crowd the plot: the table beside the chart has the colours. */
const MAX_LEGEND_GROUPS = 8;

/**
 * One point per group at its (val mean, v2 mean) with ±1 std bars over seeds, each group in its own
 * colour, the y = x line (as good on v2 as on val) and the least-squares line across groups. Both axes
 * share one range that holds every bar, so that y = x is the diagonal and nothing runs off the plot.
 */
export function ErrorBarChart({
  id,
  title,
  points,
  fit,
  xLabel,
  yLabel,
  note,
}: {
  id: string;
  title: string;
  points: GroupPoint[];
  fit: [Point, Point] | null;
  xLabel: string;
  yLabel: string;
  note?: string;
}) {
  const bars = points.map((p) => {
    const xs = Number.isFinite(p.xStd) ? p.xStd : 0;
    const ys = Number.isFinite(p.yStd) ? p.yStd : 0;
    return { x: p.x, y: p.y, xMin: p.x - xs, xMax: p.x + xs, yMin: p.y - ys, yMax: p.y + ys, label: p.label };
  });
  const range = unionOf(
    boundsOf(bars.flatMap((b) => [b.xMin, b.xMax])),
    boundsOf(bars.flatMap((b) => [b.yMin, b.yMax])),
  );
  const groups = points.map((p, i) => {
    const color = groupColor(i);
    const few = p.n < MIN_SEEDS;
    return {
      type: "scatterWithErrorBars",
      role: "points",
      label: few ? `${p.label} (n = ${p.n} < ${MIN_SEEDS})` : p.label,
      data: [bars[i]],
      backgroundColor: few ? "#ffffff" : color,
      borderColor: color,
      borderWidth: 2,
      pointRadius: 6,
      pointStyle: few ? "rectRot" : "circle",
      errorBarColor: color,
      errorBarWhiskerColor: color,
    };
  });
  const lines = [
    ...(range
      ? [
          {
            type: "line",
            role: "line",
            label: "y = x (as good on v2 as on val)",
            data: [
              { x: range.min, y: range.min },
              { x: range.max, y: range.max },
            ],
            borderColor: COLORS.reference,
            borderDash: [6, 4],
            borderWidth: 1,
            pointRadius: 0,
            pointStyle: "line",
          },
        ]
      : []),
    ...(fit?.every((q) => Number.isFinite(q.y))
      ? [
          {
            type: "line",
            role: "line",
            label: "least-squares fit across groups",
            data: sortedByX(fit),
            borderColor: COLORS.fit,
            pointRadius: 0,
            pointStyle: "line",
            borderWidth: 2,
          },
        ]
      : []),
  ];
  const showGroups = points.length <= MAX_LEGEND_GROUPS;
  return (
    <ChartBox id={id} title={title} points={points.length} note={note} tall>
      <Chart
        type="scatterWithErrorBars"
        data={{ datasets: [...groups, ...lines] } as never}
        options={
          {
            parsing: false,
            scales: { x: axis(xLabel, range ?? {}), y: axis(yLabel, range ?? {}) },
            plugins: {
              legend: {
                position: "bottom",
                labels: {
                  usePointStyle: true,
                  boxWidth: 8,
                  filter: (item: { datasetIndex: number }) => showGroups || item.datasetIndex >= groups.length,
                },
              },
              tooltip: {
                callbacks: {
                  label: (item: { raw: unknown; dataset: { label?: string } }) => {
                    const b = item.raw as {
                      x: number;
                      y: number;
                      xMin: number;
                      xMax: number;
                      yMin: number;
                      yMax: number;
                    };
                    return `${item.dataset.label ?? ""}: val ${b.x.toFixed(2)} ± ${(b.xMax - b.x).toFixed(2)}, v2 ${b.y.toFixed(2)} ± ${(b.yMax - b.y).toFixed(2)}`;
                  },
                },
              },
            },
          } as never
        }
      />
    </ChartBox>
  );
}
