// One cell of the training-speed bench: one architecture on one backend, in a process of its own (tfjs
// backends are process-global, and the wasm heap never shrinks, so a fresh process also gives a clean
// peak memory). Run by bench/train.ts as `tsx bench/train-cell.ts '<CellRequest JSON>'`; prints one
// line `@@cell <CellResult JSON>`. Given a GemmRequest instead, it measures the backend's GEMM peak
// (large square matMuls, on the backend initialised exactly as for a cell) and prints `@@gemm <GemmResult JSON>`.
import * as tf from "@tensorflow/tfjs-core";
import { SeededRandom } from "@seedscope/core";
import { initBackend, MemoryTracker, type BackendInfo } from "@seedscope/engine";
import { createModel } from "@seedscope/models";
import { applyOverrides, getRecipe } from "@seedscope/recipes";
import { classificationLoss, createOptimizer } from "@seedscope/train";
import {
  CELL_MARKER,
  type CellRequest,
  type CellResult,
  type CellTimings,
  type ChildRequest,
  GEMM_MARKER,
  type GemmRequest,
  type GemmResult,
  type GemmSize,
} from "./train-protocol";

const NUM_CLASSES = 10;
const CHANNELS = 1;

interface Sample {
  readonly forward: number;
  readonly grads: number;
  readonly optimizer: number;
}

interface Batch {
  readonly x: tf.Tensor4D;
  readonly y: tf.Tensor2D;
}

function randomBatch(rng: SeededRandom, size: number, imageSize: number): Batch {
  const images = Float32Array.from({ length: size * imageSize * imageSize * CHANNELS }, () => rng.normal());
  const labels = Int32Array.from({ length: size }, () => rng.int(NUM_CLASSES));
  return {
    x: tf.tensor4d(images, [size, imageSize, imageSize, CHANNELS]),
    y: tf.tidy(() => tf.oneHot(tf.tensor1d(labels, "int32"), NUM_CLASSES).toFloat() as tf.Tensor2D),
  };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function measure(req: CellRequest, info: BackendInfo): CellTimings {
  const rng = SeededRandom.fromSeed(0, "bench");
  const model = createModel({ arch: req.arch, imageSize: req.size, channels: CHANNELS, numClasses: NUM_CLASSES }, rng);
  // The same optimizer for every architecture, and the PyTorch peer's: SGD, momentum 0.9, weight decay 1e-4.
  const recipe = applyOverrides(getRecipe("stpp"), ["optimizer.momentum=0.9", "optimizer.nesterov=false"]);
  const params = model.parameters.filter((p) => p.trainable);
  const optimizer = createOptimizer(recipe, params);
  const variables = params.map((p) => p.variable);
  const memory = new MemoryTracker();

  // cpu and wasm (and tfjs-node) run ops eagerly and synchronously, so wall-clock time around the calls
  // is the compute time; dataSync() of the loss is what the trainer does each step anyway.
  const iterate = (batch: Batch): Sample => {
    const loss = (): tf.Scalar => {
      const value = classificationLoss("ce", model.forward(batch.x, { training: true }), batch.y);
      memory.sample(); // every forward activation is still alive here
      return value;
    };
    const t0 = performance.now();
    tf.tidy(() => loss().dataSync());
    const t1 = performance.now();
    let t2 = t1;
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(loss, variables);
      value.dataSync();
      memory.sample();
      t2 = performance.now();
      optimizer.step(
        variables.map((v) => grads[v.name]!),
        0.01,
      );
      memory.sample();
    });
    return { forward: t1 - t0, grads: t2 - t1, optimizer: performance.now() - t2 };
  };

  // Where a step at the requested batch would not fit half the budget (the cpu backend's conv gradients),
  // the cell runs at a smaller batch. A cold one-image step that predicts it fits settles it; else, as
  // per-step overheads make one image a pessimistic predictor, the batch doubles from 1 while the next
  // step would fit.
  const stepS = (s: Sample) => (s.forward + s.grads + s.optimizer) / 1000;
  let batchSize = req.batch;
  let probe = iterate(randomBatch(rng, 1, req.size));
  if (req.batch * stepS(probe) > req.budgetS / 2) {
    batchSize = 1;
    probe = iterate(randomBatch(rng, 1, req.size));
    while (batchSize < req.batch && 2 * stepS(probe) <= req.budgetS / 2) {
      batchSize = Math.min(2 * batchSize, req.batch);
      probe = iterate(randomBatch(rng, batchSize, req.size));
    }
  }
  const batch = randomBatch(rng, batchSize, req.size);
  memory.reset();

  const start = performance.now();
  const elapsedS = () => (performance.now() - start) / 1000;
  const warm: Sample[] = [];
  do warm.push(iterate(batch));
  while (warm.length < req.warmup && elapsedS() < req.budgetS / 3);
  const measured: Sample[] = [];
  while (measured.length < req.steps && elapsedS() < req.budgetS) measured.push(iterate(batch));
  const samples = measured.length > 0 ? measured : warm;

  const stepMs = median(samples.map((s) => s.grads + s.optimizer));
  const peak = memory.peak();
  const cellPeak =
    req.cellPeakSizes.length === 0
      ? null
      : Math.max(
          ...measureGemm({
            kind: "gemm",
            backend: req.backend,
            sizes: req.cellPeakSizes,
            warmup: 2,
            reps: 5,
            budgetS: 3,
          }).map((g) => g.gflops),
        );
  return {
    threads: info.threads,
    simd: info.simd,
    params: model.paramCount,
    forwardMacsPerImage: model.flopsPerImage,
    batch: batchSize,
    warmupSteps: warm.length,
    measuredSteps: measured.length,
    cold: measured.length === 0,
    stepMs,
    forwardMs: median(samples.map((s) => s.forward)),
    backwardMs: median(samples.map((s) => s.grads - s.forward)),
    optimizerMs: median(samples.map((s) => s.optimizer)),
    imagesPerSecond: (batchSize * 1000) / stepMs,
    tensorsMB: peak.tensorsMB,
    wasmHeapMB: peak.wasmHeapMB,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    cellPeakGflops: cellPeak,
  };
}

/**
 * Best GFLOP/s of a float32 n×n · n×n tf.matMul per size: `warmup` products, then timed ones. cpu, wasm
 * and tfjs-node's CPU build run the kernel synchronously inside tf.matMul, so the wall-clock time of the
 * call is the compute; on a GPU the timed product also reads its result back.
 */
function measureGemm(req: GemmRequest): GemmSize[] {
  return req.sizes.map((n) => {
    const [a, b] = [1, 2].map((seed) => tf.randomNormal([n, n], 0, 1, "float32", seed) as tf.Tensor2D) as [
      tf.Tensor2D,
      tf.Tensor2D,
    ];
    const start = performance.now();
    for (let i = 0; i < req.warmup; i++) tf.matMul(a, b).dispose();
    let best = Number.POSITIVE_INFINITY;
    let reps = 0;
    do {
      const t0 = performance.now();
      const c = tf.matMul(a, b);
      if (req.backend === "tensorflow-gpu") c.dataSync();
      best = Math.min(best, performance.now() - t0);
      c.dispose();
      reps++;
    } while (reps < req.reps && performance.now() - start < req.budgetS * 1000);
    a.dispose();
    b.dispose();
    return { n, reps, bestMs: best, gflops: (2 * n ** 3) / (best * 1e6) };
  });
}

async function gemmMain(req: GemmRequest): Promise<GemmResult> {
  let loaded = false;
  try {
    const info = await initBackend({ backend: req.backend, wasmThreads: req.wasmThreads ?? 1 });
    loaded = true;
    const sizes = measureGemm(req);
    return {
      ok: true,
      backend: req.backend,
      threads: info.threads,
      simd: info.simd,
      sizes,
      peakGflops: Math.max(...sizes.map((s) => s.gflops)),
    };
  } catch (error) {
    return { ok: false, backend: req.backend, loaded, error: firstLine(error) };
  }
}

const firstLine = (error: unknown): string =>
  error instanceof Error ? (error.message.split("\n")[0] ?? error.message) : String(error);

async function cellMain(req: CellRequest): Promise<CellResult> {
  let loaded = false;
  try {
    const info = await initBackend({ backend: req.backend, wasmThreads: req.wasmThreads ?? 1 });
    loaded = true;
    return { ok: true, backend: req.backend, arch: req.arch, ...measure(req, info) };
  } catch (error) {
    return { ok: false, backend: req.backend, arch: req.arch, loaded, error: firstLine(error) };
  }
}

async function main(): Promise<void> {
  const req = JSON.parse(process.argv[2] ?? "") as ChildRequest;
  const line =
    req.kind === "gemm"
      ? `${GEMM_MARKER}${JSON.stringify(await gemmMain(req))}`
      : `${CELL_MARKER}${JSON.stringify(await cellMain(req))}`;
  process.stdout.write(`${line}\n`);
}

if (process.argv[1]?.endsWith("train-cell.ts")) await main();
