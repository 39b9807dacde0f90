import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import * as wasm from "@tensorflow/tfjs-backend-wasm";
const ok = await tf.setBackend("wasm");
console.log(ok, tf.getBackend(), wasm.getThreadsCount(), tf.env().getBool("WASM_HAS_SIMD_SUPPORT"), tf.env().getBool("WASM_HAS_MULTITHREAD_SUPPORT"), tf.version_core);
console.log(tf.add(tf.tensor([1,2]), 1).dataSync());
