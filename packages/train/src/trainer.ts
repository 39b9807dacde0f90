import * as tf from "@tensorflow/tfjs-core";
import { isCollapsed, SeededRandom, UserError, type MetricPoint, type Recipe, type RunSummary } from "@seedscope/core";
import { augmentConfigOf, positionRandom, TrainLoader, type Dataset } from "@seedscope/data";
import { commitEpoch, finishRun, heartbeat, type Store } from "@seedscope/db";
import { MemoryTracker } from "@seedscope/engine";
import { effectiveLr } from "@seedscope/recipes";
import type { Model } from "@seedscope/models";
import { encodeCheckpoint, type TrainingState } from "./checkpoint";
import type { Ema } from "./ema";
import { evaluateSplit, type EvaluateOptions, type SplitEvaluation } from "./evaluate";
import { clipByGlobalNorm } from "./grad-clip";
import { createMethod } from "./methods/create";
import type { StepInput } from "./methods/method";
import type { Optimizer } from "./optimizers/optimizer";
import { learningRate } from "./schedule";

export interface TrainingProgress {
  readonly runId: number;
  readonly phase: "train" | "eval";
  /** 1-based epoch being trained or evaluated. */
  readonly epoch: number;
  readonly epochs: number;
  /** Steps done in this epoch. */
  readonly step: number;
  readonly stepsPerEpoch: number;
  /** Mean training loss of this epoch so far. */
  readonly loss: number;
  readonly imagesPerSecond: number;
  /** Seconds left for the whole run, from this session's speed; null until a step is done. */
  readonly etaSeconds: number | null;
}

export interface LoopContext {
  readonly store: Store;
  readonly runId: number;
  /** The fencing token every write to the run carries; null for unfenced callers (tests). */
  readonly lease: number | null;
  readonly recipe: Recipe;
  readonly seed: number;
  readonly dataset: Dataset;
  readonly model: Model;
  readonly optimizer: Optimizer;
  readonly ema: Ema | null;
  readonly startEpoch: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: TrainingProgress) => void;
  /** Receives each of the method's setup warnings once per session; default: written to stderr with the run id. */
  readonly onNotice?: (message: string) => void;
  readonly evalBatchSize: number;
  /** How often a heartbeat is sent while an epoch runs. */
  readonly heartbeatMs: number;
  /**
   * Stop (as `interrupted`, resumable) once this many epochs are committed, with the recipe's full
   * schedule: a verification that reruns only the first epochs of a run.
   */
  readonly stopAfterEpochs?: number;
}

export type LoopStatus = "finished" | "diverged" | "interrupted";
export interface LoopOutcome {
  readonly status: LoopStatus;
  readonly epochsDone: number;
  readonly summary: RunSummary;
  readonly reason?: string;
  /** Finished, but at chance: learned nothing. */
  readonly collapsed?: boolean;
}

const EVAL_SPLITS = ["val", "v2"] as const;

/**
 * Trains from `startEpoch` to the recipe's last epoch, committing each epoch (metrics + checkpoint) to
 * the store in one transaction, then finishes the run. Stops early as `diverged` on a non-finite loss,
 * or `interrupted` when the signal aborts (the partial epoch is dropped; the last checkpoint stays).
 */
export async function trainingLoop(ctx: LoopContext): Promise<LoopOutcome> {
  const { recipe, model, dataset, optimizer, store, runId } = ctx;
  const augment = augmentOf(ctx);
  const loader = new TrainLoader({
    dataset,
    batchSize: recipe.batchSize,
    augment,
    random: SeededRandom.fromSeed(ctx.seed, "data"),
    outputSize: recipe.resolution,
  });
  const stepRandom = SeededRandom.fromSeed(ctx.seed, "layer-drop");
  const method = createMethod({ recipe, model, dataset, seed: ctx.seed, augment });
  const notice = ctx.onNotice ?? ((message: string) => process.stderr.write(`run ${runId}: warning: ${message}\n`));
  for (const message of method.notices ?? []) notice(message);
  const stepsPerEpoch = loader.batchesPerEpoch;
  const schedule = { schedule: recipe.schedule, peakLr: effectiveLr(recipe), stepsPerEpoch, epochs: recipe.epochs };
  const params = model.parameters.filter((p) => p.trainable);
  const shape = [recipe.batchSize, recipe.resolution, recipe.resolution, dataset.shape.channels] as const;
  const memory = new MemoryTracker();
  const sessionStart = performance.now();
  let sessionImages = 0;
  let summary: RunSummary = {};
  let lastBeat = Date.now();

  for (let epoch = ctx.startEpoch; epoch < recipe.epochs; epoch++) {
    const epochStart = performance.now();
    const points: MetricPoint[] = [];
    let lossSum = 0;
    let trainSeconds = 0;
    let step = 0;
    for (const batch of loader.epoch(epoch)) {
      // Training is synchronous and PGlite's promises settle without I/O: give the event loop a turn so
      // signals (Ctrl-C), timers and terminal output are handled between steps.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (ctx.signal?.aborted) return interrupt(ctx, epoch, "stopped by the user");
      const globalStep = epoch * stepsPerEpoch + step;
      const lr = learningRate(schedule, globalStep);
      const stepStart = performance.now();
      const loss = tf.tidy(() => {
        const x = tf.tensor4d(batch.images, [batch.size, shape[1], shape[2], shape[3]]);
        const y = tf.tensor2d(batch.targets, [batch.size, dataset.numClasses]);
        const input: StepInput = {
          x,
          y,
          batch,
          epoch,
          step,
          stepsPerEpoch,
          random: (purpose) => positionRandom(stepRandom, purpose, epoch, step),
        };
        const { value, grads } = tf.variableGrads(
          () => {
            const loss = method.loss(input);
            memory.sample(); // every activation of the forward pass is alive here: the step's tensor peak
            return loss;
          },
          params.map((p) => p.variable),
        );
        let ordered = params.map((p) => grads[p.variable.name]!);
        if (recipe.gradClipNorm !== null) ordered = clipByGlobalNorm(ordered, recipe.gradClipNorm).grads;
        const lossValue = value.dataSync()[0]!;
        if (Number.isFinite(lossValue)) optimizer.step(ordered, lr);
        return lossValue;
      });
      memory.sample();
      if (!Number.isFinite(loss)) {
        return diverge(ctx, epoch, globalStep, loss);
      }
      ctx.ema?.update();
      trainSeconds += (performance.now() - stepStart) / 1000;
      sessionImages += batch.size;
      lossSum += loss;
      step++;
      points.push(
        { key: "train/step_loss", step: globalStep, value: loss },
        { key: "lr", step: globalStep, value: lr },
      );
      if (Date.now() - lastBeat > ctx.heartbeatMs) {
        lastBeat = Date.now();
        if (!(await heartbeat(store, runId, ctx.lease))) return lostRun(ctx, epoch);
      }
      const speed = sessionImages / ((performance.now() - sessionStart) / 1000);
      const imagesLeft = ((recipe.epochs - epoch) * stepsPerEpoch - step) * recipe.batchSize;
      ctx.onProgress?.({
        runId,
        phase: "train",
        epoch: epoch + 1,
        epochs: recipe.epochs,
        step,
        stepsPerEpoch,
        loss: lossSum / step,
        imagesPerSecond: speed,
        etaSeconds: speed > 0 ? imagesLeft / speed : null,
      });
    }
    ctx.onProgress?.({
      runId,
      phase: "eval",
      epoch: epoch + 1,
      epochs: recipe.epochs,
      step,
      stepsPerEpoch,
      loss: lossSum / step,
      imagesPerSecond: sessionImages / ((performance.now() - sessionStart) / 1000),
      etaSeconds: null,
    });
    const epochsDone = epoch + 1;
    summary = evaluateAll(ctx, points, epochsDone);
    const extra = method.endOfEpoch(
      epochsDone,
      (network, split) => evaluateSplit(network, dataset, split, evalOptions(ctx)),
      summary,
    );
    points.push(...extra.points);
    summary = { ...summary, ...extra.summary };
    memory.sample();
    const peak = memory.peak();
    const peakMemoryMb = peak.rssMB;
    const throughput = (step * recipe.batchSize) / trainSeconds;
    points.push(
      { key: "train/loss", step: epochsDone, value: lossSum / step },
      { key: "time/epoch_s", step: epochsDone, value: (performance.now() - epochStart) / 1000 },
      { key: "perf/images_per_s", step: epochsDone, value: throughput },
      { key: "perf/peak_memory_mb", step: epochsDone, value: peakMemoryMb },
      { key: "perf/peak_tensor_mb", step: epochsDone, value: peak.tensorsMB },
    );
    const state: TrainingState = {
      epochsDone,
      weights: withEma(model.getWeights(), ctx.ema),
      optimizer: optimizer.getState(),
    };
    const committed = await commitEpoch(store, runId, ctx.lease, {
      epochsDone,
      points,
      checkpoint: encodeCheckpoint(state),
      throughput,
      peakMemoryMb,
      peakTensorMb: peak.tensorsMB,
    });
    if (!committed) return lostRun(ctx, epoch);
    lastBeat = Date.now();
    if (ctx.stopAfterEpochs !== undefined && epochsDone >= ctx.stopAfterEpochs && epochsDone < recipe.epochs) {
      const reason = `stopped after ${epochsDone} epoch(s) as asked; resume with: seedscope run --resume ${runId}`;
      await finishRun(store, runId, { status: "interrupted", reason, epochsDone }, ctx.lease);
      return { status: "interrupted", epochsDone, summary, reason };
    }
  }
  const collapsed = collapsedAtEnd(summary, ctx.dataset);
  await finishRun(store, runId, { status: "finished", summary, epochsDone: recipe.epochs, collapsed }, ctx.lease);
  return { status: "finished", epochsDone: recipe.epochs, summary, collapsed };
}

/** Whether the final val top-1 is within noise of chance for this dataset (see `isCollapsed`). */
function collapsedAtEnd(summary: RunSummary, dataset: Dataset): boolean {
  const val = summary.val;
  if (val?.top1 === undefined) return false;
  return isCollapsed({
    top1: val.top1,
    loss: val.loss,
    classes: dataset.numClasses,
    evaluated: dataset.splits.val.count,
  });
}

function augmentOf(ctx: LoopContext) {
  const config = augmentConfigOf(ctx.recipe);
  return ctx.dataset.horizontalFlip ? config : { ...config, hflip: false };
}

function evalOptions(ctx: LoopContext): EvaluateOptions {
  return { batchSize: ctx.evalBatchSize, testCropRatio: ctx.recipe.testCropRatio, outputSize: ctx.recipe.resolution };
}

function evaluateAll(ctx: LoopContext, points: MetricPoint[], epochsDone: number): RunSummary {
  const summary: RunSummary = {};
  const options = evalOptions(ctx);
  const record = (prefix: string, split: string, result: SplitEvaluation) => {
    points.push(
      { key: `${prefix}${split}/top1`, step: epochsDone, value: result.top1 },
      { key: `${prefix}${split}/loss`, step: epochsDone, value: result.loss },
    );
    if (result.top5 !== undefined) points.push({ key: `${prefix}${split}/top5`, step: epochsDone, value: result.top5 });
  };
  for (const split of EVAL_SPLITS) {
    const result = evaluateSplit(ctx.model, ctx.dataset, split, options);
    record("", split, result);
    summary[split] = {
      top1: result.top1,
      loss: result.loss,
      ...(result.top5 === undefined ? {} : { top5: result.top5 }),
    };
  }
  if (ctx.ema) {
    ctx.ema.withAveragedWeights(() => {
      for (const split of EVAL_SPLITS) {
        const result = evaluateSplit(ctx.model, ctx.dataset, split, options);
        record("ema/", split, result);
        summary[`ema/${split}`] = { top1: result.top1, loss: result.loss };
      }
    });
  }
  return summary;
}

function withEma(weights: Map<string, Float32Array>, ema: Ema | null): Map<string, Float32Array> {
  if (!ema) return weights;
  for (const [name, values] of ema.getWeights()) weights.set(`ema/${name}`, values);
  return weights;
}

async function diverge(ctx: LoopContext, epoch: number, globalStep: number, loss: number): Promise<LoopOutcome> {
  const reason = `training loss became ${loss} at step ${globalStep} (epoch ${epoch + 1})`;
  await finishRun(ctx.store, ctx.runId, { status: "diverged", reason, epochsDone: epoch }, ctx.lease);
  return { status: "diverged", epochsDone: epoch, summary: {}, reason };
}

async function interrupt(ctx: LoopContext, epoch: number, why: string): Promise<LoopOutcome> {
  const reason = `${why} during epoch ${epoch + 1}; resume with: seedscope run --resume ${ctx.runId}`;
  await finishRun(ctx.store, ctx.runId, { status: "interrupted", reason, epochsDone: epoch }, ctx.lease);
  return { status: "interrupted", epochsDone: epoch, summary: {}, reason };
}

function lostRun(ctx: LoopContext, epoch: number): never {
  throw new UserError(
    `run ${ctx.runId} is no longer marked running (its heartbeat expired and another process took it over) — stopped at epoch ${epoch + 1} without writing`,
  );
}
