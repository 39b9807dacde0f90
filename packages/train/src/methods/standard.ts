import type { Recipe } from "@seedscope/core";
import type { Model } from "@seedscope/models";
import { branchDropRates, sampleDrops } from "../drop-plan";
import { classificationLoss } from "../losses";
import { NO_REPORT, type StepInput, type TrainingMethod } from "./method";

/** One model, the recipe's loss, per-sample (masked) stochastic depth at the recipe's rate. */
export function standardMethod(recipe: Recipe, model: Model): TrainingMethod {
  const rates = branchDropRates(recipe.stochasticDepth, model.branches);
  return {
    loss(input: StepInput) {
      const drops = sampleDrops(rates, input.batch.size, "mask", input.random("drop"));
      return classificationLoss(recipe.loss, model.forward(input.x, { training: true, drops }), input.y);
    },
    endOfEpoch: () => NO_REPORT,
  };
}
