// Child process of wasm-threads.test.ts: starts the wasm backend with the thread count given as argv[2],
// runs the XNNPACK-backed kernels training uses (convolutions forward and backward, matmuls, depthwise
// convolution) and seedscope's small GEMM (attention's batched products) on fixed inputs, and prints
// {"threads", "smallGemm", "checksum"} of every output's bytes.
import { createHash } from "node:crypto";
import * as tf from "@tensorflow/tfjs-core";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { simdKernelsFor } from "../simd/heap-module";
import { initBackend } from "../init-backend";

const info = await initBackend({ backend: "wasm", wasmThreads: Number(process.argv[2]) });
const input = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, "float32", seed);
const x = input([16, 12, 12, 8], 1) as tf.Tensor4D;
const w = input([3, 3, 8, 16], 2) as tf.Tensor4D;
const dw = input([3, 3, 16, 1], 3) as tf.Tensor4D;
const a = input([300, 200], 4) as tf.Tensor2D;
const b = input([200, 100], 5) as tf.Tensor2D;
const q = input([4, 3, 10, 8], 6);
const k = input([4, 3, 10, 8], 7);
const loss = (...[xv, wv, dv]: tf.Tensor[]) =>
  tf.sum(
    tf.square(
      tf.depthwiseConv2d(
        tf.relu(tf.conv2d(xv as tf.Tensor4D, wv as tf.Tensor4D, [2, 2], "same")),
        dv as tf.Tensor4D,
        1,
        "same",
      ),
    ),
  );
const outputs = [
  ...tf.grads(loss)([x, w, dw]),
  tf.matMul(a, b),
  tf.matMul(b, a, true, true),
  tf.matMul(q, k, false, true),
  loss(x, w, dw),
].filter((t): t is tf.Tensor => t !== undefined);
const hash = createHash("sha256");
for (const t of outputs) hash.update(Buffer.from((t.dataSync() as Float32Array).buffer));
const smallGemm = simdKernelsFor(tf.backend() as BackendWasm) !== undefined;
console.log(JSON.stringify({ threads: info.threads, smallGemm, checksum: hash.digest("hex") }));
