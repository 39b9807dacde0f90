"use client";
import { BarController, type BarElement, type UpdateMode } from "chart.js";

/** One bin: drawn over [x0, x1] with height y; x is its center (for tooltips and sorting). */
export interface HistogramBin {
  readonly x: number;
  readonly y: number;
  readonly x0: number;
  readonly x1: number;
}

declare module "chart.js" {
  interface ChartTypeRegistry {
    histogram: ChartTypeRegistry["bar"];
  }
}

/**
 * Bars that span exactly their bins on a linear x axis. Chart.js sizes every bar by the smallest gap
 * between bar centers or between ticks, so on a linear axis plain bars are as wide as the tick spacing,
 * not as their bins: they sit off their values and leave gaps that read as empty bins.
 */
export class HistogramController extends BarController {
  static override id = "histogram";
  static override defaults = BarController.defaults;
  // Bar charts' scale defaults (chart.js's typings leave the static out).
  static overrides = (BarController as unknown as { overrides: object }).overrides;

  override updateElements(rects: BarElement[], start: number, count: number, mode: UpdateMode): void {
    super.updateElements(rects, start, count, mode);
    const scale = this.getMeta().iScale;
    const bins = this.getDataset().data as unknown as readonly HistogramBin[];
    if (!scale) return;
    for (let i = start; i < start + count; i++) {
      const bin = bins[i];
      if (!bin) continue;
      const left = scale.getPixelForValue(bin.x0);
      const right = scale.getPixelForValue(bin.x1);
      this.updateElement(rects[i]!, i, { x: (left + right) / 2, width: right - left }, mode);
    }
  }
}

/** A linear x axis spanning exactly the bins, with a tick at every bin edge: each bar starts and ends at a labelled value. */
export function binEdgeAxisOptions(edges: readonly number[]) {
  return {
    offset: false,
    grid: { offset: false },
    min: edges[0],
    max: edges[edges.length - 1],
    afterBuildTicks: (scale: { ticks: { value: number }[] }) => {
      scale.ticks = edges.map((value) => ({ value }));
    },
    ticks: { callback: (value: number | string) => Number(value).toFixed(2) },
  };
}
