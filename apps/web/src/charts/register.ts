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

Chart.register(
  BarController, BarElement, LineController, LineElement, PointElement, ScatterController, LinearScale, Filler, Legend, Tooltip,
  ScatterWithErrorBarsController, PointWithErrorBar,
);
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.font.family = "system-ui, sans-serif";

export const COLORS = {
  val: "#1f6feb",
  v2: "#d1242f",
  accent: "#8250df",
  muted: "#8c959f",
  fit: "#1a7f37",
} as const;

/** A linear axis with a title: every chart names what it shows and in which unit. */
export function axis(title: string, extra: Record<string, unknown> = {}) {
  return { type: "linear" as const, title: { display: true, text: title }, ...extra };
}
