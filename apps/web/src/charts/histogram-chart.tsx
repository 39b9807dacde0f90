"use client";
import { Chart } from "react-chartjs-2";
import type { Histogram, Point } from "@seedscope/stats";
import { axis, COLORS } from "./register";
import { ChartBox } from "./chart-box";
import { binEdgeAxisOptions, type HistogramBin } from "./histogram-controller";

export interface HistogramData {
  readonly histogram: Histogram;
  /** The fitted normal density scaled to the counts; empty when no fit was made. */
  readonly curve: Point[];
  readonly fit: { mean: number; std: number; n: number } | null;
  /** Why there is no fit (too few seeds); shown instead of the fit's parameters. */
  readonly whyNoFit: string | null;
}

/** Final accuracies of the seeds as a histogram (each bar spans its bin), with the fitted normal density. */
export function HistogramChart({
  id,
  title,
  data,
  xLabel,
}: {
  id: string;
  title: string;
  data: HistogramData;
  xLabel: string;
}) {
  const { histogram, curve, fit } = data;
  const bins: HistogramBin[] = histogram.counts.map((count, i) => {
    const x0 = histogram.edges[i]!;
    const x1 = histogram.edges[i + 1]!;
    return { x: (x0 + x1) / 2, y: count, x0, x1 };
  });
  const line = curve.filter((p) => Number.isFinite(p.y));
  const note =
    fit && Number.isFinite(fit.std)
      ? `Gaussian fit: μ = ${fit.mean.toFixed(2)}, σ = ${fit.std.toFixed(2)} (sample std, divisor n − 1; n = ${fit.n})`
      : (data.whyNoFit ?? "No Gaussian fit.");
  return (
    <ChartBox id={id} title={title} points={bins.length} note={note}>
      <Chart
        type="histogram"
        data={{
          datasets: [
            {
              type: "histogram",
              label: "seeds per bin",
              data: bins,
              backgroundColor: `${COLORS.val}88`,
              borderColor: COLORS.val,
              borderWidth: 1,
              order: 2,
            },
            ...(line.length > 0
              ? [
                  {
                    type: "line" as const,
                    label: "Gaussian fit",
                    data: line,
                    borderColor: COLORS.fit,
                    pointRadius: 0,
                    borderWidth: 2,
                    order: 1,
                  },
                ]
              : []),
          ],
        }}
        options={{
          parsing: false,
          scales: {
            x: axis(xLabel, binEdgeAxisOptions(histogram.edges)),
            y: axis("seeds", { beginAtZero: true, ticks: { precision: 0 } }),
          },
          plugins: {
            tooltip: {
              callbacks: {
                title: (items) => {
                  const bin = items[0]?.raw as Partial<HistogramBin> | undefined;
                  return bin?.x0 !== undefined && bin.x1 !== undefined
                    ? `[${bin.x0.toFixed(2)}, ${bin.x1.toFixed(2)})`
                    : "";
                },
              },
            },
          },
        }}
      />
    </ChartBox>
  );
}
