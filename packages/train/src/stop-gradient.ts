import * as tf from "@tensorflow/tfjs-core";

// tfjs-core 4.22 has no stopGradient op: an identity whose gradient is zero does the same inside
// tf.variableGrads (nothing flows back through it to the ops that made its input).
const blocked = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const x = args[0] as tf.Tensor;
  return { value: tf.clone(x), gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy) };
});

/** `x` as a constant for differentiation: sg(·) of the papers. */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  return blocked(x) as T;
}
