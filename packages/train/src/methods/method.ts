import type * as tf from "@tensorflow/tfjs-core";
import type { MetricPoint, RunSummary, SeededRandom, Split } from "@seedscope/core";
import type { Batch, Dataset } from "@seedscope/data";
import type { ForwardOptions } from "@seedscope/models";
import type { SplitEvaluation } from "../evaluate";

/** What one optimizer step gives the method: the loader's batch, already as tensors. */
export interface StepInput {
  /** B × H × W × C images of the run's data view. */
  readonly x: tf.Tensor4D;
  /** B × classes targets (smoothed / mixed as the recipe says). */
  readonly y: tf.Tensor2D;
  readonly batch: Batch;
  /** 0-based epoch and step within it. */
  readonly epoch: number;
  readonly step: number;
  readonly stepsPerEpoch: number;
  /** The step's own random stream for `purpose`: a function of (seed, purpose, epoch, step) only, so resume is exact. */
  random(purpose: string): SeededRandom;
}

/** Anything that maps images to logits (a model, a subnetwork of it, one member of an ensemble). */
export interface Forwarder {
  forward(x: tf.Tensor4D, options: ForwardOptions): tf.Tensor2D;
}

export type SplitEvaluator = (network: Forwarder, split: Split) => SplitEvaluation;

export interface EpochReport {
  readonly points: MetricPoint[];
  /** Extra entries for the run's summary (e.g. `member/0/val`). */
  readonly summary: RunSummary;
}

/** A training method: how a step's loss is made and what is measured at an epoch's end beyond val/v2. */
export interface TrainingMethod {
  /** The step's loss. Runs inside `tf.variableGrads`, so every op here is differentiated. */
  loss(input: StepInput): tf.Scalar;
  /**
   * Extra metrics at the end of epoch `epochsDone`, after the loop has evaluated the whole model on
   * val and v2 (its results are `whole`).
   */
  endOfEpoch(epochsDone: number, evaluate: SplitEvaluator, whole: RunSummary): EpochReport;
  /** Warnings about the setup, known before the first step (e.g. a drop rate the batch cannot represent). */
  readonly notices?: readonly string[];
}

export interface MethodContext {
  readonly dataset: Dataset;
  readonly seed: number;
}

export const NO_REPORT: EpochReport = { points: [], summary: {} };

/** The metric points and summary entry of one evaluated split under `prefix` (e.g. `member/1/`). */
export function splitReport(prefix: string, split: Split, result: SplitEvaluation, epochsDone: number): EpochReport {
  const points: MetricPoint[] = [
    { key: `${prefix}${split}/top1`, step: epochsDone, value: result.top1 },
    { key: `${prefix}${split}/loss`, step: epochsDone, value: result.loss },
  ];
  if (result.top5 !== undefined) points.push({ key: `${prefix}${split}/top5`, step: epochsDone, value: result.top5 });
  const entry = { top1: result.top1, loss: result.loss, ...(result.top5 === undefined ? {} : { top5: result.top5 }) };
  return { points, summary: { [`${prefix}${split}`]: entry } };
}

export function mergeReports(reports: readonly EpochReport[]): EpochReport {
  return {
    points: reports.flatMap((r) => r.points),
    summary: Object.assign({}, ...reports.map((r) => r.summary)) as RunSummary,
  };
}
