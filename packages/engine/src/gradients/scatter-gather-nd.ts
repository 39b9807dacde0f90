import {
  GatherNd,
  ScatterNd,
  TensorScatterUpdate,
  gatherND,
  getGradient,
  mul,
  onesLike,
  registerGradient,
  scatterND,
  tensorScatterUpdate,
  zeros,
  zerosLike,
} from "@tensorflow/tfjs-core";
import type { GradConfig, NamedAttrMap, Tensor } from "@tensorflow/tfjs-core";

/*
 * tfjs 4.22 registers no gradient for ScatterNd, GatherNd or TensorScatterUpdate. These are the ops
 * that let a model touch a subset of rows — e.g. efficient stochastic depth runs a residual branch
 * on the kept samples only and adds the result back with scatterND. The gradients are each other:
 * scatterND sums duplicate indices, which is exactly what the gradient of gatherND needs.
 */

function single(dy: Tensor | Tensor[]): Tensor {
  if (Array.isArray(dy)) throw new Error("expected a single upstream gradient");
  return dy;
}

function savedAt(saved: Tensor[], i: number, what: string): Tensor {
  const t = saved[i];
  if (t === undefined) throw new Error(`gradient: input '${what}' was not saved`);
  return t;
}

const scatterNdGradient: GradConfig = {
  kernelName: ScatterNd,
  inputsToSave: ["indices"],
  gradFunc: (dy, saved) => {
    const indices = savedAt(saved, 0, "indices");
    return {
      indices: () => zerosLike(indices),
      updates: () => gatherND(single(dy), indices),
    };
  },
};

const gatherNdGradient: GradConfig = {
  kernelName: GatherNd,
  inputsToSave: ["params", "indices"],
  gradFunc: (dy, saved) => {
    const params = savedAt(saved, 0, "params");
    const indices = savedAt(saved, 1, "indices");
    return {
      params: () => scatterND(indices, single(dy), params.shape),
      indices: () => zerosLike(indices),
    };
  },
};

const tensorScatterUpdateGradient: GradConfig = {
  kernelName: TensorScatterUpdate,
  inputsToSave: ["indices", "updates"],
  gradFunc: (dy, saved, _attrs: NamedAttrMap) => {
    const indices = savedAt(saved, 0, "indices");
    const updates = savedAt(saved, 1, "updates");
    const g = single(dy);
    return {
      // Overwritten positions no longer depend on the original tensor. A mask rather than
      // tensorScatterUpdate(g, …): the cpu kernel of tfjs 4.22 writes into its input tensor, which
      // would corrupt g for the `updates` gradient below.
      tensor: () => mul(g, tensorScatterUpdate(onesLike(g), indices, zeros(updates.shape, g.dtype))),
      indices: () => zerosLike(indices),
      updates: () => gatherND(g, indices),
    };
  },
};

/** Registers the three gradients where tfjs has none (never replaces an existing one). */
export function registerScatterGatherNdGradients(): void {
  for (const config of [scatterNdGradient, gatherNdGradient, tensorScatterUpdateGradient]) {
    if (getGradient(config.kernelName) === undefined) registerGradient(config);
  }
}
