import {
  BatchMatMul,
  backend_util,
  getGradient,
  registerGradient,
  reshape,
  sum,
  unregisterGradient,
} from "@tensorflow/tfjs-core";
import type { GradConfig, Tensor } from "@tensorflow/tfjs-core";

type NamedGradientMap = Record<string, () => Tensor>;

/**
 * tfjs 4.22's BatchMatMul gradient returns the gradient of a broadcast operand at the broadcast
 * shape, so `matMul(x[b, n, d], w[d, e])` fails in training ("gradient of input 'b' has shape
 * '2,4,6', which does not match..."). This wraps the stock gradient and sums the broadcast
 * dimensions away. Registered once; a no-op if the stock gradient is missing or already wrapped.
 */
const WRAPPED = Symbol("seedscope.broadcastReduced");

export function fixBatchMatMulBroadcastGradient(): void {
  const stock = getGradient(BatchMatMul);
  if (stock === undefined || (stock as GradConfig & { [WRAPPED]?: true })[WRAPPED]) return;
  const fixed: GradConfig & { [WRAPPED]: true } = {
    kernelName: BatchMatMul,
    inputsToSave: ["a", "b"],
    [WRAPPED]: true,
    gradFunc: (dy, saved, attrs) => {
      const grads = stock.gradFunc(dy, saved, attrs);
      const [a, b] = saved;
      const reduced: NamedGradientMap = {};
      for (const [name, input] of [
        ["a", a],
        ["b", b],
      ] as const) {
        const grad = grads[name];
        if (grad === undefined || input === undefined) continue;
        reduced[name] = () => reduceToShape(grad(), input.shape);
      }
      return reduced;
    },
  };
  unregisterGradient(BatchMatMul);
  registerGradient(fixed);
}

function reduceToShape(grad: Tensor, shape: number[]): Tensor {
  if (grad.shape.length === shape.length && grad.shape.every((d, i) => d === shape[i])) return grad;
  const axes = backend_util.getReductionAxes(shape, grad.shape);
  return reshape(sum(grad, axes), shape);
}
