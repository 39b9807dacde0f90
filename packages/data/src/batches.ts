import { UserError } from "@seedscope/core";
import type { SeededRandom, Split } from "@seedscope/core";
import type { DataSplit, Dataset, ImageShape } from "./dataset";
import { pixelsPerImage } from "./dataset";
import { NO_AUGMENTATION } from "./augment/config";
import type { AugmentConfig } from "./augment/config";
import { ImageAugmenter } from "./augment/image-augmenter";
import { applyMix, sampleMix } from "./augment/mix";
import type { MixChoice } from "./augment/mix";
import { binarizeTargets, smoothedOneHot } from "./augment/targets";
import { epochOrder, positionRandom } from "./epoch-order";

/**
 * One batch, ready to become tensors. With buffer reuse on (the default) the arrays are views on the
 * loader's buffers and are overwritten by the next batch: copy them (tf.tensor does) before asking
 * for the next one.
 */
export interface Batch {
  readonly size: number;
  /** size × H × W × C, normalized. */
  readonly images: Float32Array;
  /** size × numClasses: smoothed, mixed (and, if asked, binarized) targets; one-hot for evaluation. */
  readonly targets: Float32Array;
  /** The true class of each image (before mixing). */
  readonly labels: Int32Array;
  /** Position of each image in its split. */
  readonly indices: Int32Array;
  readonly mix: MixChoice;
}

class BatchBuffers {
  private images: Float32Array;
  private targets: Float32Array;
  private labels: Int32Array;
  private indices: Int32Array;

  constructor(
    private readonly batchSize: number,
    private readonly imageSize: number,
    private readonly numClasses: number,
    private readonly reuse: boolean,
  ) {
    this.images = new Float32Array(batchSize * imageSize);
    this.targets = new Float32Array(batchSize * numClasses);
    this.labels = new Int32Array(batchSize);
    this.indices = new Int32Array(batchSize);
  }

  /** Buffers for a batch of `size` (views when size is below the batch size). */
  take(size: number): { images: Float32Array; targets: Float32Array; labels: Int32Array; indices: Int32Array } {
    if (!this.reuse) {
      this.images = new Float32Array(this.batchSize * this.imageSize);
      this.targets = new Float32Array(this.batchSize * this.numClasses);
      this.labels = new Int32Array(this.batchSize);
      this.indices = new Int32Array(this.batchSize);
    }
    if (size === this.batchSize)
      return { images: this.images, targets: this.targets, labels: this.labels, indices: this.indices };
    return {
      images: this.images.subarray(0, size * this.imageSize),
      targets: this.targets.subarray(0, size * this.numClasses),
      labels: this.labels.subarray(0, size),
      indices: this.indices.subarray(0, size),
    };
  }
}

function checkBatchSize(batchSize: number): void {
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new UserError(`batch size must be a positive integer, got ${batchSize}`);
}

export interface TrainLoaderOptions {
  readonly dataset: Dataset;
  readonly batchSize: number;
  readonly augment: AugmentConfig;
  /** The run's data stream; never advanced (see {@link positionRandom}). */
  readonly random: SeededRandom;
  readonly split?: Split;
  /** Side of the output images; default the dataset's (short) side. */
  readonly outputSize?: number;
  /** Drop the last incomplete batch of each epoch (default true, as DeiT does). */
  readonly dropLast?: boolean;
  /** Write every batch into the same buffers (default true). */
  readonly reuseBuffers?: boolean;
}

/**
 * Training batches. Epoch e's order and batch b's augmentations depend only on (random, e, b), so a
 * run resumed at any epoch, or batch, sees exactly what the uninterrupted run saw.
 */
export class TrainLoader {
  readonly outputShape: ImageShape;
  readonly batchesPerEpoch: number;
  private readonly split: DataSplit;
  private readonly augmenter: ImageAugmenter;
  private readonly buffers: BatchBuffers;
  private readonly sourceSize: number;

  constructor(private readonly options: TrainLoaderOptions) {
    checkBatchSize(options.batchSize);
    const { dataset, augment } = options;
    this.split = dataset.splits[options.split ?? "train"];
    if (this.split.count === 0)
      throw new UserError(`dataset ${dataset.name}: split ${options.split ?? "train"} is empty`);
    this.augmenter = new ImageAugmenter(augment, dataset, options.outputSize);
    this.outputShape = this.augmenter.outputShape;
    this.sourceSize = pixelsPerImage(dataset.shape);
    const dropLast = options.dropLast ?? true;
    this.batchesPerEpoch = dropLast
      ? Math.floor(this.split.count / options.batchSize)
      : Math.ceil(this.split.count / options.batchSize);
    if (this.batchesPerEpoch === 0) {
      throw new UserError(
        `batch size ${options.batchSize} exceeds the ${this.split.count} images of the split with dropLast; lower it`,
      );
    }
    this.buffers = new BatchBuffers(
      options.batchSize,
      pixelsPerImage(this.outputShape),
      dataset.numClasses,
      options.reuseBuffers ?? true,
    );
  }

  /** The order of epoch `epoch` (positions in the split, with repeats). */
  epochOrder(epoch: number): Int32Array {
    return epochOrder(this.options.random, epoch, this.split.count, this.options.augment.repeatedAugmentations);
  }

  /** The batches of epoch `epoch`, from batch `fromBatch` on. */
  *epoch(epoch: number, fromBatch = 0): Generator<Batch, void, undefined> {
    const order = this.epochOrder(epoch);
    for (let b = fromBatch; b < this.batchesPerEpoch; b++) yield this.batchFromOrder(order, epoch, b);
  }

  /** Batch `batch` of epoch `epoch` on its own. */
  batch(epoch: number, batch: number): Batch {
    if (!Number.isInteger(batch) || batch < 0 || batch >= this.batchesPerEpoch) {
      throw new UserError(`batch must be an integer in 0..${this.batchesPerEpoch - 1}, got ${batch}`);
    }
    return this.batchFromOrder(this.epochOrder(epoch), epoch, batch);
  }

  private batchFromOrder(order: Int32Array, epoch: number, b: number): Batch {
    const { batchSize, augment, dataset } = this.options;
    const start = b * batchSize;
    const size = Math.min(batchSize, order.length - start);
    const out = this.buffers.take(size);
    const random = positionRandom(this.options.random, "augment", epoch, b);
    const imageSize = pixelsPerImage(this.outputShape);
    for (let i = 0; i < size; i++) {
      const index = order[start + i]!;
      out.indices[i] = index;
      out.labels[i] = this.split.labels[index]!;
      const image = this.split.images.subarray(index * this.sourceSize, (index + 1) * this.sourceSize);
      this.augmenter.trainInto(image, random, out.images, i * imageSize);
    }
    const k = dataset.numClasses;
    smoothedOneHot(out.labels, size, k, augment.labelSmoothing, out.targets);
    const mix = sampleMix(augment, random, this.outputShape.height, this.outputShape.width);
    applyMix(mix, out.images, out.targets, size, this.outputShape, k);
    if (augment.bceTargetThreshold !== null) binarizeTargets(out.targets, size * k, augment.bceTargetThreshold);
    return { size, ...out, mix };
  }
}

export interface EvalBatchOptions {
  readonly batchSize: number;
  /** Resize the short side to size / ratio, keep the centre; default 1 (the whole short side). */
  readonly testCropRatio?: number;
  readonly outputSize?: number;
  readonly reuseBuffers?: boolean;
}

/** The split in its stored order, evaluation view only (no randomness), one-hot targets; the last batch may be smaller. */
export function* evalBatches(
  dataset: Dataset,
  split: Split,
  options: EvalBatchOptions,
): Generator<Batch, void, undefined> {
  checkBatchSize(options.batchSize);
  const data = dataset.splits[split];
  const augmenter = new ImageAugmenter(
    { ...NO_AUGMENTATION, testCropRatio: options.testCropRatio ?? 1 },
    dataset,
    options.outputSize,
  );
  const imageSize = pixelsPerImage(augmenter.outputShape);
  const sourceSize = pixelsPerImage(dataset.shape);
  const buffers = new BatchBuffers(options.batchSize, imageSize, dataset.numClasses, options.reuseBuffers ?? true);
  for (let start = 0; start < data.count; start += options.batchSize) {
    const size = Math.min(options.batchSize, data.count - start);
    const out = buffers.take(size);
    for (let i = 0; i < size; i++) {
      const index = start + i;
      out.indices[i] = index;
      out.labels[i] = data.labels[index]!;
      augmenter.evalInto(data.images.subarray(index * sourceSize, (index + 1) * sourceSize), out.images, i * imageSize);
    }
    smoothedOneHot(out.labels, size, dataset.numClasses, 0, out.targets);
    yield { size, ...out, mix: { kind: "none", lambda: 1, box: null } };
  }
}
