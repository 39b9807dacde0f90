import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { setupCpu } from "../test-support";
import { normalizeWithStats } from "./norm";

beforeAll(setupCpu);

/** The same normalisation through tfjs' own chain rule (moments, broadcasts): the reference. */
function chainRule(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, axes: number[], eps: number): tf.Tensor {
  const { mean, variance } = tf.moments(x, axes, true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps))), gamma), beta);
}

const random = (shape: number[], seed: number, scale = 1, shift = 0) =>
  tf.add(tf.mul(tf.randomNormal(shape, 0, 1, "float32", seed), scale), shift);

function expectClose(a: tf.Tensor, b: tf.Tensor, tolerance: number): void {
  expect(a.shape).toEqual(b.shape);
  const scale = Math.max(1, tf.max(tf.abs(b)).dataSync()[0]!);
  expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]! / scale).toBeLessThan(tolerance);
}

describe("normalisation with its gradient written out", () => {
  it.each([
    ["BatchNorm over N, H, W (channels last)", [4, 3, 5, 6], [0, 1, 2]],
    ["LayerNorm over the last axis of tokens", [2, 7, 8], [2]],
  ])("%s: value and gradients of x, γ, β match the chain rule", (_, shape, axes) => {
    const x = random(shape, 1, 3, 0.5);
    const dim = shape[shape.length - 1]!;
    const gamma = random([dim], 2, 0.5, 1);
    const beta = random([dim], 3);
    const dy = random(shape, 4);
    const ours = tf.grads((a, g, b) => tf.mul(normalizeWithStats(a, g, b, axes, 1e-5), dy))([x, gamma, beta]);
    const reference = tf.grads((a, g, b) => tf.mul(chainRule(a, g, b, axes, 1e-5), dy))([x, gamma, beta]);
    ours.forEach((grad, i) => expectClose(grad, reference[i]!, 1e-5));
    expectClose(normalizeWithStats(x, gamma, beta, axes, 1e-5), chainRule(x, gamma, beta, axes, 1e-5), 1e-6);
  });

  it("hands the batch statistics to the caller (BatchNorm's running mean and variance)", () => {
    const x = random([3, 2, 2, 4], 5, 2, 1);
    let seen: number[][] = [];
    normalizeWithStats(x, tf.ones([4]), tf.zeros([4]), [0, 1, 2], 1e-5, (mean, variance) => {
      seen = [[...mean.dataSync()], [...variance.dataSync()]];
    });
    const { mean, variance } = tf.moments(x, [0, 1, 2]);
    expect(seen[0]).toEqual([...mean.dataSync()].map((v) => expect.closeTo(v, 6)));
    expect(seen[1]).toEqual([...variance.dataSync()].map((v) => expect.closeTo(v, 6)));
  });
});
