import * as tf from "@tensorflow/tfjs-core";
import type { Split } from "@seedscope/core";
import { evalBatches, type Dataset } from "@seedscope/data";
import type { Model } from "@seedscope/models";

export interface SplitEvaluation {
  readonly top1: number;
  /** Only for datasets with more than 5 classes. */
  readonly top5?: number;
  /** Cross-entropy against the true labels. */
  readonly loss: number;
  readonly count: number;
}

export interface EvaluateOptions {
  readonly batchSize: number;
  readonly testCropRatio: number;
  readonly outputSize: number;
}

/** Top-1 (and top-5) accuracy in percent and mean cross-entropy of the model on a whole split. */
export function evaluateSplit(
  model: Pick<Model, "forward">,
  dataset: Dataset,
  split: Split,
  options: EvaluateOptions,
): SplitEvaluation {
  const k = dataset.numClasses;
  const { height, width, channels } = {
    height: options.outputSize,
    width: options.outputSize,
    channels: dataset.shape.channels,
  };
  let correct1 = 0;
  let correct5 = 0;
  let lossSum = 0;
  let count = 0;
  for (const batch of evalBatches(dataset, split, {
    batchSize: options.batchSize,
    testCropRatio: options.testCropRatio,
    outputSize: options.outputSize,
  })) {
    const [logitsData, lossData] = tf.tidy(() => {
      const x = tf.tensor4d(batch.images, [batch.size, height, width, channels]);
      const logits = model.forward(x, { training: false });
      const targets = tf.tensor2d(batch.targets, [batch.size, k]);
      const perSample = tf.neg(tf.sum(tf.mul(targets, tf.logSoftmax(logits)), -1));
      return [logits.dataSync() as Float32Array, perSample.dataSync() as Float32Array];
    });
    for (let i = 0; i < batch.size; i++) {
      const row = logitsData.subarray(i * k, (i + 1) * k);
      const label = batch.labels[i]!;
      const own = row[label]!;
      let above = 0;
      for (let c = 0; c < k; c++) if (row[c]! > own || (row[c] === own && c < label)) above++;
      if (above === 0) correct1++;
      if (above < 5) correct5++;
      lossSum += lossData[i]!;
    }
    count += batch.size;
  }
  return {
    top1: (100 * correct1) / count,
    ...(k > 5 ? { top5: (100 * correct5) / count } : {}),
    loss: lossSum / count,
    count,
  };
}
