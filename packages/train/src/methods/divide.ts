import * as tf from "@tensorflow/tfjs-core";
import { SeededRandom, type MetricPoint, type Recipe, type RunSummary } from "@seedscope/core";
import type { AugmentConfig } from "@seedscope/data";
import { branchDropRates, sampleDrops } from "../drop-plan";
import { classificationLoss } from "../losses";
import type { EnsembleModel } from "./ensemble";
import { coTrainingWeight, jsDivergence } from "./js-divergence";
import {
  mergeReports,
  splitReport,
  type EpochReport,
  type MethodContext,
  type StepInput,
  type TrainingMethod,
} from "./method";
import { ViewLoader } from "./view-loader";

type DivideConfig = Extract<Recipe["method"], { kind: "divide" }>;

/** Width factor of each of S networks: 1/√S keeps the ensemble's parameters and FLOPs near the wide net's (§3.1). */
export function divideWidthScale(splits: number): number {
  return 1 / Math.sqrt(splits);
}

/** Weight decay after division (eq. 6): unchanged, or wd·exp(1/S − 1). */
export function dividedWeightDecay(weightDecay: number, config: DivideConfig): number {
  return config.weightDecayRule === "exp" ? weightDecay * Math.exp(1 / config.splits - 1) : weightDecay;
}

export interface DivideContext extends MethodContext {
  readonly augment: AugmentConfig;
}

/**
 * Divide and Co-training: member i trains on its own augmented view of the step's images (member 0 on
 * the loop's batch, the others through a {@link ViewLoader} with their own stream), with stochastic
 * depth at the recipe's rate ÷ √S. Loss (eq. 9): Σ_i L(p_i, y_i) + λ_cot(t)·JS(p_1, …, p_S).
 */
export function divideMethod(
  recipe: Recipe,
  config: DivideConfig,
  model: EnsembleModel,
  ctx: DivideContext,
): TrainingMethod {
  const members = model.members;
  const depth = { ...recipe.stochasticDepth, rate: recipe.stochasticDepth.rate / Math.sqrt(members.length) };
  const rates = members.map((m) => branchDropRates(depth, m.branches));
  // The run's data stream, as the loop's loader holds it (never advanced): the views share its order.
  const order = SeededRandom.fromSeed(ctx.seed, "data");
  const views = members.slice(1).map((_, i) => {
    const random = SeededRandom.fromSeed(ctx.seed, `data/member-${i + 1}`);
    return new ViewLoader(
      {
        dataset: ctx.dataset,
        batchSize: recipe.batchSize,
        augment: ctx.augment,
        random,
        outputSize: recipe.resolution,
      },
      order,
    );
  });
  return {
    loss(input: StepInput) {
      const { batch, x, y } = input;
      const shape = x.shape;
      const inputs: [tf.Tensor4D, tf.Tensor2D][] = [[x, y]];
      for (const view of views) {
        const b = view.batch(input.epoch, input.step);
        if (b.indices.some((index, k) => index !== batch.indices[k]))
          throw new Error("a member's data view is out of step with the run's batches");
        inputs.push([tf.tensor4d(b.images, shape), tf.tensor2d(b.targets, y.shape)]);
      }
      const logits = members.map((m, i) => {
        const drops = sampleDrops(rates[i]!, batch.size, "mask", input.random(`drop/member-${i}`));
        return m.forward(inputs[i]![0], { training: true, drops });
      });
      const supervised = tf.addN(logits.map((z, i) => classificationLoss(recipe.loss, z, inputs[i]![1])));
      const progress = input.epoch + input.step / input.stepsPerEpoch;
      const weight = coTrainingWeight(config.coTrainingWeight, config.coTrainingWarmupEpochs, progress);
      return tf.add(supervised, tf.mul(jsDivergence(logits), weight)) as tf.Scalar;
    },
    endOfEpoch(epochsDone, evaluate, whole: RunSummary): EpochReport {
      const reports = members.flatMap((m, i) =>
        (["val", "v2"] as const).map((split) => splitReport(`member/${i}/`, split, evaluate(m, split), epochsDone)),
      );
      const ensemble: MetricPoint[] = [];
      for (const split of ["val", "v2"] as const) {
        for (const [metric, value] of Object.entries(whole[split] ?? {})) {
          if (value !== undefined) ensemble.push({ key: `ensemble/${split}/${metric}`, step: epochsDone, value });
        }
      }
      // The equal-budget comparison: the S narrow nets against the one wide net they replace.
      const budget: MetricPoint[] = [
        { key: "divide/ensemble_params", step: epochsDone, value: model.paramCount },
        { key: "divide/ensemble_flops", step: epochsDone, value: model.flopsPerImage },
        ...(model.wide === null
          ? []
          : [
              { key: "divide/wide_params", step: epochsDone, value: model.wide.params },
              { key: "divide/wide_flops", step: epochsDone, value: model.wide.flops },
            ]),
      ];
      return mergeReports([...reports, { points: [...ensemble, ...budget], summary: {} }]);
    },
  };
}
