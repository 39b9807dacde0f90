import * as tf from "@tensorflow/tfjs-core";
import { SeededRandom } from "@seedscope/core";
import { initBackend } from "@seedscope/engine";
import { createModel } from "@seedscope/models";
import { loadDigits, TrainLoader, augmentConfigOf } from "@seedscope/data";
import { applyOverrides, getRecipe } from "@seedscope/recipes";
import { createOptimizer } from "./packages/train/src/optimizers/create";
import { classificationLoss } from "./packages/train/src/losses";
import { modelOptionsOf } from "./packages/train/src/model-options";
await initBackend({ backend: "wasm", threads: 1 } as never);
const [name, arch, ...sets] = process.argv.slice(2);
const r = applyOverrides(getRecipe(name!), ["lrScaling.rule=none", "augment.repeatedAugmentations=1", "augment.mixupAlpha=0", "augment.cutmixAlpha=0", "augment.randomErasing=0", "augment.crop.scale=[0.35,1]", ...sets]);
const ds = loadDigits();
const m = createModel({ arch: arch!, imageSize: 28, channels: 1, numClasses: 10, ...modelOptionsOf(r) }, SeededRandom.fromSeed(0, "init"));
const params = m.parameters.filter((p) => p.trainable);
const opt = createOptimizer(r, params.map((p) => ({ name: p.name, variable: p.variable, weightDecay: p.weightDecay })));
const loader = new TrainLoader({ dataset: ds, batchSize: 128, augment: augmentConfigOf(r), random: SeededRandom.fromSeed(0, "data"), outputSize: 28 });
const rms = (t: tf.Tensor) => tf.tidy(() => Math.sqrt(tf.mean(tf.square(t)).dataSync()[0]!));
const watch = params.filter((p, i) => i < 4 || /head|block0\.(crossPatch|post1|mlp)|block5\.post2/.test(p.name)).slice(0, 10);
let step = 0;
for (const b of [...loader.epoch(0), ...loader.epoch(1), ...loader.epoch(2)]) {
  const x = tf.tensor4d(b.images, [b.size, 28, 28, 1]); const y = tf.tensor2d(b.targets, [b.size, 10]);
  const before = watch.map((p) => p.variable.clone());
  let acc = 0;
  const { value, grads } = tf.variableGrads(() => { const lg = m.forward(x, { training: true }); acc = tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(lg, 1), tf.argMax(y, 1)), 'float32')).dataSync()[0]!); return classificationLoss(r.loss, lg, y); }, params.map((p) => p.variable));
  const g = params.map((p) => grads[p.variable.name]!);
  opt.step(g, r.optimizer.lr);
  if (step % 20 === 0) console.log(`step ${step} loss ${value.dataSync()[0]!.toFixed(4)} acc ${acc.toFixed(3)}`);
  if (process.env.VERBOSE && step % 10 === 0) {
    console.log(`step ${step} loss ${value.dataSync()[0]!.toFixed(4)}`);
    watch.forEach((p, i) => console.log(`  ${p.name.padEnd(28)} w ${rms(before[i]!).toExponential(2)} g ${rms(grads[p.variable.name]!).toExponential(2)} dw ${tf.tidy(() => rms(tf.sub(p.variable, before[i]!))).toExponential(2)}`));
  }
  tf.dispose([x, y, value, ...Object.values(grads), ...before]);
  if (++step >= 160) break;
}
