import { registerGradient, getGradient, zerosLike } from "@tensorflow/tfjs-core";
import type { Tensor } from "@tensorflow/tfjs-core";

type NamedGradientMap = Record<string, () => Tensor>;

/**
 * Kernels whose output does not depend smoothly on their inputs (comparisons, predicates, argmax),
 * with their input names. tfjs registers no gradient for them, so a loss such as
 * `where(greater(x, 0), x, y)` fails with "gradient function not found for Greater" as soon as x
 * needs a gradient. TensorFlow treats them as not differentiable (no gradient flows); a zero gradient
 * is the same thing for the tape.
 */
const NON_DIFFERENTIABLE: Readonly<Record<string, readonly string[]>> = {
  Equal: ["a", "b"],
  NotEqual: ["a", "b"],
  Greater: ["a", "b"],
  GreaterEqual: ["a", "b"],
  Less: ["a", "b"],
  LessEqual: ["a", "b"],
  LogicalAnd: ["a", "b"],
  LogicalOr: ["a", "b"],
  LogicalXor: ["a", "b"],
  LogicalNot: ["x"],
  IsNan: ["x"],
  IsInf: ["x"],
  IsFinite: ["x"],
  ArgMax: ["x"],
  ArgMin: ["x"],
  OneHot: ["indices"],
};

/** Registers zero gradients for the kernels above that have none (never replaces an existing one). */
export function registerNonDifferentiableGradients(): void {
  for (const [kernelName, inputNames] of Object.entries(NON_DIFFERENTIABLE)) {
    if (getGradient(kernelName) !== undefined) continue;
    registerGradient({
      kernelName,
      // Not saveAllInputs: the engine accepts that only for kernels whose inputs are an array (AddN, Concat).
      inputsToSave: [...inputNames],
      gradFunc: (_dy: Tensor | Tensor[], saved: Tensor[]) => {
        const grads: NamedGradientMap = {};
        inputNames.forEach((name, i) => {
          const input = saved[i];
          if (input === undefined) throw new Error(`gradient of ${kernelName}: input '${name}' was not saved`);
          grads[name] = () => zerosLike(input);
        });
        return grads;
      },
    });
  }
}
