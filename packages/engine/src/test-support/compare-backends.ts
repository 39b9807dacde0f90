import * as tf from "@tensorflow/tfjs-core";
import type { Tensor } from "@tensorflow/tfjs-core";

/** Test helper: evaluates an op and its gradients on two backends and measures how far apart they are. */

/** Deterministic values in [-1, 1) (a Lehmer generator; no Math.random in tests). */
export function randomValues(size: number, seed: number): Float32Array {
  let s = (seed * 7919 + 17) % 2147483647 || 1;
  const v = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    s = (s * 16807) % 2147483647;
    v[i] = (s / 2147483647) * 2 - 1;
  }
  return v;
}

export interface OpCase {
  readonly name: string;
  /** Shapes of the float inputs, filled with random values. */
  readonly shapes: readonly number[][];
  readonly fn: (...xs: Tensor[]) => Tensor;
  /** Skip the gradient (ops used on inputs only). */
  readonly forwardOnly?: boolean;
}

export interface Evaluation {
  readonly output: Float32Array;
  readonly gradients: Float32Array[];
}

/**
 * Output and gradients of Σ fn(xs) · r, with r a fixed random tensor (so that every output
 * element's gradient is distinct), on the given backend.
 */
export async function evaluate(backendName: string, c: OpCase): Promise<Evaluation> {
  await tf.setBackend(backendName);
  return tf.tidy(() => {
    const xs = c.shapes.map((shape, i) =>
      tf.tensor(
        randomValues(
          shape.reduce((a, b) => a * b, 1),
          i + 1,
        ),
        shape,
      ),
    );
    const out = c.fn(...xs);
    const output = Float32Array.from(out.dataSync());
    if (c.forwardOnly) return { output, gradients: [] };
    const r = tf.tensor(randomValues(out.size, 99), out.shape);
    const grads = tf.grads((...args: Tensor[]) => tf.sum(tf.mul(c.fn(...args), r)))(xs);
    return { output, gradients: grads.map((g) => Float32Array.from(g.dataSync())) };
  });
}

/** max |a − b| / max(1, max |b|): the error relative to the reference's scale. */
export function relativeError(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let diff = 0;
  let scale = 1;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs((a[i] as number) - (b[i] as number));
    if (Number.isNaN(d)) return Infinity;
    if (d > diff) diff = d;
    scale = Math.max(scale, Math.abs(b[i] as number));
  }
  return diff / scale;
}
