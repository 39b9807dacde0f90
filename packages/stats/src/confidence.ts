import { studentTQuantile } from "./student-t";

/** A two-sided interval with the coverage it was built for. */
export interface ConfidenceInterval {
  /** Coverage in (0, 1), e.g. 0.95. */
  readonly level: number;
  readonly lower: number;
  readonly upper: number;
}

export const DEFAULT_CONFIDENCE_LEVEL = 0.95;

/** @throws RangeError unless 0 < level < 1. */
export function checkConfidenceLevel(level: number): number {
  if (!(level > 0 && level < 1)) {
    throw new RangeError(`confidence level must lie strictly between 0 and 1, got ${level}`);
  }
  return level;
}

/**
 * center ± q·standardError with q the Student-t quantile at (1 + level) / 2 for `df` degrees of freedom.
 * Bounds are NaN when the standard error or df is undefined; a zero standard error gives [center, center].
 */
export function studentTInterval(center: number, standardError: number, df: number, level: number): ConfidenceInterval {
  if (standardError === 0 && Number.isFinite(center)) return { level, lower: center, upper: center };
  const halfWidth = studentTQuantile((1 + level) / 2, df) * standardError;
  return { level, lower: center - halfWidth, upper: center + halfWidth };
}
