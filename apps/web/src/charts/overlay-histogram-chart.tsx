"use client";
import { Chart } from "react-chartjs-2";
import { axis } from "./register";
import { ChartBox } from "./chart-box";
import { binEdgeAxisOptions, type HistogramBin } from "./histogram-controller";

export interface OverlaidCounts {
  readonly label: string;
  readonly color: string;
  readonly counts: readonly number[];
}

/** Several groups' seeds on one set of bins, each bar spanning its bin, drawn translucent over each other. */
export function OverlayHistogramChart({
  id,
  title,
  edges,
  groups,
  xLabel,
}: {
  id: string;
  title: string;
  edges: readonly number[];
  groups: OverlaidCounts[];
  xLabel: string;
}) {
  const bins = (counts: readonly number[]): HistogramBin[] =>
    counts.map((y, i) => ({ x: (edges[i]! + edges[i + 1]!) / 2, y, x0: edges[i]!, x1: edges[i + 1]! }));
  return (
    <ChartBox id={id} title={title} points={groups.reduce((n, g) => n + g.counts.length, 0)}>
      <Chart
        type="histogram"
        data={{
          datasets: groups.map((g) => ({
            type: "histogram" as const,
            label: g.label,
            data: bins(g.counts),
            backgroundColor: `${g.color}55`,
            borderColor: g.color,
            borderWidth: 1.5,
            grouped: false,
          })),
        }}
        options={{
          parsing: false,
          scales: {
            x: axis(xLabel, binEdgeAxisOptions(edges)),
            y: axis("seeds", { beginAtZero: true, ticks: { precision: 0 } }),
          },
        }}
      />
    </ChartBox>
  );
}
