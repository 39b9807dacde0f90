import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-wasm";
import { register } from "node:module";
register(new URL("./hooks.mjs", import.meta.url));
await import("@tensorflow/tfjs-core/dist/register_all_gradients.js");
await import("@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js");
await tf.setBackend("wasm");
tf.env().set("DEBUG", false);
let s = 1;
const rnd = (shape: number[]) => { const n = shape.reduce((a, b) => a * b, 1); const v = new Float32Array(n); for (let i = 0; i < n; i++) { s = (s * 16807) % 2147483647; v[i] = (s / 2147483647) * 2 - 1; } return tf.tensor(v, shape); };
type Case = [string, () => tf.Tensor[], (...xs: tf.Tensor[]) => tf.Scalar];
const gelu = (x: tf.Tensor) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.div(x, Math.SQRT2))));
const cases: Case[] = [
  ["conv2d s1 same", () => [rnd([2, 5, 5, 3]), rnd([3, 3, 3, 4])], (x, w) => tf.sum(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, "same"))],
  ["conv2d s2 valid", () => [rnd([2, 5, 5, 3]), rnd([3, 3, 3, 4])], (x, w) => tf.sum(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 2, "valid"))],
  ["depthwise", () => [rnd([2, 5, 5, 3]), rnd([3, 3, 3, 1])], (x, w) => tf.sum(tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, "same"))],
  ["depthwise mult2 s2", () => [rnd([2, 5, 5, 3]), rnd([3, 3, 3, 2])], (x, w) => tf.sum(tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, 2, "same"))],
  ["separable", () => [rnd([2, 5, 5, 3]), rnd([3, 3, 3, 1]), rnd([1, 1, 3, 4])], (x, w, p) => tf.sum(tf.separableConv2d(x as tf.Tensor4D, w as tf.Tensor4D, p as tf.Tensor4D, 1, "same"))],
  ["maxpool", () => [rnd([2, 6, 6, 3])], (x) => tf.sum(tf.maxPool(x as tf.Tensor4D, 2, 2, "valid"))],
  ["maxpool 3 s2 same", () => [rnd([2, 7, 7, 3])], (x) => tf.sum(tf.maxPool(x as tf.Tensor4D, 3, 2, "same"))],
  ["avgpool", () => [rnd([2, 6, 6, 3])], (x) => tf.sum(tf.avgPool(x as tf.Tensor4D, 2, 2, "valid"))],
  ["global avg (mean)", () => [rnd([2, 6, 6, 3])], (x) => tf.sum(tf.square(tf.mean(x, [1, 2])))],
  ["batchnorm moments", () => [rnd([4, 3, 3, 5]), rnd([5]), rnd([5])], (x, g, b) => { const m = tf.moments(x, [0, 1, 2]); return tf.sum(tf.square(tf.add(tf.mul(tf.mul(tf.sub(x, m.mean), tf.rsqrt(tf.add(m.variance, 1e-5))), g), b))); }],
  ["tf.batchNorm", () => [rnd([4, 3, 3, 5]), rnd([5]), rnd([5])], (x, g, b) => { const m = tf.moments(x, [0, 1, 2]); return tf.sum(tf.square(tf.batchNorm(x, m.mean, m.variance, b, g, 1e-5))); }],
  ["layernorm", () => [rnd([2, 7, 8])], (x) => { const m = tf.moments(x, -1, true); return tf.sum(tf.square(tf.div(tf.sub(x, m.mean), tf.sqrt(tf.add(m.variance, 1e-6))))); }],
  ["matmul tA tB", () => [rnd([5, 3]), rnd([4, 5])], (a, b) => tf.sum(tf.square(tf.matMul(a, b, true, true)))],
  ["batchMatMul", () => [rnd([2, 3, 5, 4]), rnd([2, 3, 4, 6])], (a, b) => tf.sum(tf.square(tf.matMul(a, b)))],
  ["batchMatMul bcast", () => [rnd([2, 5, 4]), rnd([4, 6])], (a, b) => tf.sum(tf.square(tf.matMul(a, b)))],
  ["softmax", () => [rnd([3, 7])], (x) => tf.sum(tf.square(tf.softmax(x)))],
  ["logSoftmax CE", () => [rnd([3, 7])], (x) => tf.neg(tf.sum(tf.mul(tf.logSoftmax(x), tf.oneHot([1, 2, 6], 7))))],
  ["softmaxCE", () => [rnd([3, 7])], (x) => tf.sum(tf.losses.softmaxCrossEntropy(tf.oneHot([1, 2, 6], 7), x))],
  ["sigmoidCE (BCE)", () => [rnd([3, 7])], (x) => tf.sum(tf.losses.sigmoidCrossEntropy(tf.oneHot([1, 2, 6], 7), x))],
  ["logSumExp", () => [rnd([3, 7])], (x) => tf.sum(tf.logSumExp(x, -1))],
  ["gelu erf", () => [rnd([3, 7])], (x) => tf.sum(tf.square(gelu(x)))],
  ["gelu tanh", () => [rnd([3, 7])], (x) => tf.sum(tf.square(tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(tf.mul(0.7978845608, tf.add(x, tf.mul(0.044715, tf.pow(x, 3)))))))))],
  ["relu6 elu selu leaky sigmoid softplus", () => [rnd([3, 7])], (x) => tf.sum(tf.addN([tf.relu6(x), tf.elu(x), tf.selu(x), tf.leakyRelu(x), tf.sigmoid(x), tf.softplus(x), tf.abs(x), tf.relu(x)]))],
  ["gather + grad", () => [rnd([6, 4])], (x) => tf.sum(tf.square(tf.gather(x, tf.tensor1d([0, 2, 2, 5], "int32"))))],
  ["gather axis1 + grad", () => [rnd([3, 6, 4])], (x) => tf.sum(tf.square(tf.gather(x, tf.tensor1d([0, 2, 5], "int32"), 1)))],
  ["gather batchDims", () => [rnd([3, 6, 4])], (x) => tf.sum(tf.square(tf.gather(x, tf.tensor2d([[0, 2], [1, 1], [5, 4]], [3, 2], "int32"), 1, 1)))],
  ["scatterND", () => [rnd([3, 4])], (u) => tf.sum(tf.square(tf.scatterND(tf.tensor2d([[0], [2], [5]], [3, 1], "int32"), u, [6, 4])))],
  ["tensorScatterUpdate", () => [rnd([6, 4]), rnd([3, 4])], (x, u) => tf.sum(tf.square(tf.tensorScatterUpdate(x, tf.tensor2d([[0], [2], [5]], [3, 1], "int32"), u)))],
  ["gatherND", () => [rnd([6, 4])], (x) => tf.sum(tf.square(tf.gatherND(x, tf.tensor2d([[0], [2], [5]], [3, 1], "int32"))))],
  ["resizeBilinear", () => [rnd([2, 5, 5, 3])], (x) => tf.sum(tf.square(tf.image.resizeBilinear(x as tf.Tensor4D, [8, 8])))],
  ["resizeBilinear ac", () => [rnd([2, 5, 5, 3])], (x) => tf.sum(tf.square(tf.image.resizeBilinear(x as tf.Tensor4D, [3, 7], true)))],
  ["resizeNN", () => [rnd([2, 5, 5, 3])], (x) => tf.sum(tf.square(tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [8, 8])))],
  ["mirrorPad reflect", () => [rnd([2, 5, 5, 3])], (x) => tf.sum(tf.square(tf.mul(tf.mirrorPad(x, [[0, 0], [2, 2], [2, 2], [0, 0]], "reflect"), tf.range(0, 9 * 9 * 3).reshape([9, 9, 3]))))],
  ["pad", () => [rnd([2, 5, 5, 3])], (x) => tf.sum(tf.square(tf.pad(x, [[0, 0], [1, 2], [1, 1], [0, 0]])))],
  ["slice/concat/split/stack/transpose/tile", () => [rnd([2, 6, 4])], (x) => { const [a, b] = tf.split(x, 2, 1); return tf.sum(tf.square(tf.concat([tf.transpose(a!, [0, 2, 1]).reshape([2, 12]), tf.tile(tf.slice(x, [0, 1, 0], [2, 2, 4]), [1, 1, 1]).reshape([2, 8]), tf.stack([b!, b!]).reshape([2, 24])], 1))); }],
  ["stridedSlice", () => [rnd([2, 6, 4])], (x) => tf.sum(tf.square(tf.stridedSlice(x, [0, 1, 0], [2, 5, 4], [1, 2, 1])))],
  ["broadcastTo", () => [rnd([1, 4])], (x) => tf.sum(tf.square(tf.mul(tf.broadcastTo(x, [3, 4]), tf.range(0, 12).reshape([3, 4]))))],
  ["min/max/prod/cumsum", () => [rnd([3, 5])], (x) => tf.addN([tf.sum(tf.max(x, 1)), tf.sum(tf.min(x, 0)), tf.sum(tf.prod(tf.add(x, 2), 1)), tf.sum(tf.square(tf.cumsum(x, 1)))])],
  ["clip/where/maximum/minimum", () => [rnd([3, 5])], (x) => tf.sum(tf.addN([tf.clipByValue(x, -0.5, 0.5), tf.where(tf.greater(x, 0), x, tf.mul(x, 2)), tf.maximum(x, 0.1), tf.minimum(x, 0.1)]))],
  ["sqrt/rsqrt/pow/exp/log/div/atan2", () => [rnd([3, 5])], (x) => { const p = tf.add(tf.abs(x), 0.5); return tf.sum(tf.addN([tf.sqrt(p), tf.rsqrt(p), tf.pow(p, 1.5), tf.pow(p, p), tf.exp(x), tf.log(p), tf.div(x, p), tf.atan2(x, p), tf.squaredDifference(x, p), tf.reciprocal(p), tf.log1p(p), tf.tanh(x), tf.sin(x), tf.cos(x)])); }],
  ["norm / l2normalize", () => [rnd([3, 5])], (x) => tf.add(tf.norm(x), tf.sum(tf.square(tf.div(x, tf.norm(x, "euclidean", -1, true)))))],
  ["dropout mask mul", () => [rnd([3, 5])], (x) => tf.sum(tf.mul(x, tf.cast(tf.greater(tf.range(0, 15).reshape([3, 5]), 7), "float32")))],
  ["argMax/topk/equal (no grad)", () => [rnd([3, 5])], (x) => { tf.topk(x, 2); tf.cast(tf.equal(tf.argMax(x, 1), tf.tensor1d([1, 2, 3], "int32")), "float32").mean(); return tf.sum(x); }],
  ["unsortedSegmentSum", () => [rnd([5, 3])], (x) => tf.sum(tf.square(tf.unsortedSegmentSum(x, tf.tensor1d([0, 2, 2, 1, 0], "int32"), 4)))],
  ["einsum", () => [rnd([2, 3, 4]), rnd([2, 4, 5])], (a, b) => tf.sum(tf.einsum("bij,bjk->bik", a, b))],
  ["conv1d", () => [rnd([2, 7, 3]), rnd([3, 3, 4])], (x, w) => tf.sum(tf.conv1d(x as tf.Tensor3D, w as tf.Tensor3D, 1, "same"))],
  ["conv2dTranspose", () => [rnd([2, 4, 4, 4]), rnd([3, 3, 3, 4])], (x, w) => tf.sum(tf.square(tf.conv2dTranspose(x as tf.Tensor4D, w as tf.Tensor4D, [2, 8, 8, 3], 2, "same")))],
  ["conv2d dilation2", () => [rnd([2, 7, 7, 3]), rnd([3, 3, 3, 4])], (x, w) => tf.sum(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, "same", "NHWC", 2))],
  ["fused conv relu bias", () => [rnd([2, 5, 5, 3]), rnd([3, 3, 3, 4]), rnd([4])], (x, w, b) => tf.sum(tf.fused.conv2d({ x: x as tf.Tensor4D, filter: w as tf.Tensor4D, strides: 1, pad: "same", bias: b, activation: "relu" }))],
  ["fused matmul gelu? relu", () => [rnd([3, 5]), rnd([5, 4]), rnd([4])], (a, b, c) => tf.sum(tf.square(tf.fused.matMul({ a: a as tf.Tensor2D, b: b as tf.Tensor2D, bias: c, activation: "relu" })))],
];
const grads = (be: string, c: Case) => tf.tidy(() => { const xs = c[1](); const g = tf.grads(c[2])(xs); return g.map(t => t.dataSync().slice()); });
for (const c of cases) {
  let line = c[0].padEnd(42);
  try {
    await tf.setBackend("wasm"); s = 1; const gw = grads("wasm", c);
    await tf.setBackend("cpu"); s = 1; const gc = grads("cpu", c);
    let md = 0, mx = 0; gw.forEach((g, i) => g.forEach((v, j) => { md = Math.max(md, Math.abs(v - gc[i]![j]!)); mx = Math.max(mx, Math.abs(gc[i]![j]!)); }));
    line += `ok  maxdiff ${md.toExponential(2)} (max ${mx.toFixed(2)})`;
  } catch (e) { line += "FAIL " + (e as Error).message.split("\n")[0]; }
  console.log(line);
}
// optimizers
for (const name of ["adam", "sgd", "momentum", "rmsprop", "adamax", "adagrad", "adadelta"]) {
  await tf.setBackend("wasm");
  try {
    const v = tf.variable(tf.ones([3, 4]));
    const opt = name === "adam" ? tf.train.adam(0.01) : name === "sgd" ? tf.train.sgd(0.1) : name === "momentum" ? tf.train.momentum(0.1, 0.9, true) : name === "rmsprop" ? tf.train.rmsprop(0.01, 0.9, 0.9, 1e-7, true) : name === "adamax" ? tf.train.adamax(0.01) : name === "adagrad" ? tf.train.adagrad(0.1) : tf.train.adadelta(0.1);
    for (let i = 0; i < 2; i++) opt.minimize(() => tf.sum(tf.square(v)));
    console.log("opt", name, "ok", v.dataSync()[0]);
  } catch (e) { console.log("opt", name, "FAIL", (e as Error).message); }
}
