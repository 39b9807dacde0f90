import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { initBackend } from "@seedscope/engine";
import { CHANNEL_NORMALIZE_SUMS_KERNEL } from "@seedscope/engine/fused-kernel-names";

import { PER_CHANNEL, PER_ROW, composedNormalize, normalizeWithStats } from "./norm";

const CHANNEL_KERNELS = Object.values(PER_CHANNEL);
const ROW_KERNELS = Object.values(PER_ROW);

beforeAll(async () => {
  await initBackend({ backend: "wasm" });
});

/** How many elements of a and b differ in their bits. */
const differing = (a: tf.Tensor, b: tf.Tensor) => {
  expect(a.shape).toEqual(b.shape);
  const [x, y] = [a.dataSync(), b.dataSync()];
  return x.filter((v, i) => !Object.is(v, y[i])).length;
};

describe("BatchNorm and LayerNorm on the wasm backend's fused kernels", () => {
  // 300 rows: more than one tile of the per-channel sums (256 rows), and a partial one. BatchNorm's channels a
  // multiple of 4 run on the SIMD module, others in the kernels' own loops; LayerNorm's rows of a multiple of 4 only.
  it.each([
    ["BatchNorm [4, 5, 15, 8] (SIMD)", [4, 5, 15, 8], "batch"],
    ["BatchNorm [4, 5, 15, 6] (loops)", [4, 5, 15, 6], "batch"],
    ["BatchNorm [3, 2, 2, 4] (SIMD)", [3, 2, 2, 4], "batch"],
    ["BatchNorm [50, 7] (loops, no spatial axes)", [50, 7], "batch"],
    ["LayerNorm [4, 75, 192] (ViT's tokens)", [4, 75, 192], "layer"],
    ["LayerNorm [3, 7, 7, 96] (PatchConvNet's trunk)", [3, 7, 7, 96], "layer"],
    ["LayerNorm [300, 4]", [300, 4], "layer"],
  ] as const)("%s: value, statistics and gradients of x, γ, β have the composed ops' bits", async (_, dims, kind) => {
    const shape = [...dims];
    const channels = shape[shape.length - 1] as number;
    const leading = shape.slice(0, -1).map((_, i) => i);
    const axes = kind === "batch" ? leading : [shape.length - 1];
    const x = tf.add(tf.mul(tf.randomNormal(shape, 0, 1, "float32", 1), 3), 0.5);
    const gamma = tf.add(tf.mul(tf.randomNormal([channels], 0, 1, "float32", 2), 0.5), 1);
    const beta = tf.randomNormal([channels], 0, 1, "float32", 3);
    const dy = tf.randomNormal(shape, 0, 1, "float32", 4);
    const stats: tf.Tensor[] = [];
    const fused = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
      normalizeWithStats(a, g, b, axes, 1e-5, (m, v) => stats.push(tf.keep(m.clone()), tf.keep(v.clone())));
    const composed = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
      composedNormalize(a, g, b, axes, leading, 1e-5, (m, v) => stats.push(tf.keep(m.clone()), tf.keep(v.clone())));
    const gradients = (f: typeof fused) => tf.grads((a, g, b) => tf.mul(f(a, g, b), dy))([x, gamma, beta]);

    const profile = await tf.profile(() => gradients(fused));
    const kernels = new Set(profile.kernels.map((k) => k.name));
    for (const name of kind === "batch" ? CHANNEL_KERNELS : ROW_KERNELS) expect(kernels).toContain(name);
    expect(kernels).not.toContain("Square");

    stats.length = 0;
    expect(differing(fused(x, gamma, beta), composed(x, gamma, beta))).toBe(0);
    const [fusedMean, fusedVariance, composedMean, composedVariance] = stats as [
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
    ];
    expect(differing(fusedMean, composedMean)).toBe(0);
    expect(differing(fusedVariance, composedVariance)).toBe(0);
    const [ours, reference] = [gradients(fused), gradients(composed)];
    ours.forEach((g, i) => expect(differing(g, reference[i] as tf.Tensor)).toBe(0));
    expect(tf.max(tf.abs(ours[0] as tf.Tensor)).dataSync()[0]).toBeGreaterThan(0);
  });

  it("refuses a γ with the wrong number of channels, naming it", () => {
    const run = () =>
      tf.engine().runKernel(CHANNEL_NORMALIZE_SUMS_KERNEL, {
        dy: tf.zeros([2, 3]),
        xhat: tf.zeros([2, 3]),
        gamma: tf.zeros([4]),
      });
    expect(run).toThrow(/gamma \[4\] must hold one value per channel \(3\)/);
  });
});
