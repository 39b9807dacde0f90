import type { Page } from "playwright-core";
import { expect } from "vitest";

/** A linear scale as drawn: its value range and where it sits on the canvas (CSS pixels). */
export interface DrawnScale {
  readonly min: number;
  readonly max: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/** One data element: the value it stands for (chart.js's parsed point, extra fields kept) and where it was drawn. */
export interface DrawnElement {
  readonly value: Readonly<Record<string, number>>;
  readonly px: number;
  readonly py: number;
  /** Bars only: width and the pixel of the value axis' zero. */
  readonly width?: number;
  readonly base?: number;
  /** Inside the range chart.js draws (line and scatter controllers draw only part of their elements) and not skipped. */
  readonly drawn: boolean;
}

export interface DrawnDataset {
  readonly label: string;
  /** The marker the dataset's points are drawn with, and their fill. */
  readonly pointStyle: string | null;
  readonly backgroundColor: string | null;
  readonly borderColor: string | null;
  readonly type: string;
  /** Set by the app's charts: "points" (data), "highlight" (a marker repeating a point), "line" (fit or reference). */
  readonly role: string | null;
  readonly hidden: boolean;
  readonly elements: DrawnElement[];
}

/** One legend entry as chart.js draws it. */
export interface LegendEntry {
  readonly text: string;
  readonly datasetIndex: number;
  readonly pointStyle: string | null;
  readonly fillStyle: string | null;
}

export interface ChartState {
  readonly type: string;
  /** Whether legend entries show each dataset's marker (else a plain box), and the entries shown. */
  readonly legend: { usePointStyle: boolean; entries: LegendEntry[] };
  readonly area: { left: number; right: number; top: number; bottom: number };
  readonly x: DrawnScale;
  readonly y: DrawnScale;
  readonly datasets: DrawnDataset[];
}

/** Reads a rendered chart's own state through chart.js (`Chart.getChart(canvas)`), not its pixels. */
export async function readChart(page: Page, id: string): Promise<ChartState> {
  const canvas = page.getByTestId(`chart-${id}`).locator("canvas");
  await canvas.waitFor();
  return canvas.evaluate((element) => {
    interface Scale {
      min: number;
      max: number;
      left: number;
      right: number;
      top: number;
      bottom: number;
    }
    interface Meta {
      type: string;
      hidden: boolean | null;
      xAxisID: string;
      yAxisID: string;
      data: { x: number; y: number; width?: number; base?: number; skip?: boolean }[];
      controller: { _drawStart?: number; _drawCount?: number; getParsed(i: number): Record<string, unknown> };
    }
    interface ChartLike {
      config: { type: string };
      chartArea: { left: number; right: number; top: number; bottom: number };
      scales: Record<string, Scale>;
      data: {
        datasets: {
          label?: string;
          role?: string;
          pointStyle?: unknown;
          backgroundColor?: unknown;
          borderColor?: unknown;
        }[];
      };
      legend?: {
        options: { labels: { usePointStyle?: boolean } };
        legendItems?: { text: string; datasetIndex?: number; pointStyle?: unknown; fillStyle?: unknown }[];
      };
      getDatasetMeta(i: number): Meta;
      isDatasetVisible(i: number): boolean;
    }
    const Chart = (window as unknown as { Chart?: { getChart(c: HTMLCanvasElement): ChartLike | undefined } }).Chart;
    if (!Chart) throw new Error("the page does not expose chart.js (window.Chart)");
    const chart = Chart.getChart(element as HTMLCanvasElement);
    if (!chart) throw new Error("no chart on this canvas");
    // No helper functions in here: transpilers may wrap them (esbuild's keepNames) in code the page lacks.
    const scales: Record<string, Scale> = {};
    for (const axisId of ["x", "y"]) {
      const s = chart.scales[axisId];
      if (!s) throw new Error(`chart without a ${axisId} scale`);
      scales[axisId] = { min: s.min, max: s.max, left: s.left, right: s.right, top: s.top, bottom: s.bottom };
    }
    return {
      type: chart.config.type,
      legend: {
        usePointStyle: chart.legend?.options.labels.usePointStyle === true,
        entries: (chart.legend?.legendItems ?? []).map((item) => ({
          text: item.text,
          datasetIndex: item.datasetIndex ?? -1,
          pointStyle: typeof item.pointStyle === "string" ? (item.pointStyle as string) : null,
          fillStyle: typeof item.fillStyle === "string" ? (item.fillStyle as string) : null,
        })),
      },
      area: { ...chart.chartArea },
      x: scales.x!,
      y: scales.y!,
      datasets: chart.data.datasets.map((dataset, i) => {
        const meta = chart.getDatasetMeta(i);
        const start = meta.controller._drawStart ?? 0;
        const count = meta.controller._drawCount ?? meta.data.length;
        return {
          label: dataset.label ?? "",
          type: meta.type,
          role: dataset.role ?? null,
          pointStyle: typeof dataset.pointStyle === "string" ? (dataset.pointStyle as string) : null,
          backgroundColor: typeof dataset.backgroundColor === "string" ? (dataset.backgroundColor as string) : null,
          borderColor: typeof dataset.borderColor === "string" ? (dataset.borderColor as string) : null,
          hidden: !chart.isDatasetVisible(i),
          elements: meta.data.map((el, j) => ({
            value: Object.fromEntries(
              Object.entries(meta.controller.getParsed(j)).filter((entry) => typeof entry[1] === "number"),
            ) as Record<string, number>,
            px: el.x,
            py: el.y,
            ...(el.width !== undefined ? { width: el.width, base: el.base } : {}),
            drawn: j >= start && j < start + count && !el.skip,
          })),
        };
      }),
    };
  });
}

/** Where a value lands on a linear scale, computed from the scale's range and extent alone. */
export function pixelX(scale: DrawnScale, value: number): number {
  return scale.left + ((value - scale.min) / (scale.max - scale.min)) * (scale.right - scale.left);
}
export function pixelY(scale: DrawnScale, value: number): number {
  return scale.bottom - ((value - scale.min) / (scale.max - scale.min)) * (scale.bottom - scale.top);
}

const PIXEL_TOLERANCE = 0.75;
const VALUE_TOLERANCE = 1e-9;

function inRange(scale: DrawnScale, value: number): boolean {
  return value >= scale.min - VALUE_TOLERANCE && value <= scale.max + VALUE_TOLERANCE;
}

/**
 * Every point the API returned is drawn, once: the chart's point elements (datasets with `role`, or all
 * when `datasets` picks them) are exactly these values, each inside both scales' visible range, each
 * element actually drawn, at the pixel its value maps to.
 */
export function expectDrawsExactly(
  state: ChartState,
  expected: readonly { x: number; y: number }[],
  what: string,
  datasets: (d: DrawnDataset) => boolean = (d) => d.role === "points",
): void {
  const elements = state.datasets.filter((d) => datasets(d) && !d.hidden).flatMap((d) => d.elements);
  const drawn = elements.filter((e) => e.drawn);
  expect(drawn.length, `${what}: points drawn (${drawn.length}) vs returned by the API (${expected.length})`).toBe(
    expected.length,
  );
  expect(elements.length, `${what}: point elements`).toBe(expected.length);
  const left = [...drawn];
  for (const point of expected) {
    const i = left.findIndex(
      (e) => Math.abs(e.value.x! - point.x) < VALUE_TOLERANCE && Math.abs(e.value.y! - point.y) < VALUE_TOLERANCE,
    );
    expect(i, `${what}: (${point.x}, ${point.y}) is among the drawn points`).toBeGreaterThanOrEqual(0);
    left.splice(i, 1);
    expect(
      inRange(state.x, point.x),
      `${what}: x = ${point.x} inside the x axis [${state.x.min}, ${state.x.max}]`,
    ).toBe(true);
    expect(
      inRange(state.y, point.y),
      `${what}: y = ${point.y} inside the y axis [${state.y.min}, ${state.y.max}]`,
    ).toBe(true);
  }
  for (const e of drawn) {
    expect(
      Math.abs(e.px - pixelX(state.x, e.value.x!)),
      `${what}: x pixel of (${e.value.x}, ${e.value.y})`,
    ).toBeLessThan(PIXEL_TOLERANCE);
    expect(
      Math.abs(e.py - pixelY(state.y, e.value.y!)),
      `${what}: y pixel of (${e.value.x}, ${e.value.y})`,
    ).toBeLessThan(PIXEL_TOLERANCE);
  }
}

/** Every value of every dataset (lines included) lies inside the visible ranges, and every element is drawn. */
export function expectAllInside(state: ChartState, what: string): void {
  for (const d of state.datasets) {
    for (const e of d.elements) {
      expect(e.drawn, `${what} / ${d.label}: element (${e.value.x}, ${e.value.y}) drawn`).toBe(true);
      expect(
        inRange(state.x, e.value.x!),
        `${what} / ${d.label}: x = ${e.value.x} inside [${state.x.min}, ${state.x.max}]`,
      ).toBe(true);
      expect(
        inRange(state.y, e.value.y!),
        `${what} / ${d.label}: y = ${e.value.y} inside [${state.y.min}, ${state.y.max}]`,
      ).toBe(true);
    }
  }
}

/** Each bar spans exactly its bin [edges[i], edges[i + 1]] and is as tall as its count. */
export function expectHistogramBars(
  state: ChartState,
  edges: readonly number[],
  counts: readonly number[],
  what: string,
): void {
  const bars = state.datasets.filter((d) => d.type === "histogram");
  expect(bars, `${what}: one bar dataset`).toHaveLength(1);
  expectBarsOf(state, bars[0]!, edges, counts, what);
}

/** The histogram dataset labelled `label` (one of several overlaid on the same bins) spans and counts its bins. */
export function expectOverlaidHistogramBars(
  state: ChartState,
  label: string,
  edges: readonly number[],
  counts: readonly number[],
  what: string,
): void {
  const bars = state.datasets.filter((d) => d.type === "histogram" && d.label === label);
  expect(bars, `${what}: one bar dataset labelled ${label}`).toHaveLength(1);
  expectBarsOf(state, bars[0]!, edges, counts, `${what} ${label}`);
}

function expectBarsOf(
  state: ChartState,
  dataset: DrawnDataset,
  edges: readonly number[],
  counts: readonly number[],
  what: string,
): void {
  const elements = dataset.elements;
  expect(elements.length, `${what}: bars drawn vs bins returned`).toBe(counts.length);
  expect(state.x.min, `${what}: x axis starts at the first edge`).toBeCloseTo(edges[0]!, 9);
  expect(state.x.max, `${what}: x axis ends at the last edge`).toBeCloseTo(edges[edges.length - 1]!, 9);
  elements.forEach((bar, i) => {
    const left = bar.px - bar.width! / 2;
    const right = bar.px + bar.width! / 2;
    expect(
      Math.abs(left - pixelX(state.x, edges[i]!)),
      `${what}: bar ${i} starts at its bin's start ${edges[i]}`,
    ).toBeLessThan(PIXEL_TOLERANCE);
    expect(
      Math.abs(right - pixelX(state.x, edges[i + 1]!)),
      `${what}: bar ${i} ends at its bin's end ${edges[i + 1]}`,
    ).toBeLessThan(PIXEL_TOLERANCE);
    expect(bar.value.y, `${what}: bar ${i} count`).toBe(counts[i]);
    expect(Math.abs(bar.py - pixelY(state.y, counts[i]!)), `${what}: bar ${i} height`).toBeLessThan(PIXEL_TOLERANCE);
    expect(inRange(state.y, counts[i]!), `${what}: count ${counts[i]} inside the y axis`).toBe(true);
  });
}
