import type { Recipe } from "@seedscope/core";
import { AdamFamily } from "./adam-family";
import type { Optimizer, OptimizedParameter } from "./optimizer";
import { HostAdamFamily } from "./host-adam-family";
import { HostSgd } from "./host-sgd";
import { runsOnHost } from "./host-state";
import { Sgd } from "./sgd";

/**
 * The recipe's optimizer over `params`, with weight decay `weightDecay` (already adjusted by the method):
 * as plain loops over the values where the backend's tensors live in this process, else as tensor ops.
 */
export function createOptimizer(
  recipe: Recipe,
  params: readonly OptimizedParameter[],
  weightDecay = recipe.weightDecay.value,
): Optimizer {
  const o = recipe.optimizer;
  const decayed = params.map((p) => ({ ...p, weightDecay: p.weightDecay || recipe.weightDecay.applyToNormAndBias }));
  const host = runsOnHost();
  switch (o.kind) {
    case "adamw":
    case "lamb": {
      const options = { betas: o.betas, eps: o.eps, weightDecay, layerwiseTrustRatio: o.kind === "lamb" };
      return host ? new HostAdamFamily(decayed, options) : new AdamFamily(decayed, options);
    }
    case "sgd": {
      const options = { momentum: o.momentum, nesterov: o.nesterov, weightDecay };
      return host ? new HostSgd(decayed, options) : new Sgd(decayed, options);
    }
  }
}
