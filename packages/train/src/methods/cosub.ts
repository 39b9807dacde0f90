import * as tf from "@tensorflow/tfjs-core";
import type { Recipe } from "@seedscope/core";
import type { Model } from "@seedscope/models";
import { branchDropRates, sampleDrops } from "../drop-plan";
import { classificationLoss, type LossKind } from "../losses";
import { stopGradient } from "../stop-gradient";
import { esdRateWarning } from "./esd-check";
import { NO_REPORT, type StepInput, type TrainingMethod } from "./method";

type CosubConfig = Extract<Recipe["method"], { kind: "cosub" }>;

/** The other submodel's output as a soft target: its class probabilities under the loss's own link. */
function softTargets(kind: LossKind, logits: tf.Tensor2D): tf.Tensor2D {
  return kind === "bce" ? tf.sigmoid(logits) : tf.softmax(logits);
}

/**
 * cosub eq. 2: λ·mean(L(y1, y), L(y2, y)) + (1 − λ)·mean(L(y1, sg(y2)), L(y2, sg(y1))), where y1 and
 * y2 are the logits of the two submodels on the same images and sg blocks the gradient.
 */
export function cosubLoss(
  kind: LossKind,
  lambda: number,
  y1: tf.Tensor2D,
  y2: tf.Tensor2D,
  targets: tf.Tensor2D,
): tf.Scalar {
  return tf.tidy(() => {
    const label = tf.add(classificationLoss(kind, y1, targets), classificationLoss(kind, y2, targets));
    const t1 = stopGradient(softTargets(kind, y1));
    const t2 = stopGradient(softTargets(kind, y2));
    const mutual = tf.add(classificationLoss(kind, y1, t2), classificationLoss(kind, y2, t1));
    return tf.add(tf.mul(label, lambda / 2), tf.mul(mutual, (1 - lambda) / 2)) as tf.Scalar;
  });
}

/**
 * cosub (Co-training 2^L submodels): each image is duplicated in the batch and each copy gets its own
 * stochastic-depth pattern at rate τ (the recipe's rule: uniform or linear), so every image runs
 * through two submodels sharing the weights in one forward pass of 2B samples. Under efficient stochastic
 * depth a τ that 2B cannot represent well is reported once (`notices`).
 */
export function cosubMethod(recipe: Recipe, config: CosubConfig, model: Model): TrainingMethod {
  const tau = config.tau ?? recipe.stochasticDepth.rate;
  const rates = branchDropRates({ ...recipe.stochasticDepth, rate: tau }, model.branches);
  const mode = config.sdMode === "esd" ? "subset" : "mask";
  const warning = mode === "subset" ? esdRateWarning(rates, recipe.batchSize) : null;
  return {
    notices: warning === null ? [] : [warning],
    loss(input: StepInput) {
      const b = input.batch.size;
      const doubled = tf.concat([input.x, input.x], 0);
      const drops = sampleDrops(rates, 2 * b, mode, input.random("cosub"), config.esdScale);
      const logits = model.forward(doubled, { training: true, drops });
      const y1 = tf.slice(logits, [0, 0], [b, -1]);
      const y2 = tf.slice(logits, [b, 0], [b, -1]);
      return cosubLoss(recipe.loss, config.lambda, y1, y2, input.y);
    },
    endOfEpoch: () => NO_REPORT,
  };
}
