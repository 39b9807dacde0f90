import type { DownsampleResult, Point, SeriesInput } from "./series";
import { bucketStart, checkTarget, finitePoints } from "./series";

/**
 * Min/max bucketing for charts where spikes matter (a loss blowing up, one bad epoch): keeps the
 * first and last points and, from each of ⌊(target - 2) / 2⌋ equal runs of the points in between,
 * that run's lowest and highest point in their original order. A point holding the global minimum
 * and one holding the global maximum are therefore always kept.
 *
 * Points are taken in the order given (x is expected to increase). Points with a non-finite x or y
 * are dropped first and counted. Output length is at most target; a series that already fits is
 * returned whole.
 * @param target integer ≥ 4 (first, last, and one run's min and max).
 * @throws RangeError for an invalid target or parallel arrays of different lengths.
 */
export function downsampleMinMax(series: SeriesInput, target: number): DownsampleResult {
  checkTarget(target, 4);
  const { points, nonFiniteCount } = finitePoints(series);
  const n = points.length;
  if (n <= target) return { points, nonFiniteCount };

  const kept: Point[] = [points[0]!];
  const buckets = Math.floor((target - 2) / 2);
  for (let b = 0; b < buckets; b++) {
    const start = bucketStart(b, n - 2, buckets, 1);
    const end = bucketStart(b + 1, n - 2, buckets, 1);
    let lowest = start;
    let highest = start;
    for (let i = start + 1; i < end; i++) {
      if (points[i]!.y < points[lowest]!.y) lowest = i;
      if (points[i]!.y > points[highest]!.y) highest = i;
    }
    const first = Math.min(lowest, highest);
    const second = Math.max(lowest, highest);
    kept.push(points[first]!);
    if (second !== first) kept.push(points[second]!);
  }
  kept.push(points[n - 1]!);
  return { points: kept, nonFiniteCount };
}
