import { UserError } from "@seedscope/core";
import * as tf from "@tensorflow/tfjs-core";
import type { Tensor4D } from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { assertKernels, kernelsUsed } from "./assert-kernels";
import { initBackend } from "./init-backend";

const TRAINING_OPS = [
  "Conv2D",
  "FusedConv2D",
  "DepthwiseConv2dNative",
  "MaxPool",
  "AvgPool",
  "BatchMatMul",
  "_FusedMatMul",
  "Softmax",
  "Erf",
  "GatherV2",
  "GatherNd",
  "ScatterNd",
  "Mean",
  "Sum",
  "Sub",
  "Multiply",
  "Rsqrt",
  "Concat",
  "Slice",
  "Transpose",
  "Reshape",
  "MirrorPad",
  "UnsortedSegmentSum",
];

describe("assertKernels", () => {
  beforeAll(async () => {
    await initBackend({ backend: "wasm" });
  });

  it("accepts the ops the models train with on wasm", () => {
    expect(() => assertKernels(TRAINING_OPS)).not.toThrow();
    expect(() => assertKernels(["ResizeBilinear", "Cast"], { forwardOnly: ["ResizeBilinear", "Cast"] })).not.toThrow();
  });

  it("names the op and the backend when a forward kernel is missing", () => {
    expect(() => assertKernels(["Conv2D", "Einsum"])).toThrow(UserError);
    expect(() => assertKernels(["Einsum"])).toThrow("op 'Einsum' has no kernel on backend 'wasm'");
  });

  it("refuses an op without a gradient unless it is forward-only", () => {
    expect(() => assertKernels(["StridedSlice"])).toThrow(
      "op 'StridedSlice' has no gradient registered (backend 'wasm')",
    );
    expect(() => assertKernels(["StridedSlice"], { forwardOnly: ["StridedSlice"] })).not.toThrow();
  });

  it("names the missing backward kernel", () => {
    // webgpu-like: a backend that has Conv2D but not its backprops; simulated with a registered stub backend.
    tf.registerBackend("forward-only-test", () => tf.findBackend("cpu") ?? tf.findBackend("wasm")!);
    tf.registerKernel({
      kernelName: "Conv2D",
      backendName: "forward-only-test",
      kernelFunc: () => ({ dataId: {}, shape: [], dtype: "float32" }),
    });
    expect(() => assertKernels(["Conv2D"], { backend: "forward-only-test" })).toThrow(
      "op 'Conv2D' cannot be trained on backend 'forward-only-test': its gradient needs kernel 'Conv2DBackpropInput'",
    );
  });
});

describe("kernelsUsed", () => {
  it("lists the kernels of a forward + backward step", async () => {
    await initBackend({ backend: "wasm" });
    const x = tf.ones([1, 4, 4, 2]) as Tensor4D;
    const w = tf.variable(tf.ones([3, 3, 2, 2]) as Tensor4D);
    const used = await kernelsUsed(
      () => tf.variableGrads(() => tf.sum(tf.conv2d(x, w as unknown as Tensor4D, 1, "same"))).value,
    );
    expect(used).toEqual(expect.arrayContaining(["Conv2D", "Sum", "Conv2DBackpropFilter"]));
    const forward = await kernelsUsed(() => tf.sum(tf.conv2d(x, w as unknown as Tensor4D, 1, "same")));
    expect(forward).toEqual(["Conv2D", "Sum"]);
    expect(() => assertKernels(forward, { backend: "cpu" })).not.toThrow();
  });

  it("turns a missing gradient into a UserError", async () => {
    await initBackend({ backend: "wasm" });
    const step = () => tf.grad((x) => tf.sum(tf.stridedSlice(x, [0], [4], [2])))(tf.ones([4]));
    await expect(kernelsUsed(step)).rejects.toThrow(
      new UserError(
        "op 'StridedSlice' has no gradient registered (backend 'wasm'): this model cannot be trained with it",
      ),
    );
  });

  it("turns a missing kernel into a UserError", async () => {
    await initBackend({ backend: "wasm" });
    await expect(kernelsUsed(() => tf.einsum("ij,jk->ik", tf.ones([2, 2]), tf.ones([2, 2])))).rejects.toThrow(
      new UserError("op 'Einsum' has no kernel on backend 'wasm' — choose another backend"),
    );
  });
});
