/**
 * Writes label-smoothed one-hot rows: the true class gets (1 − ε) + ε/K, every other class ε/K, so
 * rows sum to 1. ε = 0 gives plain one-hot.
 */
export function smoothedOneHot(
  labels: Int32Array,
  count: number,
  numClasses: number,
  epsilon: number,
  out: Float32Array,
): void {
  const off = epsilon / numClasses;
  const on = 1 - epsilon + off;
  out.fill(off, 0, count * numClasses);
  for (let i = 0; i < count; i++) out[i * numClasses + labels[i]!] = on;
}

/**
 * For BCE with hard targets: every entry above `threshold` becomes 1 and the rest 0 (a mixed row
 * can then have two ones: both classes present).
 */
export function binarizeTargets(targets: Float32Array, length: number, threshold: number): void {
  for (let i = 0; i < length; i++) targets[i] = targets[i]! > threshold ? 1 : 0;
}
