import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { setupCpu } from "../test-support";
import { gelu } from "./activations";

beforeAll(setupCpu);

/** GELU through tfjs' own chain rule over its element-wise ops: the reference. */
const chainRule = (x: tf.Tensor) => tf.mul(tf.mul(x, tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1)), 0.5);

describe("GELU with its gradient written out", () => {
  it("has the chain rule's value and gradient, and Φ(x) + x·φ(x) at known points", () => {
    const x = tf.mul(tf.randomNormal([64, 33], 0, 1, "float32", 3), 3);
    const dy = tf.randomNormal([64, 33], 0, 1, "float32", 4);
    const ours = tf.grad((a: tf.Tensor) => tf.mul(gelu(a), dy))(x);
    const reference = tf.grad((a: tf.Tensor) => tf.mul(chainRule(a), dy))(x);
    expect(tf.max(tf.abs(tf.sub(ours, reference))).dataSync()[0]).toBeLessThan(1e-5);
    expect(tf.max(tf.abs(tf.sub(gelu(x), chainRule(x)))).dataSync()[0]).toBe(0);
    // d/dx GELU at 0 is 1/2; at ±1: Φ(±1) ± φ(1) = 0.841345 + 0.241971 / 0.158655 − 0.241971
    const at = [
      ...tf
        .grad((a: tf.Tensor) => gelu(a))(tf.tensor1d([0, 1, -1]))
        .dataSync(),
    ];
    expect(at.map((v) => Number(v.toFixed(5)))).toEqual([0.5, 1.08332, -0.08332]);
  });

  it("keeps less for the backward pass than the chain rule (only x)", async () => {
    const x = tf.randomNormal([256, 512], 0, 1, "float32", 5);
    const peak = async (f: (a: tf.Tensor) => tf.Tensor) =>
      (await tf.profile(() => tf.grad((a: tf.Tensor) => tf.sum(f(a)))(x))).peakBytes;
    const ours = await peak(gelu);
    const reference = await peak(chainRule);
    // the chain rule keeps x·√½, 1 + erf and x·(1 + erf) besides x: three more tensors the size of x
    expect(reference - ours).toBeGreaterThanOrEqual(2 * x.size * 4);
  });
});
