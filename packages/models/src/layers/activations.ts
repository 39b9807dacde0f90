import * as tf from "@tensorflow/tfjs-core";
import { GELU_GRAD_KERNEL, GELU_KERNEL } from "@seedscope/engine/fused-kernel-names";

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * Exact GELU, x·Φ(x) (PyTorch's nn.GELU default), built from erf since tfjs-core has no gelu op. One op with
 * its gradient written out, Φ(x) + x·φ(x), keeping only x for the backward pass: the chain rule through the
 * four element-wise ops kept three more tensors of the MLP's hidden size alive per block until the backward
 * pass (≈ 460 MB for vit-tiny at 32×32, batch 64). The forward values are the same operations as before.
 * Where the backend has seedscope's fused GELU kernels (wasm), each direction is one of them, one pass
 * over the tensor with the same formula.
 */
export function gelu(x: tf.Tensor): tf.Tensor {
  const backend = tf.getBackend();
  if (tf.getKernel(GELU_KERNEL, backend) !== undefined && tf.getKernel(GELU_GRAD_KERNEL, backend) !== undefined) {
    return fusedGelu(x);
  }
  return composedGelu(x);
}

function fusedGelu(x: tf.Tensor): tf.Tensor {
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [xIn, save] = args as [tf.Tensor, tf.GradSaveFunc];
    save([xIn]);
    return {
      value: tf.engine().runKernel(GELU_KERNEL, { x: xIn }) as tf.Tensor,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs] = saved as [tf.Tensor];
        return tf.engine().runKernel(GELU_GRAD_KERNEL, { dy, x: xs }) as tf.Tensor;
      },
    };
  });
  return op(x);
}

/** GELU from tfjs-core's ops, on backends without the fused kernels (and as their reference). */
export function composedGelu(x: tf.Tensor): tf.Tensor {
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [xIn, save] = args as [tf.Tensor, tf.GradSaveFunc];
    save([xIn]);
    return {
      value: tf.mul(tf.mul(xIn, tf.add(tf.erf(tf.mul(xIn, Math.SQRT1_2)), 1)), 0.5),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs] = saved as [tf.Tensor];
        const cdf = tf.mul(tf.add(tf.erf(tf.mul(xs, Math.SQRT1_2)), 1), 0.5);
        const pdf = tf.mul(tf.exp(tf.mul(tf.square(xs), -0.5)), INV_SQRT_2PI);
        return tf.mul(dy, tf.add(cdf, tf.mul(xs, pdf)));
      },
    };
  });
  return op(x);
}
