import type * as tf from "@tensorflow/tfjs-core";

/** A trainable tensor with what the optimizer needs to know of it. */
export interface OptimizedParameter {
  readonly name: string;
  readonly variable: tf.Variable;
  readonly weightDecay: boolean;
}

/**
 * An optimizer over a fixed list of parameters. State is plain named arrays so that a checkpoint
 * restores it exactly.
 */
export interface Optimizer {
  /** Applies one update with the gradients in parameter order, at learning rate `lr`. */
  step(grads: readonly tf.Tensor[], lr: number): void;
  getState(): Map<string, Float32Array>;
  setState(state: Map<string, Float32Array>): void;
  dispose(): void;
}
