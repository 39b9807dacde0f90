import * as tf from "@tensorflow/tfjs-core";

/** Each row divided by its L2 norm (ST++ eq. 4: the logit direction Ẑ = Z/‖Z‖₂). */
export function l2Normalize(logits: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const norm = tf.sqrt(tf.sum(tf.square(logits), -1, true));
    return tf.div(logits, tf.maximum(norm, 1e-12));
  });
}

/**
 * KL(p_t ‖ p_s) = Σ_i p_t,i·(log p_t,i − log p_s,i), averaged over the batch, with p = softmax(Z). With
 * `withoutMagnitude` (ST++'s KL−, eqs. 5–6) both logit vectors are L2-normalized first, so only their
 * directions are matched. The teacher's logits should already be detached.
 */
export function distillationKl(teacher: tf.Tensor2D, student: tf.Tensor2D, withoutMagnitude: boolean): tf.Scalar {
  return tf.tidy(() => {
    const zt = withoutMagnitude ? l2Normalize(teacher) : teacher;
    const zs = withoutMagnitude ? l2Normalize(student) : student;
    const logPt = tf.logSoftmax(zt);
    const perSample = tf.sum(tf.mul(tf.exp(logPt), tf.sub(logPt, tf.logSoftmax(zs))), -1);
    return tf.mean(perSample) as tf.Scalar;
  });
}
