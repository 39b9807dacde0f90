import type { Recipe } from "@seedscope/core";

/**
 * The peak learning rate a run uses: `optimizer.lr` given at `lrScaling.referenceBatchSize`, moved
 * to the recipe's batch size by its rule (linear: lr·bs/ref, as DeiT with ref 512; sqrt:
 * lr·√(bs/ref), as cosub's Adam-type recipes with ref 2048; none: lr as is).
 */
export function effectiveLr(recipe: Recipe): number {
  const { lr } = recipe.optimizer;
  const ratio = recipe.batchSize / recipe.lrScaling.referenceBatchSize;
  switch (recipe.lrScaling.rule) {
    case "linear":
      return lr * ratio;
    case "sqrt":
      return lr * Math.sqrt(ratio);
    case "none":
      return lr;
  }
}
