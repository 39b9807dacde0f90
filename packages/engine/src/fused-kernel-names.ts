/*
 * Kernels seedscope registers under names of its own, for ops that tfjs-core composes from several kernels.
 * Code that uses one checks that the current backend has it (tf.getKernel) and composes the op otherwise.
 */

/** GELU, x·Φ(x), exact (erf) form. Inputs { x }; output y of x's shape. */
export const GELU_KERNEL = "SeedscopeGelu";

/** GELU's gradient. Inputs { dy, x }; output dx = dy · (Φ(x) + x·φ(x)). */
export const GELU_GRAD_KERNEL = "SeedscopeGeluGrad";
