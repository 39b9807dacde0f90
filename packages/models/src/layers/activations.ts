import * as tf from "@tensorflow/tfjs-core";

/** Exact GELU, x·Φ(x) (PyTorch's nn.GELU default), built from erf since tfjs-core has no gelu op. */
export function gelu(x: tf.Tensor): tf.Tensor {
  return tf.mul(tf.mul(x, tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1)), 0.5);
}
