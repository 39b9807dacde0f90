import * as tf from "@tensorflow/tfjs-core";
import type { Tensor, Tensor3D, Tensor4D } from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import "@tensorflow/tfjs-backend-cpu";
import { initBackend } from "../init-backend";
import { evaluate, relativeError } from "../test-support/compare-backends";
import type { OpCase } from "../test-support/compare-backends";

const t4 = (x: Tensor) => x as Tensor4D;
const int = (values: number[][] | number[]) => tf.tensor(values, undefined, "int32");
const gelu = (x: Tensor) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.div(x, Math.SQRT2))));
const geluTanh = (x: Tensor) =>
  tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3)))))));
const batchNorm = (x: Tensor, gamma: Tensor, beta: Tensor) => {
  const { mean, variance } = tf.moments(x, [0, 1, 2]);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5))), gamma), beta);
};
const layerNorm = (x: Tensor, gamma: Tensor, beta: Tensor) => {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-6))), gamma), beta);
};

const CASES: OpCase[] = [
  // Convolutions (NHWC), incl. stride 2, both paddings, batch 1, non-square, patch embedding.
  {
    name: "conv2d 3x3 s1 same",
    shapes: [
      [2, 5, 5, 3],
      [3, 3, 3, 4],
    ],
    fn: (x, w) => tf.conv2d(t4(x), t4(w), 1, "same"),
  },
  {
    name: "conv2d 3x3 s2 same, batch 1",
    shapes: [
      [1, 7, 7, 3],
      [3, 3, 3, 5],
    ],
    fn: (x, w) => tf.conv2d(t4(x), t4(w), 2, "same"),
  },
  {
    name: "conv2d 3x3 s2 valid",
    shapes: [
      [2, 8, 8, 4],
      [3, 3, 4, 6],
    ],
    fn: (x, w) => tf.conv2d(t4(x), t4(w), 2, "valid"),
  },
  {
    name: "conv2d 1x1 s2",
    shapes: [
      [2, 6, 6, 4],
      [1, 1, 4, 3],
    ],
    fn: (x, w) => tf.conv2d(t4(x), t4(w), 2, "valid"),
  },
  {
    name: "conv2d 5x5 same, 5x7 input",
    shapes: [
      [2, 5, 7, 2],
      [5, 5, 2, 3],
    ],
    fn: (x, w) => tf.conv2d(t4(x), t4(w), 1, "same"),
  },
  {
    name: "conv2d 4x4 s4 patch embedding",
    shapes: [
      [2, 16, 16, 3],
      [4, 4, 3, 8],
    ],
    fn: (x, w) => tf.conv2d(t4(x), t4(w), 4, "valid"),
  },
  {
    name: "conv2d strides [1,2]",
    shapes: [
      [1, 6, 6, 2],
      [3, 3, 2, 2],
    ],
    fn: (x, w) => tf.conv2d(t4(x), t4(w), [1, 2], "same"),
  },
  // Paths of the conv-gradient kernels: input gradient as a forward conv (stride 1, any padding that
  // needs no cropping) or matmul + col2im; filter gradient from shifted whole planes ('same', stride 1),
  // row copies (other stride 1), strided copies (stride > 1), or x itself (1×1, stride 1, no padding).
  {
    name: "conv2d 3x3 s1 valid, 6x5 input",
    shapes: [
      [2, 6, 5, 3],
      [3, 3, 3, 4],
    ],
    fn: (x, w) => tf.conv2d(t4(x), t4(w), 1, "valid"),
  },
  {
    name: "conv2d 3x3 s1 same, batch 1, 1 channel",
    shapes: [
      [1, 5, 6, 1],
      [3, 3, 1, 3],
    ],
    fn: (x, w) => tf.conv2d(t4(x), t4(w), 1, "same"),
  },
  {
    name: "conv2d 1x1 s1 valid, batch 1",
    shapes: [
      [1, 4, 3, 5],
      [1, 1, 5, 3],
    ],
    fn: (x, w) => tf.conv2d(t4(x), t4(w), 1, "valid"),
  },
  {
    name: "conv2d 1x1 s1 pad 1",
    shapes: [
      [2, 3, 3, 2],
      [1, 1, 2, 3],
    ],
    fn: (x, w) =>
      tf.conv2d(t4(x), t4(w), 1, [
        [0, 0],
        [1, 1],
        [1, 1],
        [0, 0],
      ]),
  },
  {
    name: "conv2d 5x5 s1 pad 1 (less than same)",
    shapes: [
      [2, 7, 6, 2],
      [5, 5, 2, 3],
    ],
    fn: (x, w) =>
      tf.conv2d(t4(x), t4(w), 1, [
        [0, 0],
        [1, 1],
        [1, 1],
        [0, 0],
      ]),
  },
  {
    name: "conv2d 3x3 s1 asymmetric explicit pad",
    shapes: [
      [2, 5, 5, 2],
      [3, 3, 2, 3],
    ],
    fn: (x, w) =>
      tf.conv2d(t4(x), t4(w), 1, [
        [0, 0],
        [2, 0],
        [0, 1],
        [0, 0],
      ]),
  },
  {
    name: "conv2d 3x3 s2 same, even 6x6, batch 1",
    shapes: [
      [1, 6, 6, 3],
      [3, 3, 3, 2],
    ],
    fn: (x, w) => tf.conv2d(t4(x), t4(w), 2, "same"),
  },
  {
    name: "conv2d 3x3 s2 valid, odd 7x9",
    shapes: [
      [2, 7, 9, 2],
      [3, 3, 2, 3],
    ],
    fn: (x, w) => tf.conv2d(t4(x), t4(w), 2, "valid"),
  },
  {
    name: "conv2d 2x2 s1 same (asymmetric pad)",
    shapes: [
      [2, 5, 4, 3],
      [2, 2, 3, 2],
    ],
    fn: (x, w) => tf.conv2d(t4(x), t4(w), 1, "same"),
  },
  {
    name: "fused conv2d + bias + relu",
    shapes: [[2, 5, 5, 3], [3, 3, 3, 4], [4]],
    fn: (x, w, b) => tf.fused.conv2d({ x: t4(x), filter: t4(w), strides: 1, pad: "same", bias: b, activation: "relu" }),
  },
  {
    name: "conv2dTranspose s2",
    shapes: [
      [2, 4, 4, 4],
      [3, 3, 3, 4],
    ],
    fn: (x, w) => tf.conv2dTranspose(t4(x), t4(w), [2, 8, 8, 3], 2, "same"),
  },
  {
    name: "conv1d",
    shapes: [
      [2, 7, 3],
      [3, 3, 4],
    ],
    fn: (x, w) => tf.conv1d(x as Tensor3D, w as Tensor3D, 1, "same"),
  },
  {
    name: "depthwise 3x3 s1 same",
    shapes: [
      [2, 5, 5, 3],
      [3, 3, 3, 1],
    ],
    fn: (x, w) => tf.depthwiseConv2d(t4(x), t4(w), 1, "same"),
  },
  {
    name: "depthwise multiplier 2, s2 same",
    shapes: [
      [2, 5, 5, 3],
      [3, 3, 3, 2],
    ],
    fn: (x, w) => tf.depthwiseConv2d(t4(x), t4(w), 2, "same"),
  },
  {
    name: "depthwise s2 valid, batch 1",
    shapes: [
      [1, 7, 7, 4],
      [3, 3, 4, 1],
    ],
    fn: (x, w) => tf.depthwiseConv2d(t4(x), t4(w), 2, "valid"),
  },
  {
    name: "depthwise 3x3 s1 valid",
    shapes: [
      [2, 6, 5, 3],
      [3, 3, 3, 1],
    ],
    fn: (x, w) => tf.depthwiseConv2d(t4(x), t4(w), 1, "valid"),
  },
  {
    name: "depthwise 5x5 s1 same, 6 channels, batch 1",
    shapes: [
      [1, 6, 7, 6],
      [5, 5, 6, 1],
    ],
    fn: (x, w) => tf.depthwiseConv2d(t4(x), t4(w), 1, "same"),
  },
  {
    name: "depthwise 2x2 s1 same (asymmetric pad)",
    shapes: [
      [2, 4, 5, 5],
      [2, 2, 5, 1],
    ],
    fn: (x, w) => tf.depthwiseConv2d(t4(x), t4(w), 1, "same"),
  },
  {
    name: "depthwise multiplier 3, s1 same",
    shapes: [
      [2, 4, 4, 2],
      [3, 3, 2, 3],
    ],
    fn: (x, w) => tf.depthwiseConv2d(t4(x), t4(w), 1, "same"),
  },
  {
    name: "separable conv",
    shapes: [
      [2, 5, 5, 3],
      [3, 3, 3, 1],
      [1, 1, 3, 4],
    ],
    fn: (x, w, p) => tf.separableConv2d(t4(x), t4(w), t4(p), 1, "same"),
  },
  // Pooling.
  { name: "maxPool 2 s2 valid", shapes: [[2, 6, 6, 3]], fn: (x) => tf.maxPool(t4(x), 2, 2, "valid") },
  { name: "maxPool 3 s2 same, batch 1", shapes: [[1, 7, 7, 3]], fn: (x) => tf.maxPool(t4(x), 3, 2, "same") },
  { name: "maxPool 3 s1 same", shapes: [[2, 5, 5, 2]], fn: (x) => tf.maxPool(t4(x), 3, 1, "same") },
  { name: "avgPool 2 s2 valid", shapes: [[2, 6, 6, 3]], fn: (x) => tf.avgPool(t4(x), 2, 2, "valid") },
  { name: "avgPool 3 s2 same, batch 1", shapes: [[1, 7, 7, 3]], fn: (x) => tf.avgPool(t4(x), 3, 2, "same") },
  { name: "global average pool", shapes: [[2, 4, 4, 5]], fn: (x) => tf.mean(x, [1, 2]) },
  // Normalisation.
  { name: "batch norm from moments", shapes: [[4, 3, 3, 5], [5], [5]], fn: batchNorm },
  {
    name: "tf.batchNorm",
    shapes: [[4, 3, 3, 5], [5], [5]],
    fn: (x, g, b) => {
      const { mean, variance } = tf.moments(x, [0, 1, 2]);
      return tf.batchNorm(x, mean, variance, b, g, 1e-5);
    },
  },
  { name: "layer norm", shapes: [[2, 7, 8], [8], [8]], fn: layerNorm },
  // Reductions over leading axes (own kernel) and others (stock), incl. channel counts not a multiple of 4.
  { name: "sum over leading axes, 7 channels", shapes: [[3, 4, 5, 7]], fn: (x) => tf.sum(x, [0, 1, 2]) },
  { name: "mean over leading axes, keepDims", shapes: [[3, 4, 5, 6]], fn: (x) => tf.mean(x, [0, 1, 2], true) },
  { name: "sum over axes [1, 0] of rank 3", shapes: [[5, 3, 2]], fn: (x) => tf.sum(x, [1, 0]) },
  { name: "mean over axis 0, 2 columns", shapes: [[300, 2]], fn: (x) => tf.mean(x, 0) },
  {
    name: "sum over all axes / inner axis / middle axis",
    shapes: [[3, 4, 5]],
    fn: (x) =>
      tf.addN([
        tf.sum(x).reshape([1, 1]).tile([3, 5]),
        tf
          .sum(x, -1)
          .reshape([3, 4])
          .slice([0, 0], [3, 4])
          .pad([
            [0, 0],
            [0, 1],
          ]),
        tf.mean(x, 1),
      ]),
  },
  {
    name: "moments over leading axes of a 1-channel tensor",
    shapes: [[2, 3, 3, 1]],
    fn: (x) => tf.add(tf.moments(x, [0, 1, 2]).mean, tf.moments(x, [0, 1, 2]).variance),
  },
  // Matrix products.
  {
    name: "matMul",
    shapes: [
      [5, 3],
      [3, 4],
    ],
    fn: (a, b) => tf.matMul(a, b),
  },
  {
    name: "matMul transposeA transposeB",
    shapes: [
      [5, 3],
      [4, 5],
    ],
    fn: (a, b) => tf.matMul(a, b, true, true),
  },
  {
    name: "matMul weight-gradient shape (aᵀ·b, b wider than a)",
    shapes: [
      [40, 3],
      [40, 12],
    ],
    fn: (a, b) => tf.matMul(a, b, true, false),
  },
  {
    name: "matMul b wider than a, no transposes",
    shapes: [
      [2, 30],
      [30, 9],
    ],
    fn: (a, b) => tf.matMul(a, b),
  },
  {
    name: "batchMatMul rank 4",
    shapes: [
      [2, 3, 5, 4],
      [2, 3, 4, 6],
    ],
    fn: (a, b) => tf.matMul(a, b),
  },
  {
    name: "batchMatMul broadcast weight",
    shapes: [
      [2, 5, 4],
      [4, 6],
    ],
    fn: (a, b) => tf.matMul(a, b),
  },
  {
    name: "batchMatMul broadcast batch",
    shapes: [
      [2, 3, 5, 4],
      [1, 3, 4, 6],
    ],
    fn: (a, b) => tf.matMul(a, b),
  },
  {
    name: "batchMatMul one a against a batch of b, transposeA",
    shapes: [
      [4, 5],
      [2, 3, 4, 6],
    ],
    fn: (a, b) => tf.matMul(a, b, true),
  },
  {
    name: "matMul rank-2 a against a rank-4 single b (broadcast outer shape)",
    shapes: [
      [5, 4],
      [1, 1, 4, 6],
    ],
    fn: (a, b) => tf.matMul(a, b),
  },
  {
    name: "matMul deep weight gradient, 300 rows folded from a batch (aᵀ·b)",
    shapes: [
      [3, 100, 7],
      [3, 100, 9],
    ],
    fn: (a, b) => tf.matMul(tf.reshape(a, [300, 7]), tf.reshape(b, [300, 9]), true),
  },
  {
    name: "batchMatMul transposeB (attention scores)",
    shapes: [
      [2, 6, 4],
      [2, 6, 4],
    ],
    fn: (q, k) => tf.matMul(q, k, false, true),
  },
  {
    name: "batchMatMul broadcast, transposeB",
    shapes: [
      [2, 5, 4],
      [6, 4],
    ],
    fn: (a, b) => tf.matMul(a, b, false, true),
  },
  {
    name: "batchMatMul transposeA",
    shapes: [
      [2, 4, 5],
      [2, 4, 6],
    ],
    fn: (a, b) => tf.matMul(a, b, true, false),
  },
  {
    name: "transpose rank 5 (attention heads)",
    shapes: [[2, 3, 3, 2, 4]],
    fn: (x) => tf.transpose(x, [2, 0, 3, 1, 4]),
  },
  { name: "transpose rank 6", shapes: [[2, 1, 3, 2, 2, 3]], fn: (x) => tf.transpose(x, [5, 3, 0, 4, 2, 1]) },
  {
    name: "fused matMul + bias + relu",
    shapes: [[3, 5], [5, 4], [4]],
    fn: (a, b, c) => tf.fused.matMul({ a: a as tf.Tensor2D, b: b as tf.Tensor2D, bias: c, activation: "relu" }),
  },
  // Activations and losses.
  { name: "softmax", shapes: [[3, 7]], fn: (x) => tf.softmax(tf.mul(x, 3)) },
  { name: "logSoftmax", shapes: [[3, 7]], fn: (x) => tf.logSoftmax(tf.mul(x, 3)) },
  {
    name: "softmax cross-entropy",
    shapes: [[3, 7]],
    fn: (x) => tf.losses.softmaxCrossEntropy(tf.oneHot(int([1, 2, 6]), 7), x),
  },
  {
    name: "exp, erf and GELU's density over a wide range (SIMD lanes and the tail: 3·7 values)",
    shapes: [[3, 7]],
    fn: (x) => tf.add(tf.exp(tf.mul(x, 4)), tf.mul(tf.erf(tf.mul(x, 3)), tf.exp(tf.mul(tf.square(x), -0.5)))),
  },
  {
    name: "sigmoid cross-entropy",
    shapes: [[3, 7]],
    fn: (x) => tf.losses.sigmoidCrossEntropy(tf.oneHot(int([1, 2, 6]), 7), x),
  },
  { name: "gelu (erf)", shapes: [[3, 7]], fn: (x) => gelu(tf.mul(x, 3)) },
  { name: "gelu (tanh)", shapes: [[3, 7]], fn: (x) => geluTanh(tf.mul(x, 3)) },
  {
    name: "where / clip / maximum",
    shapes: [[3, 5]],
    fn: (x) =>
      tf.addN([tf.where(tf.greater(x, 0), x, tf.mul(x, 0.1)), tf.clipByValue(x, -0.5, 0.5), tf.maximum(x, 0.2)]),
  },
  // Gather / scatter, incl. efficient stochastic depth.
  { name: "gather axis 0, repeated index", shapes: [[6, 4]], fn: (x) => tf.gather(x, int([0, 2, 2, 5])) },
  { name: "gather axis 1", shapes: [[3, 6, 4]], fn: (x) => tf.gather(x, int([0, 2, 5]), 1) },
  {
    name: "gather batchDims 1",
    shapes: [[3, 6, 4]],
    fn: (x) =>
      tf.gather(
        x,
        int([
          [0, 2],
          [1, 1],
          [5, 4],
        ]),
        1,
        1,
      ),
  },
  { name: "gatherND", shapes: [[6, 4]], fn: (x) => tf.gatherND(x, int([[0], [2], [5]])) },
  {
    name: "gatherND element indices",
    shapes: [[3, 4, 2]],
    fn: (x) =>
      tf.gatherND(
        x,
        int([
          [0, 1],
          [2, 3],
          [0, 1],
        ]),
      ),
  },
  { name: "scatterND, repeated index", shapes: [[3, 4]], fn: (u) => tf.scatterND(int([[0], [2], [2]]), u, [6, 4]) },
  {
    name: "tensorScatterUpdate",
    shapes: [
      [6, 4],
      [3, 4],
    ],
    fn: (x, u) => tf.tensorScatterUpdate(x, int([[0], [2], [5]]), u),
  },
  {
    name: "efficient stochastic depth (gather → branch → scatter-add)",
    shapes: [
      [6, 4, 5],
      [5, 5],
    ],
    fn: (x, w) => {
      const kept = int([0, 2, 5]);
      const branch = tf.mul(tf.relu(tf.matMul(tf.gather(x, kept), w)), 2);
      return tf.add(x, tf.scatterND(tf.expandDims(kept, 1), branch, x.shape));
    },
  },
  {
    name: "unsortedSegmentSum",
    shapes: [[5, 3]],
    fn: (x) => tf.unsortedSegmentSum(x, tf.tensor1d([0, 2, 2, 1, 0], "int32"), 4),
  },
  // Resizing (forward on inputs; the gradient is checked too).
  { name: "resizeBilinear 5→8", shapes: [[2, 5, 5, 3]], fn: (x) => tf.image.resizeBilinear(t4(x), [8, 8]) },
  {
    name: "resizeBilinear 6→3 alignCorners",
    shapes: [[2, 6, 6, 2]],
    fn: (x) => tf.image.resizeBilinear(t4(x), [3, 4], true),
  },
  {
    name: "resizeBilinear half-pixel, forward",
    shapes: [[1, 5, 5, 3]],
    fn: (x) => tf.image.resizeBilinear(t4(x), [7, 9], false, true),
    forwardOnly: true,
  },
  // Shape ops.
  {
    name: "concat / slice / transpose / reshape / split",
    shapes: [[2, 6, 4]],
    fn: (x) => {
      const [a, b] = tf.split(x, 2, 1) as [Tensor, Tensor];
      return tf.concat(
        [
          tf.reshape(tf.transpose(a, [0, 2, 1]), [2, 12]),
          tf.reshape(tf.slice(x, [0, 1, 0], [2, 2, 4]), [2, 8]),
          tf.reshape(b, [2, 12]),
        ],
        1,
      );
    },
  },
  {
    name: "split into unequal sizes on a middle axis, and into 3 on the last (attention's qkv)",
    shapes: [[2, 7, 3, 6]],
    fn: (x) => {
      const [a, b, c] = tf.split(x, [2, 4, 1], 1) as [Tensor, Tensor, Tensor];
      const [q, k, v] = tf.split(x, 3, -1) as [Tensor, Tensor, Tensor];
      return tf.concat([
        tf.reshape(a, [-1]),
        tf.reshape(tf.mul(b, 2), [-1]),
        tf.reshape(tf.mul(c, 3), [-1]),
        tf.reshape(tf.mul(q, 4), [-1]),
        tf.reshape(tf.mul(k, 5), [-1]),
        tf.reshape(tf.mul(v, 6), [-1]),
      ]);
    },
  },
  {
    name: "pad",
    shapes: [[2, 5, 5, 3]],
    fn: (x) =>
      tf.pad(x, [
        [0, 0],
        [1, 2],
        [1, 1],
        [0, 0],
      ]),
  },
  {
    name: "mirrorPad reflect",
    shapes: [[2, 5, 5, 3]],
    fn: (x) =>
      tf.mirrorPad(
        x,
        [
          [0, 0],
          [2, 2],
          [2, 2],
          [0, 0],
        ],
        "reflect",
      ),
  },
];

describe("wasm kernels and gradients match the cpu backend", () => {
  beforeAll(async () => {
    await initBackend({ backend: "wasm" });
  });

  it.each(CASES)("$name", async (c) => {
    const wasm = await evaluate("wasm", c);
    const cpu = await evaluate("cpu", c);
    expect(relativeError(wasm.output, cpu.output), "output").toBeLessThan(1e-4);
    expect(wasm.gradients.length).toBe(c.forwardOnly ? 0 : c.shapes.length);
    wasm.gradients.forEach((g, i) => {
      expect(relativeError(g, cpu.gradients[i] as Float32Array), `gradient of input ${i}`).toBeLessThan(1e-4);
    });
  });
});
