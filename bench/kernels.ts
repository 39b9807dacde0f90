// Where a training step's time goes, per kernel: `npm run bench:kernels -- [arch] [px] [batch] [steps]`
// (default resnet8 12 50 20) on the wasm backend, random 1-channel images, the a2 recipe's optimizer (LAMB)
// and BCE loss. Prints the step's wall time (min / median / max: this machine's speed drifts by ±20 %
// from minute to minute, so compare medians of interleaved runs), the optimizer's share, and the kernels by
// total time under tf.profile.
import * as tf from "@tensorflow/tfjs-core";
import { SeededRandom } from "@seedscope/core";
import { initBackend } from "@seedscope/engine";
import { createModel } from "@seedscope/models";
import { getRecipe } from "@seedscope/recipes";
import { classificationLoss, createOptimizer } from "@seedscope/train";

const [arch = "resnet8", sizeArg = "12", batchArg = "50", stepsArg = "20"] = process.argv.slice(2);
const size = Number(sizeArg);
const batch = Number(batchArg);
const steps = Number(stepsArg);
const WARMUP = 3;

const info = await initBackend({ backend: "wasm" });
const rng = SeededRandom.fromSeed(0, "bench");
const model = createModel({ arch, imageSize: size, channels: 1, numClasses: 10 }, rng);
const params = model.parameters.filter((p) => p.trainable);
const optimizer = createOptimizer(getRecipe("a2"), params);
const variables = params.map((p) => p.variable);
const x = tf.randomNormal([batch, size, size, 1]) as tf.Tensor4D;
const y = tf.oneHot(tf.randomUniform([batch], 0, 10, "int32") as tf.Tensor1D, 10).toFloat() as tf.Tensor2D;

let optimizerMs = 0;
const step = () =>
  tf.tidy(() => {
    const { value, grads } = tf.variableGrads(
      () => classificationLoss("bce", model.forward(x, { training: true }), y),
      variables,
    );
    value.dataSync();
    const t = performance.now();
    optimizer.step(
      variables.map((v) => grads[v.name]!),
      0.01,
    );
    optimizerMs += performance.now() - t;
  });

for (let i = 0; i < WARMUP; i++) step();
optimizerMs = 0;
const times: number[] = [];
for (let i = 0; i < steps; i++) {
  const t = performance.now();
  step();
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const median = times[times.length >> 1]!;
console.log(
  `${arch} ${size}×${size} batch ${batch}, wasm ${info.threads} thread(s)${info.simd ? " + SIMD" : ""}: step min ${times[0]!.toFixed(1)} / median ${median.toFixed(1)} / max ${times[times.length - 1]!.toFixed(1)} ms (${((batch * 1000) / median).toFixed(0)} img/s at the median); optimizer ${(optimizerMs / steps).toFixed(1)} ms/step`,
);

const byKernel = new Map<string, { ms: number; calls: number }>();
const profile = await tf.profile(() => {
  for (let i = 0; i < steps; i++) step();
});
for (const k of profile.kernels) {
  const entry = byKernel.get(k.name) ?? { ms: 0, calls: 0 };
  entry.ms += (k.kernelTimeMs as number) / steps;
  entry.calls += 1 / steps;
  byKernel.set(k.name, entry);
}
const total = [...byKernel.values()].reduce((s, e) => s + e.ms, 0);
console.log(
  `under tf.profile: ${total.toFixed(1)} ms of kernels per step, ${Math.round(profile.kernels.length / steps)} kernel calls per step`,
);
console.log("   ms/step  share  calls  kernel");
for (const [name, e] of [...byKernel.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 20)) {
  console.log(
    `${e.ms.toFixed(2).padStart(10)} ${((100 * e.ms) / total).toFixed(1).padStart(5)}% ${String(Math.round(e.calls)).padStart(6)}  ${name}`,
  );
}
