import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-wasm";
import { register } from "node:module";
register(new URL("./hooks.mjs", import.meta.url));
await import("@tensorflow/tfjs-core/dist/register_all_gradients.js");
await import("@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js");
await tf.setBackend("cpu");
const x = tf.tensor4d([1, 5, 3, 2, 4, 0, 7, 6, 8, 9, 11, 10, 15, 13, 12, 14], [1, 4, 4, 1]);
for (const be of ["cpu", "wasm"]) {
  await tf.setBackend(be);
  const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(x as tf.Tensor4D, 2, 2, "valid"), tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]))))(x);
  console.log(be, "maxpool grad", Array.from(g.dataSync()));
  const x2 = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
  const g2 = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [3, 3]), tf.range(1, 10).reshape([1, 3, 3, 1]))))(x2);
  console.log(be, "resizeNN grad", Array.from(g2.dataSync()), Array.from(tf.image.resizeNearestNeighbor(x2 as tf.Tensor4D, [3, 3]).dataSync()));
  const g3 = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [4, 4]), tf.range(1, 17).reshape([1, 4, 4, 1]))))(x2);
  console.log(be, "resizeNN x2 grad", Array.from(g3.dataSync()));
  const x3 = tf.tensor2d([1, 2, 3, 4, 5, 6], [1, 6]);
  const g4 = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.mirrorPad(x, [[0, 0], [2, 2]], "reflect"), tf.range(1, 11).reshape([1, 10]))))(x3);
  console.log(be, "mirrorPad grad", Array.from(g4.dataSync()), "correct: [1+..]");
}
