import type { Recipe } from "@seedscope/core";
import { AdamFamily } from "./adam-family";
import type { Optimizer, OptimizedParameter } from "./optimizer";
import { Sgd } from "./sgd";

/** The recipe's optimizer over `params`, with weight decay `weightDecay` (already adjusted by the method). */
export function createOptimizer(
  recipe: Recipe,
  params: readonly OptimizedParameter[],
  weightDecay = recipe.weightDecay.value,
): Optimizer {
  const o = recipe.optimizer;
  const decayed = params.map((p) => ({ ...p, weightDecay: p.weightDecay || recipe.weightDecay.applyToNormAndBias }));
  switch (o.kind) {
    case "adamw":
    case "lamb":
      return new AdamFamily(decayed, {
        betas: o.betas,
        eps: o.eps,
        weightDecay,
        layerwiseTrustRatio: o.kind === "lamb",
      });
    case "sgd":
      return new Sgd(decayed, { momentum: o.momentum, nesterov: o.nesterov, weightDecay });
  }
}
