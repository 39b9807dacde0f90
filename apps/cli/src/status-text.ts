import type { RunStatus } from "@seedscope/core";

/**
 * A run's status as shown: a collapsed run (finished at chance) is flagged beside `finished`, never
 * shown as a plain success. `long` says why, for one-run views.
 */
export function statusText(status: RunStatus, collapsed: boolean, long = false): string {
  if (status !== "finished" || !collapsed) return status;
  return long ? "finished (collapsed: at chance)" : "finished (collapsed)";
}

/** The hint printed under a collapsed run. */
export const COLLAPSED_HINT =
  "collapsed: its final val top-1 is within noise of chance (or its loss ≈ ln C), so it learned nothing — " +
  "it still counts in every statistic; check the learning rate, the epochs and the augmentation";
