import * as tf from "@tensorflow/tfjs-core";
import type { Recipe } from "@seedscope/core";
import type { BranchDrop, Model } from "@seedscope/models";
import { classificationLoss } from "../losses";
import { stopGradient } from "../stop-gradient";
import { distillationKl } from "./kd";
import type { EpochReport, Forwarder, MethodContext, StepInput, TrainingMethod } from "./method";
import { acceptedSizes, randomSmallerInput } from "./smaller-input";
import { blocksPerStage, loafingSubnets, retainedBlocks, sampleKeptBlocks, subnetDrops } from "./stpp-sampling";

type StppConfig = Extract<Recipe["method"], { kind: "stpp" }>;

/** The model restricted to a fixed subnetwork (for evaluation). */
export function subnetwork(model: Model, drops: readonly BranchDrop[]): Forwarder {
  return { forward: (x, options) => model.forward(x, { ...options, drops }) };
}

/**
 * Stimulative Training++ (eq. 1 with §3.3's strategies): the main network learns from the labels, and
 * `subnetsPerStep` subnetworks sampled by ordered residual sampling (weights shared) are pulled towards
 * the main network's detached output with KL or KL−, each optionally on a randomly downscaled copy of
 * the batch. One update per step: the KL terms are summed, as if each subnetwork's loss were
 * back-propagated on its own (how several subnetworks are combined is not given by the paper).
 * Subnetwork passes leave BatchNorm running statistics to the main network (not given by the paper).
 */
export function stppMethod(recipe: Recipe, config: StppConfig, model: Model, ctx: MethodContext): TrainingMethod {
  const blocks = blocksPerStage(model.branches);
  const retained = retainedBlocks(blocks, config.interStageRule);
  const small = config.randomSmallerInput;
  const sizes = small === null ? null : acceptedSizes(model, ctx.dataset.shape.channels, small.min, small.max);
  const probes = loafingSubnets(blocks);
  return {
    loss(input: StepInput) {
      const main = model.forward(input.x, { training: true });
      let total = classificationLoss(recipe.loss, main, input.y);
      const teacher = stopGradient(main);
      const random = input.random("stpp");
      for (let j = 0; j < config.subnetsPerStep; j++) {
        const drops = subnetDrops(model.branches, sampleKeptBlocks(blocks, retained, random));
        const x = sizes === null ? input.x : randomSmallerInput(input.x, sizes, random);
        const student = model.forward(x, { training: true, drops, updateBatchNormStats: false });
        total = tf.add(total, tf.mul(distillationKl(teacher, student, config.kdWithoutMagnitude), config.lambdaKd));
      }
      return total;
    },
    endOfEpoch(epochsDone, evaluate): EpochReport {
      // Network loafing: how the shallow networks inside the trained one do on their own. The key
      // names the subnetwork by the residual blocks it keeps.
      const points = probes.map((kept) => {
        const result = evaluate(subnetwork(model, subnetDrops(model.branches, kept)), "val");
        return { key: `subnet/${kept.reduce((a, b) => a + b, 0)}/top1`, step: epochsDone, value: result.top1 };
      });
      return { points, summary: {} };
    },
  };
}
