"use client";
import { Chart } from "react-chartjs-2";
import type { HistogramWithGaussian } from "@seedscope/stats";
import { axis, COLORS } from "./register";
import { ChartBox } from "./chart-box";

/** Final accuracies of the seeds as a histogram, with the fitted normal density scaled to the counts. */
export function HistogramChart({ id, title, data, xLabel }: { id: string; title: string; data: HistogramWithGaussian; xLabel: string }) {
  const { histogram, curve, fit } = data;
  const bars = histogram.counts.map((count, i) => ({ x: (histogram.edges[i]! + histogram.edges[i + 1]!) / 2, y: count }));
  const line = curve.filter((p) => Number.isFinite(p.y));
  return (
    <ChartBox id={id} title={title} points={bars.length} note={Number.isFinite(fit.std) ? `Gaussian fit: μ = ${fit.mean.toFixed(2)}, σ = ${fit.std.toFixed(2)} (n = ${fit.n})` : `n = ${fit.n}: too few seeds for a fit`}>
      <Chart
        type="bar"
        data={{
          datasets: [
            { type: "bar", label: "seeds per bin", data: bars, backgroundColor: `${COLORS.val}88`, barPercentage: 1, categoryPercentage: 1, order: 2 },
            { type: "line", label: "Gaussian fit", data: line, borderColor: COLORS.fit, pointRadius: 0, borderWidth: 2, order: 1 },
          ],
        }}
        options={{
          parsing: false,
          scales: {
            x: axis(xLabel, { offset: false, min: histogram.edges[0], max: histogram.edges[histogram.edges.length - 1] }),
            y: axis("seeds", { beginAtZero: true, ticks: { precision: 0 } }),
          },
        }}
      />
    </ChartBox>
  );
}
