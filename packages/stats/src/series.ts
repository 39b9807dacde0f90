/** A point of a chart series. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** A series given as parallel arrays of equal length (plain arrays or typed arrays). */
export interface ParallelSeries {
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
}

/** Either form of a series. */
export type SeriesInput = readonly Point[] | ParallelSeries;

/** Points of a series whose x and y are both finite, and how many were dropped (the NaN policy). */
export function finitePoints(series: SeriesInput): { points: Point[]; nonFiniteCount: number } {
  const points: Point[] = [];
  let total: number;
  if (isPointArray(series)) {
    total = series.length;
    for (const p of series) if (Number.isFinite(p.x) && Number.isFinite(p.y)) points.push({ x: p.x, y: p.y });
  } else {
    if (series.x.length !== series.y.length) {
      throw new RangeError(`series x and y need equal lengths, got ${series.x.length} and ${series.y.length}`);
    }
    total = series.x.length;
    for (let i = 0; i < total; i++) {
      const x = series.x[i]!;
      const y = series.y[i]!;
      if (Number.isFinite(x) && Number.isFinite(y)) points.push({ x, y });
    }
  }
  return { points, nonFiniteCount: total - points.length };
}

function isPointArray(series: SeriesInput): series is readonly Point[] {
  return Array.isArray(series);
}

/** A shortened series for drawing, and how many non-finite points were dropped before shortening. */
export interface DownsampleResult {
  readonly points: Point[];
  readonly nonFiniteCount: number;
}

/** @throws RangeError unless target is an integer ≥ minimum. */
export function checkTarget(target: number, minimum: number): void {
  if (!Number.isInteger(target) || target < minimum) {
    throw new RangeError(`target must be an integer ≥ ${minimum}, got ${target}`);
  }
}

/** Start of bucket b when `count` items starting at `offset` are cut into `buckets` near-equal runs. */
export function bucketStart(b: number, count: number, buckets: number, offset: number): number {
  // Integer numerator, so the last boundary lands exactly on offset + count.
  return offset + Math.floor((b * count) / buckets);
}
