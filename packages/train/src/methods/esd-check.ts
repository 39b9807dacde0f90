import { esdKeep, esdRateError } from "../drop-plan";

/** Relative tolerance on the drop rate: beyond it, rounding round(B·(1 − τ)) is reported. */
export const ESD_RATE_TOLERANCE = 0.1;

/** The largest multiplier of the batch tried when looking for one that rounds well. */
const SEARCH_FACTOR = 16;

function fits(rates: readonly number[], samples: number): boolean {
  const { worst, rate } = esdRateError(rates, samples);
  return worst <= ESD_RATE_TOLERANCE * rate;
}

/**
 * cosub §4 asks to check the effective rate of efficient stochastic depth: the branch runs on
 * round(B·(1 − τ)) of B samples, so the rate trained is 1 − round(B·(1 − τ))/B. Returns a warning when
 * that differs from some branch's τ by more than {@link ESD_RATE_TOLERANCE} of τ, naming the smallest
 * batch size (images per step, each run twice by cosub) at or above `batchSize` that keeps every branch
 * within it; null when the rounding is fine.
 */
export function esdRateWarning(rates: readonly number[], batchSize: number, copies = 2): string | null {
  const samples = copies * batchSize;
  if (fits(rates, samples)) return null;
  const { rate } = esdRateError(rates, samples);
  const effective = 1 - esdKeep(samples, rate) / samples;
  let better: number | null = null;
  for (let b = batchSize + 1; b <= SEARCH_FACTOR * batchSize && better === null; b++) {
    if (fits(rates, copies * b)) better = b;
  }
  const fix =
    better === null
      ? `no batch size up to ${SEARCH_FACTOR * batchSize} fixes it; raise τ or use sdMode "mask"`
      : `batchSize ${better} keeps every branch within it`;
  return (
    `efficient stochastic depth: at batchSize ${batchSize} (${samples} samples per step) τ = ${rate} runs ` +
    `round(${samples}·(1 − τ)) samples, an effective τ of ${effective.toFixed(4)} (more than ` +
    `${ESD_RATE_TOLERANCE * 100} % off, cosub §4); ${fix}`
  );
}
