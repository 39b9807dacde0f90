import * as tf from "@tensorflow/tfjs-core";

/**
 * Scales all gradients by min(1, maxNorm / ‖g‖₂) where ‖g‖₂ is the global norm over every tensor.
 * Returns the new gradients (the caller disposes the old ones) and the norm before clipping.
 */
export function clipByGlobalNorm(grads: readonly tf.Tensor[], maxNorm: number): { grads: tf.Tensor[]; norm: number } {
  const norm = tf.tidy(() => tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g))))).dataSync()[0]!);
  if (!(norm > maxNorm)) return { grads: grads.map((g) => g.clone()), norm };
  const scale = maxNorm / (norm + 1e-6);
  return { grads: grads.map((g) => tf.mul(g, scale)), norm };
}
