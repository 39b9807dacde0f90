// Efficient stochastic depth (cosub §4: the branch runs on round(B·(1 − τ)) gathered samples) against
// masked stochastic depth (the branch runs on the whole batch, dropped samples zeroed): seconds per
// forward + backward at several drop rates, on a ViT and a ResNet, with the speed-up ESD gives.
//   npx tsx bench/esd.ts [--archs vit-tiny,resnet20] [--taus 0.1,0.3,0.5] [--batch 64] [--size 16]
//                        [--steps 15] [--warmup 2] [--backend wasm]
import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs-core";
import { SeededRandom } from "@seedscope/core";
import { initBackend, isBackendName } from "@seedscope/engine";
import { createModel, type Model } from "@seedscope/models";
import { branchDropRates, sampleDrops, softTargetCrossEntropy, type DropMode } from "@seedscope/train";

const { values: opts } = parseArgs({
  options: {
    archs: { type: "string", default: "vit-tiny,resnet20" },
    taus: { type: "string", default: "0.1,0.3,0.5" },
    batch: { type: "string", default: "64" },
    size: { type: "string", default: "16" },
    steps: { type: "string", default: "15" },
    warmup: { type: "string", default: "2" },
    backend: { type: "string", default: "wasm" },
  },
});
const batch = Number(opts.batch);
const size = Number(opts.size);
const steps = Number(opts.steps);
const warmup = Number(opts.warmup);
const taus = (opts.taus ?? "").split(",").map(Number);
const backendName = opts.backend ?? "wasm";
if (!isBackendName(backendName)) throw new Error(`unknown backend ${backendName}`);

type Mode = DropMode | "none";

/** Seconds of one forward + backward under fresh drops of `mode` at rate τ. */
function step(
  model: Model,
  rates: readonly number[],
  mode: Mode,
  random: SeededRandom,
  x: tf.Tensor4D,
  y: tf.Tensor2D,
): number {
  const drops = mode === "none" ? undefined : sampleDrops(rates, batch, mode, random);
  const t0 = performance.now();
  tf.tidy(() => {
    const { grads } = tf.variableGrads(
      () => softTargetCrossEntropy(model.forward(x, { training: true, ...(drops ? { drops } : {}) }), y),
      [...model.trainableVariables],
    );
    // reading every gradient makes sure the step is finished
    for (const g of Object.values(grads)) g.dataSync();
  });
  return (performance.now() - t0) / 1000;
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

/**
 * Median seconds per step of each mode. The modes take turns step by step, so that a change in the
 * machine's load (these cores are shared) hits all of them alike.
 */
function timeModes(model: Model, tau: number, x: tf.Tensor4D, y: tf.Tensor2D): Record<Mode, number> {
  const rates = branchDropRates({ rate: tau, rule: "uniform" }, model.branches.length);
  const modes: Mode[] = ["none", "mask", "subset"];
  const randoms = modes.map((m) => SeededRandom.fromSeed(0, `bench/${m}`));
  const times: number[][] = modes.map(() => []);
  for (let s = 0; s < warmup + steps; s++) {
    modes.forEach((m, i) => {
      const t = step(model, rates, m, randoms[i]!, x, y);
      if (s >= warmup) times[i]!.push(t);
    });
  }
  return { none: median(times[0]!), mask: median(times[1]!), subset: median(times[2]!) };
}

const info = await initBackend({ backend: backendName });
console.log(
  `backend ${info.name}, batch ${batch}, ${size}×${size}, median of ${steps} interleaved steps per mode after ${warmup} warm-up`,
);
const x = tf.randomUniform([batch, size, size, 1], 0, 1, "float32", 1) as tf.Tensor4D;
const y = tf
  .oneHot(
    tf.tensor1d(
      Array.from({ length: batch }, (_, i) => i % 10),
      "int32",
    ),
    10,
  )
  .toFloat() as tf.Tensor2D;
const rows: string[][] = [["arch", "τ", "no drop ms", "mask ms", "ESD ms", "ESD speed-up", "ideal"]];
for (const arch of (opts.archs ?? "").split(",").filter(Boolean)) {
  const model = createModel({ arch, imageSize: size, channels: 1, numClasses: 10 }, SeededRandom.fromSeed(0, "init"));
  for (const tau of taus) {
    const t = timeModes(model, tau, x, y);
    // ESD runs each branch on (1 − τ) of the batch; stem and head stay: 1/(1 − τ) bounds the speed-up
    rows.push([
      arch,
      tau.toFixed(2),
      (t.none * 1000).toFixed(1),
      (t.mask * 1000).toFixed(1),
      (t.subset * 1000).toFixed(1),
      `${(t.mask / t.subset).toFixed(2)}×`,
      `≤ ${(1 / (1 - tau)).toFixed(2)}×`,
    ]);
  }
  model.dispose();
}
const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
for (const r of rows) console.log(r.map((cell, c) => cell.padStart(widths[c]!)).join("  "));
