/**
 * Below this many seeds a spread, a fitted line or a correlation is not an estimate: a std from two
 * values is one difference, and any line passes through two points (R² = 1, |r| = 1 by construction).
 */
export const MIN_SEEDS_TO_ESTIMATE = 3;

/** Why a Gaussian cannot be fitted to `n` seeds, or null when it can. */
export function whyNoGaussian(n: number): string | null {
  if (n >= MIN_SEEDS_TO_ESTIMATE) return null;
  return `n = ${n}: too few seeds to estimate a spread, so no Gaussian is fitted (it needs at least ${MIN_SEEDS_TO_ESTIMATE}).`;
}

/** Why no line, R² or correlation is reported for `n` points (seeds, or groups), or null when they are. */
export function whyNoLine(n: number, unit: "seeds" | "groups" = "seeds"): string | null {
  if (n >= MIN_SEEDS_TO_ESTIMATE) return null;
  const what =
    n === 2
      ? "any line passes through two points (R² = 1 and |r| = 1 by construction)"
      : "a line needs more than one point";
  const count = n === 1 ? `one ${unit.slice(0, -1)}` : `${n} ${unit}`;
  return `${count}: ${what}, so no fit or correlation is reported (they need at least ${MIN_SEEDS_TO_ESTIMATE} ${unit}).`;
}

/** Why epoch k cannot be set against the final epoch, or null when it can. */
export function whyNoEarlyEpoch(lastEpoch: number): string | null {
  if (lastEpoch >= 2) return null;
  return `The runs trained ${lastEpoch} epoch${lastEpoch === 1 ? "" : "s"}: there is no earlier epoch to compare with the final one.`;
}
