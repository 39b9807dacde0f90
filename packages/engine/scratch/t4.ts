import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
const t0 = performance.now();
await import("@tensorflow/tfjs-core/dist/register_all_gradients");
console.log("grads loaded in", performance.now() - t0);
await tf.setBackend("cpu");
console.log(tf.grad((x: tf.Tensor) => tf.sum(tf.square(tf.conv2d(x.reshape([1,3,3,1]) as tf.Tensor4D, tf.ones([2,2,1,1]) as tf.Tensor4D, 1, "same"))))(tf.tensor([1, 2, 3, 4, 5, 6, 7, 8, 9])).dataSync());
