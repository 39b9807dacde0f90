import { SeededRandom } from "@seedscope/core";
import type { AugmentConfig } from "./augment/config";
import type { Dataset } from "./dataset";
import { TrainLoader } from "./batches";

export interface ThroughputResult {
  readonly images: number;
  readonly seconds: number;
  readonly imagesPerSecond: number;
}

/** Times the training batch pipeline (augmentation, targets, mixing) over `epochs` epochs on one thread. */
export function measureTrainThroughput(
  dataset: Dataset,
  augment: AugmentConfig,
  options: { batchSize?: number; epochs?: number; outputSize?: number } = {},
): ThroughputResult {
  const loader = new TrainLoader({
    dataset,
    augment,
    batchSize: options.batchSize ?? 128,
    random: SeededRandom.fromSeed(0, "data"),
    outputSize: options.outputSize,
  });
  let images = 0;
  let checksum = 0;
  const start = process.hrtime.bigint();
  for (let epoch = 0; epoch < (options.epochs ?? 1); epoch++) {
    for (const batch of loader.epoch(epoch)) {
      images += batch.size;
      checksum += batch.images[0]!;
    }
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (!Number.isFinite(checksum)) throw new Error("non-finite pixel in the measured batches");
  return { images, seconds, imagesPerSecond: images / seconds };
}
