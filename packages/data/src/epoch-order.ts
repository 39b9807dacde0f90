import { SeededRandom } from "@seedscope/core";

/**
 * A stream derived from `base`, `purpose` and the position (epoch, batch) alone: `base` itself is
 * never advanced, so asking again (after a resume, in another process) gives the same stream. Pass
 * a stream reserved for data, e.g. `SeededRandom.fromSeed(seed, "data")`.
 */
export function positionRandom(base: SeededRandom, purpose: string, epoch: number, batch?: number): SeededRandom {
  const name = batch === undefined ? `${purpose}/epoch-${epoch}` : `${purpose}/epoch-${epoch}/batch-${batch}`;
  return SeededRandom.fromState(base.state()).fork(name);
}

/**
 * The order in which an epoch visits a split of `count` images: a fresh permutation per epoch. With
 * `repeats` r > 1 (repeated augmentation), the first ⌈count / r⌉ images of the permutation appear r
 * times in a row, so the epoch keeps `count` samples but sees about a third of the images for r = 3,
 * each copy augmented differently (as DeiT's sampler does on one process).
 */
export function epochOrder(base: SeededRandom, epoch: number, count: number, repeats = 1): Int32Array {
  if (!Number.isInteger(epoch) || epoch < 0) throw new Error(`epoch must be a non-negative integer, got ${epoch}`);
  const permutation = positionRandom(base, "order", epoch).permutation(count);
  if (repeats === 1) return permutation;
  const order = new Int32Array(count);
  for (let k = 0; k < count; k++) order[k] = permutation[Math.floor(k / repeats)]!;
  return order;
}
