import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { initBackend } from "@seedscope/engine";
import { GELU_GRAD_KERNEL, GELU_KERNEL } from "@seedscope/engine/fused-kernel-names";
import { composedGelu, gelu } from "./activations";

beforeAll(async () => {
  await initBackend({ backend: "wasm" });
});

/** Largest |a − b| / (1 + |b|) over the elements. */
const gap = (a: tf.Tensor, b: tf.Tensor) => tf.max(tf.div(tf.abs(tf.sub(a, b)), tf.add(tf.abs(b), 1))).dataSync()[0];

describe("GELU on the wasm backend's fused kernels", () => {
  it("runs one kernel each way and agrees with the composed ops (tfjs' own exp and erf) to float precision", async () => {
    // 7 × 37 values: SIMD lanes and a scalar tail; from −12 to 12, past erf's clamp and exp's underflow.
    const x = tf.mul(tf.randomNormal([7, 37], 0, 1, "float32", 11), 4);
    const dy = tf.randomNormal([7, 37], 0, 1, "float32", 12);
    const gradient = (f: (a: tf.Tensor) => tf.Tensor) => tf.grad((a: tf.Tensor) => tf.mul(f(a), dy))(x);
    const profile = await tf.profile(() => gradient(gelu));
    const kernels = profile.kernels.map((k) => k.name);
    expect(kernels).toContain(GELU_KERNEL);
    expect(kernels).toContain(GELU_GRAD_KERNEL);
    expect(kernels).not.toContain("Erf");
    // erf within 4.5e−7 and exp within 1 ulp of exact: a few float32 ulps on either side.
    expect(gap(gelu(x), composedGelu(x))).toBeLessThan(2e-6);
    expect(gap(gradient(gelu), gradient(composedGelu))).toBeLessThan(2e-6);
    expect(gap(gelu(x), composedGelu(x))).toBeGreaterThan(0); // two implementations, not one
  });

  it("refuses a gradient whose shape is not x's, naming both", () => {
    const run = () => tf.engine().runKernel(GELU_GRAD_KERNEL, { dy: tf.zeros([2, 3]), x: tf.zeros([3, 2]) });
    expect(run).toThrow(/dy \[2,3\] and x \[3,2\] differ in shape/);
  });
});
