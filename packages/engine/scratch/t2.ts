import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-wasm";
await tf.setBackend("wasm");
const w = new Set(tf.getKernelsForBackend("wasm").map(k => k.kernelName));
const c = tf.getKernelsForBackend("cpu").map(k => k.kernelName);
console.log("in cpu not wasm:", c.filter(k => !w.has(k)).join(" "));
