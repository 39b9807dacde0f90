import { channelStats, selectImages } from "./dataset";
import type { DataSplit, Dataset, ImageShape } from "./dataset";
import { fixedStratifiedPartition } from "./partition";
import { resizeImagesU8 } from "./resample";
import { UserError } from "@seedscope/core";

/**
 * Splits a fixed, class-stratified part of `size` images off `split` (the partition depends only on
 * `salt`, never on a run seed): returns the held-out images and the rest, both in their original order.
 */
export function holdOut(
  split: DataSplit,
  shape: ImageShape,
  numClasses: number,
  size: number,
  salt: string,
): { held: DataSplit; rest: DataSplit } {
  const [held, rest] = fixedStratifiedPartition(split.labels, numClasses, [size], salt) as [Int32Array, Int32Array];
  return { held: selectImages(split, shape, held), rest: selectImages(split, shape, rest) };
}

/**
 * The dataset with its train split cut to a fixed stratified subset of `size` images (for quick
 * sweeps); val and v2 are unchanged. Independent of the run seed.
 */
export function withTrainSubset(dataset: Dataset, size: number): Dataset {
  if (size >= dataset.splits.train.count) return dataset;
  const { held } = holdOut(
    dataset.splits.train,
    dataset.shape,
    dataset.numClasses,
    size,
    `${dataset.name}/train-subset`,
  );
  return {
    ...dataset,
    name: `${dataset.name}/train${size}`,
    splits: { ...dataset.splits, train: held },
    provenance: { ...dataset.provenance, train: `${dataset.provenance.train}; fixed stratified subset of ${size}` },
  };
}

/**
 * The dataset with val and v2 each cut to a fixed stratified subset of `size` images (for quick runs:
 * evaluation stops dominating a tiny run's epochs); train is unchanged. Each split has its own salt, so
 * the subsets depend on nothing but `saltBase` and `size`, never on the run seed. A split of at most
 * `size` images stays whole. `saltBase` defaults to the dataset's name; the registry passes the name
 * from before any train subset, so that every trainSize is evaluated on the same images.
 */
export function withEvalSubset(dataset: Dataset, size: number, saltBase: string = dataset.name): Dataset {
  if (!Number.isInteger(size) || size < 1) {
    throw new UserError(`evalSize must be a positive whole number of images, got ${size}`);
  }
  const { val, v2 } = dataset.splits;
  if (size >= val.count && size >= v2.count) return dataset;
  const cut = (split: "val" | "v2"): { data: DataSplit; provenance: string } => {
    const whole = dataset.splits[split];
    const provenance = dataset.provenance[split];
    if (size >= whole.count) return { data: whole, provenance };
    const { held } = holdOut(whole, dataset.shape, dataset.numClasses, size, `${saltBase}/${split}-subset`);
    return { data: held, provenance: `${provenance}; fixed stratified subset of ${size}` };
  };
  const cutVal = cut("val");
  const cutV2 = cut("v2");
  return {
    ...dataset,
    name: `${dataset.name}/eval${size}`,
    splits: { ...dataset.splits, val: cutVal.data, v2: cutV2.data },
    provenance: { ...dataset.provenance, val: cutVal.provenance, v2: cutV2.provenance },
  };
}

/** The dataset with every image resized to resolution×resolution (area average when shrinking). */
export function withResolution(dataset: Dataset, resolution: number): Dataset {
  const { height, width, channels } = dataset.shape;
  if (!Number.isInteger(resolution) || resolution < 1) {
    throw new UserError(`resolution must be a positive integer, got ${resolution}`);
  }
  if (height === resolution && width === resolution) return dataset;
  const resize = (s: DataSplit): DataSplit => ({
    count: s.count,
    labels: s.labels,
    images: resizeImagesU8(s.images, s.count, height, width, channels, resolution, resolution),
  });
  const shape = { height: resolution, width: resolution, channels };
  const train = resize(dataset.splits.train);
  return {
    ...dataset,
    ...channelStats(train, shape),
    name: `${dataset.name}@${resolution}`,
    shape,
    splits: { train, val: resize(dataset.splits.val), v2: resize(dataset.splits.v2) },
  };
}
