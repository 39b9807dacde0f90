import { SeededRandom, UserError, type Recipe } from "@seedscope/core";
import type { AugmentConfig, Dataset } from "@seedscope/data";
import { createModel, type Model, type ModelSpec } from "@seedscope/models";
import { cosubMethod } from "./cosub";
import { dividedWeightDecay, divideMethod, divideWidthScale } from "./divide";
import { EnsembleModel } from "./ensemble";
import type { TrainingMethod } from "./method";
import { standardMethod } from "./standard";
import { stppMethod } from "./stpp";

/**
 * The model a run trains: the architecture itself, or for Divide and Co-training S networks of width
 * ÷ √S, each from its own init stream, as one {@link EnsembleModel}.
 */
export function createRunModel(recipe: Recipe, spec: ModelSpec, seed: number): Model {
  const init = SeededRandom.fromSeed(seed, "init");
  const method = recipe.method;
  if (method.kind !== "divide") return createModel(spec, init);
  const wideNet = createModel(spec, init.fork("wide"));
  const wide = { params: wideNet.paramCount, flops: wideNet.flopsPerImage };
  wideNet.dispose();
  const memberSpec: ModelSpec = { ...spec, widthScale: (spec.widthScale ?? 1) * divideWidthScale(method.splits) };
  const members: Model[] = [];
  try {
    for (let i = 0; i < method.splits; i++) members.push(createModel(memberSpec, init.fork(`member-${i}`)));
  } catch (error) {
    for (const m of members) m.dispose();
    throw error;
  }
  return new EnsembleModel(members, wide);
}

/** The weight decay the optimizer applies under the recipe's method. */
export function methodWeightDecay(recipe: Recipe): number {
  const wd = recipe.weightDecay.value;
  return recipe.method.kind === "divide" ? dividedWeightDecay(wd, recipe.method) : wd;
}

export interface CreateMethodOptions {
  readonly recipe: Recipe;
  readonly model: Model;
  readonly dataset: Dataset;
  readonly seed: number;
  readonly augment: AugmentConfig;
}

export function createMethod({ recipe, model, dataset, seed, augment }: CreateMethodOptions): TrainingMethod {
  const method = recipe.method;
  switch (method.kind) {
    case "standard":
      return standardMethod(recipe, model);
    case "cosub":
      return cosubMethod(recipe, method, model);
    case "stpp":
      return stppMethod(recipe, method, model, { dataset, seed });
    case "divide":
      if (!(model instanceof EnsembleModel))
        throw new UserError("a divide recipe needs the model from createRunModel (an ensemble of S networks)");
      return divideMethod(recipe, method, model, { dataset, seed, augment });
  }
}
