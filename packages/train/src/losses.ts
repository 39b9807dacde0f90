import * as tf from "@tensorflow/tfjs-core";

/** Cross-entropy against soft targets (one-hot, label-smoothed or mixed), averaged over the batch. */
export function softTargetCrossEntropy(logits: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.mean(tf.sum(tf.mul(targets, tf.logSoftmax(logits)), -1))) as tf.Scalar);
}

/**
 * Binary cross-entropy with logits, one independent sigmoid per class, averaged over batch and classes
 * (DeiT III's and the "A" recipes' loss). Written in the overflow-safe form
 * max(x, 0) − x·z + log(1 + e^(−|x|)).
 */
export function binaryCrossEntropy(logits: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() =>
    tf.mean(tf.add(tf.sub(tf.relu(logits), tf.mul(logits, targets)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))))),
  );
}

export type LossKind = "ce" | "bce";

export function classificationLoss(kind: LossKind, logits: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
  return kind === "bce" ? binaryCrossEntropy(logits, targets) : softTargetCrossEntropy(logits, targets);
}
