import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import type { Tensor4D } from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "./init-backend";
import { randomValues } from "./test-support/compare-backends";

/** Loss and gradients of a conv → pool → matmul → softmax cross-entropy chain, as raw bits. */
function convMatmulStep(): Uint32Array[] {
  const tensors = tf.tidy(() => {
    const x = tf.tensor4d(randomValues(8 * 8 * 8 * 3, 1), [8, 8, 8, 3]);
    const w1 = tf.tensor4d(randomValues(3 * 3 * 3 * 16, 2), [3, 3, 3, 16]);
    const w2 = tf.tensor2d(randomValues(16 * 16 * 10, 3), [16 * 16, 10]);
    const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], "int32"), 10);
    const loss = (a: tf.Tensor, b: tf.Tensor) => {
      const h = tf.relu(tf.conv2d(x, a as Tensor4D, 2, "same"));
      const pooled = tf.maxPool(h, 2, 1, "same");
      return tf.losses.softmaxCrossEntropy(labels, tf.matMul(tf.reshape(pooled, [8, -1]), b));
    };
    const { value, grads } = tf.valueAndGrads(loss)([w1, w2]);
    return [value, ...grads];
  });
  const bits = tensors.map((t) => new Uint32Array(Float32Array.from(t.dataSync()).buffer));
  tf.dispose(tensors);
  return bits;
}

describe("determinism", () => {
  beforeAll(async () => {
    await initBackend({ backend: "wasm" });
  });

  it.each(["cpu", "wasm"])("a conv + matmul + gradient chain is bit-identical twice on %s", async (backend) => {
    await tf.setBackend(backend);
    const first = convMatmulStep();
    const second = convMatmulStep();
    expect(second).toEqual(first);
  });
});
