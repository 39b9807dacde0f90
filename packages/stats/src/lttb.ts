import type { DownsampleResult, Point, SeriesInput } from "./series";
import { bucketStart, checkTarget, finitePoints } from "./series";

/**
 * Largest-triangle-three-buckets downsampling (Steinarsson, 2013) for line charts: keeps the first
 * and last points and, from each of target - 2 equal runs of the points in between, the point that
 * forms the largest triangle with the previously kept point and the mean of the next run. It keeps
 * the visual shape but does not promise to keep the global extremes (see downsampleMinMax).
 *
 * Points are taken in the order given (x is expected to increase). Points with a non-finite x or y
 * are dropped first and counted. Output length is min(target, finite points); a series that
 * already fits is returned whole.
 * @param target integer ≥ 2 (2 keeps only the first and last points).
 * @throws RangeError for an invalid target or parallel arrays of different lengths.
 */
export function downsampleLttb(series: SeriesInput, target: number): DownsampleResult {
  checkTarget(target, 2);
  const { points, nonFiniteCount } = finitePoints(series);
  const n = points.length;
  if (n <= target) return { points, nonFiniteCount };

  const kept: Point[] = [points[0]!];
  const buckets = target - 2;
  let anchor = points[0]!;
  for (let b = 0; b < buckets; b++) {
    const start = bucketStart(b, n - 2, buckets, 1);
    const end = bucketStart(b + 1, n - 2, buckets, 1);
    const nextEnd = b + 1 === buckets ? n : bucketStart(b + 2, n - 2, buckets, 1);
    let meanX = 0;
    let meanY = 0;
    for (let i = end; i < nextEnd; i++) {
      meanX += points[i]!.x;
      meanY += points[i]!.y;
    }
    meanX /= nextEnd - end;
    meanY /= nextEnd - end;

    let best = points[start]!;
    let bestArea = -1;
    for (let i = start; i < end; i++) {
      const p = points[i]!;
      // Twice the triangle's area; the factor does not change which point wins.
      const area = Math.abs((anchor.x - meanX) * (p.y - anchor.y) - (anchor.x - p.x) * (meanY - anchor.y));
      if (area > bestArea) {
        bestArea = area;
        best = p;
      }
    }
    kept.push(best);
    anchor = best;
  }
  kept.push(points[n - 1]!);
  return { points: kept, nonFiniteCount };
}
