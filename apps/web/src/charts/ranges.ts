/** Axis bounds computed from the data, so that every point a chart is given lies inside its plot. */

export interface Bounds {
  readonly min: number;
  readonly max: number;
}

/** Share of the span added on each side, so that no point sits on the frame. */
const MARGIN = 0.06;

/** About this many tick intervals across an axis. */
const TICK_INTERVALS = 8;

/** A round step (1, 2, 2.5 or 5 × 10^k) that cuts `span` into about {@link TICK_INTERVALS} parts. */
function niceStep(span: number): number {
  const rough = span / TICK_INTERVALS;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((step) => step >= rough)!;
}

/**
 * A range holding every finite value with a margin on both sides, its ends rounded outward to a round
 * step (a whole number for epochs and steps, `integer`) so that the axis' ticks read well; one distinct
 * value gets ±0.5 (accuracies are in percent), no
 * finite value gives undefined (chart.js decides).
 */
export function boundsOf(values: Iterable<number>, margin = MARGIN, integer = false): Bounds | undefined {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min > max) return undefined;
  const pad = max > min ? (max - min) * margin : Math.max(Math.abs(min) * 0.01, 0.5);
  const low = min - pad;
  const high = max + pad;
  const step = integer ? Math.max(1, Math.round(niceStep(high - low))) : niceStep(high - low);
  return { min: Math.floor(low / step) * step, max: Math.ceil(high / step) * step };
}

/** The union of two ranges (either may be undefined). */
export function unionOf(a: Bounds | undefined, b: Bounds | undefined): Bounds | undefined {
  if (!a) return b;
  if (!b) return a;
  return { min: Math.min(a.min, b.min), max: Math.max(a.max, b.max) };
}

/**
 * Points in increasing x. Charts pass data to chart.js with `parsing: false`, which then takes the data
 * as sorted: it reads the x range from the first and last point and draws only the points between the
 * ones it finds by binary search — unsorted, a scatter silently drops points.
 */
export function sortedByX<T extends { readonly x: number }>(points: readonly T[]): T[] {
  return [...points].sort((a, b) => a.x - b.x);
}
