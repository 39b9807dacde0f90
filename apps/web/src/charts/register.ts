"use client";
import {
  BarController,
  BarElement,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Tooltip,
} from "chart.js";
import { PointWithErrorBar, ScatterWithErrorBarsController } from "chartjs-chart-error-bars";
import { HistogramController } from "./histogram-controller";

Chart.register(
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  LinearScale,
  Filler,
  Legend,
  Tooltip,
  ScatterWithErrorBarsController,
  PointWithErrorBar,
  HistogramController,
);
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.font.family = "system-ui, sans-serif";

// What a canvas shows can be read back with Chart.getChart(canvas) (datasets, scales, each element's
// pixels), as chart.js documents; the app bundles chart.js as a module, so the page exposes the class.
// The browser tests compare that state with what the API returned.
if (typeof window !== "undefined") Object.assign(window, { Chart });

export const COLORS = {
  val: "#1f6feb",
  v2: "#d1242f",
  accent: "#8250df",
  muted: "#8c959f",
  fit: "#1a7f37",
  reference: "#57606a",
} as const;

/** Distinct colours for groups drawn side by side (colour-blind-safe order first). */
export const PALETTE = [
  "#0072b2",
  "#e69f00",
  "#009e73",
  "#cc79a7",
  "#d55e00",
  "#56b4e9",
  "#000000",
  "#8250df",
  "#8c959f",
  "#b8a100",
] as const;

export function paletteColor(i: number): string {
  return PALETTE[i % PALETTE.length]!;
}

/** A linear axis with a title: every chart names what it shows and in which unit. */
export function axis(title: string, extra: object = {}) {
  return { type: "linear" as const, title: { display: true, text: title }, ...extra };
}
