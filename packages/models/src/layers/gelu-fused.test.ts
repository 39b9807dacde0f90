import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { initBackend } from "@seedscope/engine";
import { GELU_GRAD_KERNEL, GELU_KERNEL } from "@seedscope/engine/fused-kernel-names";
import { composedGelu, gelu } from "./activations";

beforeAll(async () => {
  await initBackend({ backend: "wasm" });
});

const bits = (t: tf.Tensor) => [...new Uint32Array((t.dataSync() as Float32Array).slice().buffer)];

describe("GELU on the wasm backend's fused kernels", () => {
  it("runs one kernel each way and gives the composed ops' value and gradient bit for bit", async () => {
    // 7 × 37 values: SIMD lanes and a scalar tail; from −12 to 12, past erf's clamp and exp's underflow.
    const x = tf.mul(tf.randomNormal([7, 37], 0, 1, "float32", 11), 4);
    const dy = tf.randomNormal([7, 37], 0, 1, "float32", 12);
    const gradient = (f: (a: tf.Tensor) => tf.Tensor) => tf.grad((a: tf.Tensor) => tf.mul(f(a), dy))(x);
    const profile = await tf.profile(() => gradient(gelu));
    const kernels = profile.kernels.map((k) => k.name);
    expect(kernels).toContain(GELU_KERNEL);
    expect(kernels).toContain(GELU_GRAD_KERNEL);
    expect(kernels).not.toContain("Erf");
    expect(bits(gelu(x))).toEqual(bits(composedGelu(x)));
    expect(bits(gradient(gelu))).toEqual(bits(gradient(composedGelu)));
  });

  it("refuses a gradient whose shape is not x's, naming both", () => {
    const run = () => tf.engine().runKernel(GELU_GRAD_KERNEL, { dy: tf.zeros([2, 3]), x: tf.zeros([3, 2]) });
    expect(run).toThrow(/dy \[2,3\] and x \[3,2\] differ in shape/);
  });
});
