import type { SeededRandom } from "@seedscope/core";
import { epochOrder, TrainLoader, type TrainLoaderOptions } from "@seedscope/data";

/**
 * A second data view of the run's batches (Divide and Co-training §3.2): the epoch order comes from
 * `orderRandom` (the run's own data stream, so batch b holds the same images as the main loader's),
 * while augmentations and mixing draw from `options.random`, the view's own stream.
 */
export class ViewLoader extends TrainLoader {
  private readonly count: number;
  private readonly repeats: number;
  private cached: { epoch: number; order: Int32Array } | null = null;

  constructor(
    options: TrainLoaderOptions,
    private readonly orderRandom: SeededRandom,
  ) {
    super(options);
    this.count = options.dataset.splits[options.split ?? "train"].count;
    this.repeats = options.augment.repeatedAugmentations;
  }

  // TrainLoader reads every epoch's order through this method.
  override epochOrder(epoch: number): Int32Array {
    if (this.cached?.epoch !== epoch)
      this.cached = { epoch, order: epochOrder(this.orderRandom, epoch, this.count, this.repeats) };
    return this.cached.order;
  }
}
