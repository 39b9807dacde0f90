import * as tf from "@tensorflow/tfjs-core";

/**
 * Jensen-Shannon divergence of S predictions (Divide and Co-training eq. 8): H(mean_i p_i) − mean_i H(p_i)
 * with p_i = softmax(logits_i) and H the Shannon entropy (nats), averaged over the batch. log(mean p)
 * is taken as logsumexp_i(log p_i) − log S, which stays finite where a probability underflows.
 */
export function jsDivergence(logits: readonly tf.Tensor2D[]): tf.Scalar {
  return tf.tidy(() => {
    const logP = tf.stack(logits.map((z) => tf.logSoftmax(z))); // S × B × C
    const entropies = tf.neg(tf.sum(tf.mul(tf.exp(logP), logP), -1)); // S × B
    const logMean = tf.sub(tf.logSumExp(logP, 0), Math.log(logits.length)); // B × C
    const mixedEntropy = tf.neg(tf.sum(tf.mul(tf.exp(logMean), logMean), -1)); // B
    return tf.mean(tf.sub(mixedEntropy, tf.mean(entropies, 0))) as tf.Scalar;
  });
}

/** λ_cot at a point of training (`epochs` may be fractional): linear from 0 over the warm-up, then constant. */
export function coTrainingWeight(weight: number, warmupEpochs: number, epochs: number): number {
  if (warmupEpochs <= 0 || epochs >= warmupEpochs) return weight;
  return (weight * epochs) / warmupEpochs;
}
